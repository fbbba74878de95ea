"""Suppressed groups read "fewer than 10 respondents" on the page and show no figure in
any export: never a number, never text in a numeric column."""

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
    assert "Fewer than 10 respondents" in row and "relaudit-num" not in row
    book = load_workbook(io.BytesIO(client.get(base + "summary.xlsx").content))
    header, *rows = book["Breakdowns"].iter_rows(values_only=True)
    (vcse,) = [
        dict(zip(header, r, strict=True)) for r in rows if r[1] == "Third or voluntary sector"
    ]
    assert vcse["hidden because"] == "below_threshold"
    assert {
        vcse[name] for name in header[header.index("respondents") :] if name != "hidden because"
    } == {None}
