"""Every XLSX download opens on a "Read me" sheet that explains every sheet and column, the
statements' codebook, the scale and its scores, the snapshots and suppression; its data
sheets hold numbers as numbers (means to two decimals), with widths, a frozen header row
and filters."""

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from scoring.services import programme_results_publish

TEXT_COLUMNS = {"code", "statement", "framework", "attribute", "dimension", "domain",
                "polarity", "hidden because", "question", "group", "snapshot", "area",
                "comment", "respondent type", "late", "submitted_week", "organisation_type",
                "primary_role", "time_in_system", "suppressed", "respondent_type"}  # fmt: skip


@pytest.fixture
def downloads(client, closed_area, lead):
    programme_results_publish(programme=closed_area.area.programme)
    client.force_login(lead)
    area = f"/results/{closed_area.area.programme.slug}/{closed_area.area.slug}/"
    return client, [
        area + "summary.xlsx",
        area + "summary.xlsx?snapshot=deadline",
        area + "comments.xlsx",
        f"/results/{closed_area.area.programme.slug}/summary.xlsx",
        # The programme's row-level files, with the same Read me from the same codebook.
        f"/results/{closed_area.area.programme.slug}/responses.xlsx",
        f"/results/{closed_area.area.programme.slug}/comments.xlsx",
    ]


def test_every_xlsx_has_its_read_me_and_numbers_are_numbers(downloads, closed_area):
    client, urls = downloads
    statements = list(closed_area.instrument.statements.all())
    for url in urls:
        book = load_workbook(io.BytesIO(client.get(url).getvalue()))
        assert book.sheetnames[0] == "Read me", url
        readme = [tuple(r) for r in book["Read me"].iter_rows(min_row=2, values_only=True)]
        items = {(section, item) for section, item, _meaning in readme}
        for sheet in book.worksheets[1:]:
            assert ("Sheet", sheet.title) in items, (url, sheet.title)
            header = [c.value for c in sheet[1]]
            for name in header:  # every column explained under its sheet's name
                assert (sheet.title, name) in items, (url, sheet.title, name)
            assert sheet.freeze_panes in ("A2", "B2") and sheet.auto_filter.ref.startswith("A1:")
            assert all(
                sheet.column_dimensions[chr(65 + i)].width for i in range(min(len(header), 26))
            )
            for row in sheet.iter_rows(min_row=2, values_only=True):
                for name, value in zip(header, row, strict=True):
                    if name in TEXT_COLUMNS or name.startswith("statement"):
                        continue
                    if sheet.title == "Matrix" and name == "attribute":
                        continue
                    kinds = datetime if name == "submitted on" else int | float
                    assert value is None or isinstance(value, kinds), (url, name, value)
                    if isinstance(value, float):
                        assert round(value, 2) == value, (url, name, value)
        if "summary" in url:
            meanings = {item: meaning for _s, item, meaning in readme}
            for s in statements:
                assert s.text in meanings[s.code]
                assert ("negative" if s.is_negative else "positive") in meanings[s.code]
            assert "“Consistently not true”: scores 0 for a positive statement, 5 for a " \
                "negative one" in meanings["position 0"]  # fmt: skip
            for item in ("deadline", "latest", "below_threshold", "complementary"):
                assert item in meanings
            # Per-group means and distributions, in the CSV and in the sheets that hold them.
            assert "Group statements" in meanings["breakdown rows"]
            assert "Group statements" in book.sheetnames and "Breakdowns" in book.sheetnames
        elif url.endswith("/responses.xlsx"):
            meanings = {item: meaning for _s, item, meaning in readme}
            for s in statements:  # the rating columns' statements, as in the summary's
                assert s.text in meanings[s.code]
            assert ("Suppressed", "k-anonymity") in items and ("About", "audit") in items
        elif url == f"/results/{closed_area.area.programme.slug}/comments.xlsx":
            assert ("Quoting", "respondent_type") in items and ("About", "audit") in items
        else:
            assert ("Snapshot", "deadline") in items and ("Quoting", "respondent type") in items
