"""Coded passages as CSV and XLSX for analysts: passage, codes, coder, area and respondent
type as quotes show it; formula-safe; never a hidden comment."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from surveys.models import Response
from surveys.services import comment_moderate
from tests.coding_fixtures import code_directly, comments_of

FORMULA = '=HYPERLINK("http://evil.example","click") is what someone typed'


def test_passages_are_exported_safely_with_codes_coder_area_and_type(
    client, coding_area, analyst, lead
):
    comments = comments_of(coding_area)
    Response.objects.filter(pk=comments[0].pk).update(comment=FORMULA)
    comments[0].refresh_from_db()
    code_directly(comments[0], ["statement:RV-TRU-CUL", "barrier"], analyst)
    code_directly(comments[1], ["statement:RV-INT-VIS"], lead, 0, 15)
    code_directly(comments[2], ["statement:RV-INT-TEC"], analyst)
    comment_moderate(response=comments[2], hidden=True, redacted="")

    client.force_login(analyst)
    url = reverse("coding_passages_csv", args=[coding_area.area.programme.slug])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    assert [r["passage"] for r in rows] == ["'" + FORMULA, comments[1].comment[:15]]
    first = rows[0]
    assert first["comment"] == f"comment-{comments[0].pk}"
    assert first["area"] == "Stockport"
    assert first["coder"] == "analyst"
    assert set(first["codes"].split("; ")) == {
        "We can be open and honest in our dealings with each other.",
        "Barrier",
    }
    assert first["respondent type"] == (
        "Direct service delivery (health or social care practitioner), health provider"
    )
    assert rows[1]["coder"] == "lead"

    xlsx = client.get(reverse("coding_passages_xlsx", args=[coding_area.area.programme.slug]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Read me", "Coded passages"]  # as every XLSX (scoring.codebook)
    values = [row for row in book["Coded passages"].iter_rows(values_only=True)]
    assert values[0][:3] == ("comment", "area", "passage")
    explained = {
        (sheet, item): meaning
        for sheet, item, meaning in book["Read me"].iter_rows(min_row=2, values_only=True)
    }
    assert all(explained.get(("Coded passages", name)) for name in values[0])
    assert values[1][2] == "'" + FORMULA and len(values) == 3
