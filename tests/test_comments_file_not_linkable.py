"""The programme's comments are a file of their own that cannot be joined to the response
rows: no id, no day, no order of arrival, and a respondent type only where that role and
organisation type are held together, in the area, by at least the threshold."""

from openpyxl import load_workbook

from scoring.services import surveys_close_due, surveys_latest_recompute

from .row_data import add_response, area_with_survey, csv_rows


def test_comments_carry_nothing_to_join_them_to_ratings(
    client, programme, instrument, lead, settings
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    halton = area_with_survey(programme, instrument, "Halton")
    small = area_with_survey(programme, instrument, "Bury")
    # Every role and organisation type here is a shown group (10 or more), but not every
    # combination: voluntary sector with "other" role is one person.
    for i in range(11):
        add_response(halton, org="health_provider", role="administrative",
                     comment=f"Comment {'zyxw'[i]}" if i < 4 else "")  # fmt: skip
    add_response(halton, org="voluntary_sector", role="other", comment="Alone in my group")
    for _ in range(9):
        add_response(halton, org="health_provider", role="other")
        add_response(halton, org="voluntary_sector", role="administrative")
    for _ in range(3):
        add_response(small, comment="From a small area")
    surveys_close_due()
    add_response(halton, late=True, comment="Late and waiting")
    surveys_latest_recompute(surveys=[halton])

    client.force_login(lead)
    rows = csv_rows(client, f"/results/{programme.slug}/comments.csv")
    assert list(rows[0]) == ["area", "comment", "respondent_type", "written_role", "recoded_role"]
    texts = [row["comment"] for row in rows if row["comment"]]
    assert texts == sorted(texts, key=str.casefold)  # alphabetical, not by arrival
    assert "From a small area" not in texts and "Late and waiting" not in texts
    by_text = {row["comment"]: row["respondent_type"] for row in rows}
    assert by_text["Comment z"] == "Administrative, health provider"  # 11 hold it together
    assert by_text["Alone in my group"] == ""
    book = load_workbook(__import__("io").BytesIO(
        client.get(f"/results/{programme.slug}/comments.xlsx").content
    ))  # fmt: skip
    assert book.sheetnames == ["Read me", "Comments"]  # every XLSX opens on its Read me
