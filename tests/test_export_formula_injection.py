"""Text a respondent typed cannot run as a formula in the comments exports (area and
programme), and the row export carries no free text at all."""

import csv
import io

from openpyxl import load_workbook

from scoring.services import surveys_close_due

FORMULA = '=HYPERLINK("http://x","y")'


def test_comments_and_other_roles_are_neutralised_in_csv_and_xlsx(
    client, due_survey, respond, lead
):
    respond(due_survey, {"RV-INT-CUL": 2}, comment=FORMULA, role=("other",))
    for _ in range(9):  # an area of 10: the programme's files hold only such areas
        respond(due_survey, {"RV-INT-CUL": 3})
    from surveys.models import Response

    Response.objects.update(primary_role_other=FORMULA)
    surveys_close_due()
    client.force_login(lead)
    area = f"/results/{due_survey.area.programme.slug}/{due_survey.area.slug}/"
    programme = f"/results/{due_survey.area.programme.slug}/"
    for url in (area + "comments.csv", programme + "comments.csv"):
        cells = [
            c for row in csv.reader(io.StringIO(client.get(url).content.decode())) for c in row
        ]
        assert "'" + FORMULA in cells and FORMULA not in cells, url
    for url in (area + "comments.xlsx", programme + "comments.xlsx"):
        book = load_workbook(io.BytesIO(client.get(url).content))
        cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
        assert "'" + FORMULA in cells and FORMULA not in cells, url
        assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    # The written "other" role and the comment are not in the response rows at all.
    rows = client.get(programme + "responses.csv").getvalue().decode()
    assert "HYPERLINK" not in rows
