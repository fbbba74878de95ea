"""Suppressed groups read "fewer than 10 responses" on the page and in every export:
never a number."""

import io

from openpyxl import load_workbook


def test_small_groups_show_no_number_anywhere(client, closed_area, respond, reviewer):
    # Reopen the tally: add 3 voluntary sector respondents, recompute.
    from scoring.services import surveys_latest_recompute

    for _ in range(3):
        respond(closed_area, {"RV-INT-CUL": 0, "RP-DIR": 0}, org=("voluntary_sector",),
                role=("administrative",), late=True)  # fmt: skip
    surveys_latest_recompute(surveys=[closed_area])
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    base = f"/results/{closed_area.area.programme.slug}/{closed_area.area.slug}/"
    html = client.get(base + "?statement=RV-INT-CUL").content.decode()
    row = html.split(">Third or voluntary sector</th>")[1].split("</tr>")[0]
    assert "fewer than 10 responses" in row and "relaudit-num" not in row
    book = load_workbook(io.BytesIO(client.get(base + "summary.xlsx").content))
    (vcse,) = [
        r
        for r in book["Breakdowns"].iter_rows(values_only=True)
        if r[1] == "Third or voluntary sector"
    ]
    assert vcse[2] == "fewer than 10" and set(vcse[3:]) == {None}
