"""The area report page, its CSV and its XLSX show the stored summary's figures."""

import csv
import io
import json

import pytest
from django.utils.html import escape
from openpyxl import load_workbook

from scoring.models import SurveySnapshot


@pytest.fixture
def signed_in(client, closed_area, reviewer):
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    return client


def base(survey):
    return f"/results/{survey.area.programme.slug}/{survey.area.slug}/"


def stored(survey, kind="latest"):
    return json.loads(SurveySnapshot.objects.get(survey=survey, kind=kind).summary_json)


def test_the_page_shows_every_figure_to_two_decimals_with_wording(signed_in, closed_area):
    html = signed_in.get(base(closed_area)).content.decode()
    summary = stored(closed_area)
    statements = closed_area.instrument.statements.all()
    for statement in statements:
        assert escape(statement.text) in html  # wording, never a bare code
        mean = summary["statements"][statement.code]["mean"]
        if mean is not None:
            assert f">{mean:.2f}<" in html, statement.code
    for section in ("attributes", "dimensions", "domains", "frameworks"):
        for value in summary[section].values():
            assert f"{value:.2f}" in html
    assert "RV-INT-CUL" not in html.split("<main")[1].split('name="statement"')[0]
    for framework in ("relational_value", "relational_proximity"):
        for code in summary["best"][framework] + summary["worst"][framework]:
            assert escape(statements.get(code=code).text) in html


def test_the_matrix_is_a_table_with_margins_and_says_what_is_highest(signed_in, closed_area):
    html = signed_in.get(base(closed_area)).content.decode()
    summary = stored(closed_area)
    best = max(summary["attributes"], key=lambda k: summary["attributes"][k])
    assert f"The highest-scoring attribute is <strong>{best.capitalize()}</strong>" in html
    assert "Attribute mean" in html and "Dimension mean" in html
    assert '<span class="relaudit-long">Culture</span>' in html  # "Cul" on a phone, with a key
    assert "Cul Culture;" in html


def test_the_csv_gives_the_stored_summary_to_two_decimals(signed_in, closed_area):
    text = signed_in.get(base(closed_area) + "summary.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    summary = stored(closed_area)
    for code, figures in summary["statements"].items():
        (row,) = [
            r for r in rows if r["measure"] == "mean" and r["item"] == code and not r["question"]
        ]
        assert row["value"] == ("" if figures["mean"] is None else repr(round(figures["mean"], 2)))
    wording = closed_area.instrument.statements.get(code="RV-INT-CUL").text
    assert any(r["item_label"] == wording for r in rows)


def test_the_xlsx_has_a_sheet_each_and_equals_the_stored_summary(signed_in, closed_area):
    response = signed_in.get(base(closed_area) + "summary.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Read me", "Statements", "Matrix", "Domains", "Breakdowns", "Group statements"
    ]  # fmt: skip
    summary = stored(closed_area)
    sheet = book["Statements"]
    header = [c.value for c in sheet[1]]
    by_code = {
        row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)
    }
    answered = [name for name in header if name.startswith("answered ")]
    for code, figures in summary["statements"].items():
        assert by_code[code]["mean"] == round(figures["mean"], 2)
        assert [by_code[code][name] for name in answered] == figures["distribution"]
    matrix = list(book["Matrix"].iter_rows(values_only=True))
    assert matrix[1][0] == "Integrity"
    assert matrix[1][-1] == round(summary["attributes"]["integrity"], 2)
    assert matrix[-1][-1] == round(summary["frameworks"]["relational_value"], 2)


def test_the_json_download_is_the_stored_summary(signed_in, closed_area):
    response = signed_in.get(base(closed_area) + "summary.json?snapshot=deadline")
    assert response["Content-Disposition"].startswith("attachment")
    # The stored summary, with the series and wave it belongs to (none here) added after.
    expected = {**stored(closed_area, "deadline"), "series": None, "wave": None}
    assert json.loads(response.content) == expected


def test_an_unknown_snapshot_is_not_found(signed_in, closed_area):
    assert signed_in.get(base(closed_area) + "?snapshot=yesterday").status_code == 404


def test_the_pdf_renders_the_report(signed_in, closed_area):
    response = signed_in.get(base(closed_area) + "report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 10_000
