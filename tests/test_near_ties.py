"""Best and worst statements flag near-ties: two means shown to two decimals that are equal
or 0.01 apart are "tied", and a listed statement tied with one left out of the list says
so (the programme's third-worst 2.48 against 2.49); where many are tied, three are named
and the rest counted, so the key findings still fit the PDF's first page."""

import io
import json

from pypdf import PdfReader

from scoring.models import SurveySnapshot
from surveys.models import RATING_CODES


def test_the_third_worst_is_flagged_tied_with_the_fourth(client, closed_area, reviewer):
    snapshot = SurveySnapshot.objects.get(survey=closed_area, kind="latest")
    summary = json.loads(snapshot.summary_json)
    means = dict.fromkeys((c for c in RATING_CODES if c.startswith("RV")), 3.0)
    means |= {"RV-INT-CUL": 1.0, "RV-INT-VIS": 1.5, "RV-INT-PEO": 2.481, "RV-INT-PRO": 2.4899}
    for code, mean in means.items():
        summary["statements"][code]["mean"] = mean
    snapshot.summary_json = json.dumps(summary)
    snapshot.save()
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    page = client.get(f"/results/{closed_area.area.programme.slug}/{closed_area.area.slug}/")
    html = page.content.decode()
    worst = html.split("Worst relational value statements</h3>")[1].split("</ol>")[0]
    third = worst.split("<li>")[3]
    statements = {s.code: s.text for s in closed_area.instrument.statements.all()}
    assert statements["RV-INT-PEO"] in third and "2.48" in third
    assert "tied" in third
    assert statements["RV-INT-PRO"].replace("'", "&#x27;") in third and "2.49, not listed" in third
    first = worst.split("<li>")[1]
    assert "tied" not in first  # 1.00 is alone


def test_many_ties_are_counted_not_listed_and_the_pdf_still_renders(client, closed_area, reviewer):
    snapshot = SurveySnapshot.objects.get(survey=closed_area, kind="latest")
    summary = json.loads(snapshot.summary_json)
    for code in RATING_CODES:  # every statement 2.50: each is tied with every other
        summary["statements"][code]["mean"] = 2.5
    snapshot.summary_json = json.dumps(summary)
    snapshot.save()
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    base = f"/results/{closed_area.area.programme.slug}/{closed_area.area.slug}/"
    html = client.get(base).content.decode()
    best = html.split("Best relational value statements</h3>")[1].split("</ol>")[0]
    first = best.split("<li>")[1]
    assert first.count("not listed") == 3 + 1  # three named, then the rest counted
    assert "and 24 more statements not listed." in first  # 30 - the 3 listed - 3 named
    pdf = client.get(base + "report.pdf")  # one tie list longer than a page broke it
    first_page = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Key findings" in first_page and "24 more statements not listed" in first_page
