"""Text a respondent typed cannot run as a formula in the comments and response exports."""

import csv
import io

from openpyxl import load_workbook

from scoring.services import surveys_close_due

FORMULA = '=HYPERLINK("http://x","y")'


def test_comments_and_other_roles_are_neutralised_in_csv_and_xlsx(
    client, due_survey, respond, lead
):
    respond(due_survey, {"RV-INT-CUL": 2}, comment=FORMULA, role=("other",))
    from surveys.models import Response

    Response.objects.update(primary_role_other=FORMULA)
    surveys_close_due()
    client.force_login(lead)
    area = f"/results/{due_survey.area.programme.slug}/{due_survey.area.slug}/"
    programme = f"/results/{due_survey.area.programme.slug}/"
    for url in (area + "comments.csv", programme + "responses.csv"):
        cells = [
            c for row in csv.reader(io.StringIO(client.get(url).content.decode())) for c in row
        ]
        assert "'" + FORMULA in cells and FORMULA not in cells, url
    for url in (area + "comments.xlsx", programme + "responses.xlsx"):
        book = load_workbook(io.BytesIO(client.get(url).content))
        cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
        assert "'" + FORMULA in cells and FORMULA not in cells, url
        assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
