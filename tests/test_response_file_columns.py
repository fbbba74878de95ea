"""The programme's response file gives, per statement, the answer position and the score (a
negative statement's score is 5 - position), and one 0/1 column per option of the "about
you" questions. Written "other" roles are not in it: they are in the comments file, on rows
of their own beside the role a lead recoded them to. New cells are formula-safe, and the
Read me explains every new column."""

import csv
import io

from openpyxl import load_workbook

from scoring.services import surveys_close_due
from surveys.models import RATING_CODES, Response

from .row_data import add_response, area_with_survey, csv_rows

FORMULA = '=HYPERLINK("http://x","y")'


def position_of(code: str, rating: int) -> int:
    return (rating + RATING_CODES.index(code)) % 6  # as add_response rates


def test_each_statement_has_its_position_and_score_and_each_option_a_column(
    client, programme, instrument, lead, settings
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    halton = area_with_survey(programme, instrument, "Halton")
    for _ in range(12):
        add_response(halton, org="health_provider,voluntary_sector", role="senior_executive",
                     time="over_3_years", rating=1)  # fmt: skip
    surveys_close_due()
    client.force_login(lead)
    base = f"/results/{programme.slug}/"
    rows = csv_rows(client, base + "responses.csv")
    assert len(rows) == 12
    row = rows[0]
    negative, positive = "RP-DIR", "RV-INT-CUL"  # "RP-DIR" is negatively worded
    assert row[f"{negative}_position"] == str(position_of(negative, 1))
    assert row[f"{negative}_score"] == str(5 - position_of(negative, 1))
    assert row[f"{positive}_position"] == row[f"{positive}_score"] == str(position_of(positive, 1))
    assert negative not in row and positive not in row  # no column that says neither
    assert row["organisation_type"] == "multiple"
    ticks = {name: value for name, value in row.items() if name.startswith("organisation_type_")}
    assert ticks == {
        "organisation_type_health_commissioner": "0",
        "organisation_type_health_provider": "1",
        "organisation_type_social_care_commissioner": "0",
        "organisation_type_social_care_provider": "0",
        "organisation_type_voluntary_sector": "1",
        "organisation_type_other": "0",
    }
    assert row["primary_role_senior_executive"] == "1" and row["primary_role_other"] == "0"
    assert row["time_in_system_over_3_years"] == "1" and row["time_in_system_under_1_year"] == "0"

    book = load_workbook(io.BytesIO(client.get(base + "responses.xlsx").getvalue()))
    sheet = book["Responses"]
    header = [cell.value for cell in sheet[1]]
    first = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert first[f"{negative}_score"] == 5 - position_of(negative, 1)  # a number
    assert first["organisation_type_voluntary_sector"] == 1
    meanings = {
        (s, item): m for s, item, m in book["Read me"].iter_rows(min_row=2, values_only=True)
    }
    for name in header:  # every column explained, the new ones included
        assert meanings[("Responses", name)], name
    assert "5 - position" in meanings[("Responses", f"{negative}_score")]
    assert "Negatively worded" in meanings[("Responses", f"{negative}_score")]
    assert "Positively worded" in meanings[("Responses", f"{positive}_score")]
    assert (
        "“Third or voluntary sector”"
        in meanings[("Responses", "organisation_type_voluntary_sector")]
    )
    assert "0/1" in meanings[("Suppressed", "k-anonymity")]


def test_written_roles_are_only_in_the_comments_file_on_rows_of_their_own(
    client, programme, instrument, lead, settings
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    halton = area_with_survey(programme, instrument, "Halton")
    for i in range(12):
        add_response(halton, org="health_provider", role="other",
                     comment="Slow discharge." if i == 0 else "")  # fmt: skip
    Response.objects.filter(survey=halton).update(primary_role_other="Porter")
    first = Response.objects.filter(survey=halton).order_by("pk")
    Response.objects.filter(pk=first[0].pk).update(primary_role_other=FORMULA)
    Response.objects.filter(pk__in=[r.pk for r in first[1:4]]).update(
        primary_role_recoded="administrative"
    )
    surveys_close_due()
    client.force_login(lead)
    base = f"/results/{programme.slug}/"

    responses = client.get(base + "responses.csv").getvalue().decode()
    assert "Porter" not in responses and "HYPERLINK" not in responses
    rows = csv_rows(client, base + "comments.csv")
    assert [(r["comment"], r["written_role"]) for r in rows if r["comment"]] == [
        ("Slow discharge.", "")  # never beside the role its respondent wrote
    ]
    written = [(r["written_role"], r["recoded_role"], r["respondent_type"]) for r in rows
               if r["written_role"]]  # fmt: skip
    assert (
        written
        == [("'" + FORMULA, "", "")]
        + [("Porter", "", "")] * 8
        + [("Porter", "administrative", "")] * 3
    )
    book = load_workbook(io.BytesIO(client.get(base + "comments.xlsx").getvalue()))
    cells = [c for sheet in book for r in sheet.iter_rows(values_only=True) for c in r]
    assert "'" + FORMULA in cells and FORMULA not in cells
    readme = {item for _s, item, _m in book["Read me"].iter_rows(min_row=2, values_only=True)}
    assert {"written_role", "recoded_role"} <= readme


def test_new_columns_are_formula_safe(client, programme, instrument, lead, settings):
    """Answers reach the file only from the form's options, but whatever is stored is
    written safely: a stored "=1+1" is not run by a spreadsheet."""
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    halton = area_with_survey(programme, instrument, "Halton")
    for _ in range(10):
        add_response(halton, org="health_provider", role="administrative")
    surveys_close_due()
    Response.objects.update(organisation_type="=1+1", primary_role_recoded="@SUM(A1)")
    client.force_login(lead)
    base = f"/results/{programme.slug}/"
    text = client.get(base + "responses.csv").getvalue().decode()
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'=1+1" in cells and "'@SUM(A1)" in cells
    assert not any(c.startswith(("=", "@")) for c in cells)
    book = load_workbook(io.BytesIO(client.get(base + "responses.xlsx").getvalue()))
    cells = [c for r in book["Responses"].iter_rows(values_only=True) for c in r]
    assert "'=1+1" in cells and not any(isinstance(c, str) and c[:1] in "=@" for c in cells)
