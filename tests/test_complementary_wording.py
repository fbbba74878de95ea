"""A group hidden as a complement (so that a smaller one cannot be worked out) may be of any
size: no page or download says it has "fewer than 10", and its reason is given instead."""

import csv
import io
import json

from openpyxl import load_workbook

from scoring.services import surveys_close_due


def test_a_complementary_group_never_claims_fewer_than_ten(
    client, settings, due_survey, respond, reviewer
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    for org, count in (("health_provider", 30), ("social_care_provider", 19),
                       ("voluntary_sector", 5)):  # fmt: skip
        for _ in range(count):
            respond(due_survey, {"RV-INT-CUL": 3}, org=(org,), time=("over_3_years",))
    surveys_close_due()
    due_survey.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    base = f"/results/{due_survey.area.programme.slug}/{due_survey.area.slug}/"

    summary = json.loads(client.get(base + "summary.json").content)
    scp = summary["breakdowns"]["organisation_type"]["social_care_provider"]
    assert scp["suppressed_reason"] == "complementary" and scp["n_bracket"] is None
    vcse = summary["breakdowns"]["organisation_type"]["voluntary_sector"]
    assert vcse["suppressed_reason"] == "below_threshold" and vcse["n_bracket"] == "<10"

    html = client.get(base).content.decode()
    row = html.split(">Social care provider</th>")[1].split("</tr>")[0]
    assert "Hidden so that a smaller group cannot be worked out" in row
    assert "fewer than" not in row.lower()
    rows = list(csv.DictReader(io.StringIO(client.get(base + "summary.csv").content.decode())))
    mine = [r for r in rows if r["group"] == "social_care_provider"]
    assert {r["measure"] for r in mine} >= {"n", "suppressed_reason"}
    assert "n_bracket" not in {r["measure"] for r in mine}
    assert not any("fewer" in r["value"] or "<" in r["value"] for r in mine)
    book = load_workbook(io.BytesIO(client.get(base + "summary.xlsx").content))
    header, *body = book["Breakdowns"].iter_rows(values_only=True)
    (line,) = [dict(zip(header, r, strict=True)) for r in body if r[1] == "Social care provider"]
    assert line["hidden because"] == "complementary" and line["respondents"] is None
