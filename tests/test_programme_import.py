import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from surveys.models import Area, Programme, Survey

CSV = """area,opens_at,closes_at,late_until,sent_to
Halton,2026-01-05,2026-01-19T17:00:00+00:00,2026-01-22,25
Bracknell Forest,2026-01-12T09:00,2026-01-26T17:00,,43
"""


def run(tmp_path, text, *args):
    path = tmp_path / "areas.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("programme_import", str(path), "--programme", "Reviews 2026", *args, stdout=out)
    return out.getvalue()


def test_import_creates_areas_and_surveys_and_prints_links_and_codes(db, tmp_path):
    output = run(tmp_path, CSV)
    halton = Survey.objects.get(area__name="Halton")
    assert halton.area.programme.name == "Reviews 2026"
    assert halton.area.sent_to == 25
    assert halton.closes_at.isoformat() == "2026-01-19T17:00:00+00:00"
    assert halton.late_until.date().isoformat() == "2026-01-22"
    assert halton.randomise_order is True
    assert Survey.objects.get(area__name="Bracknell Forest").late_until is None
    assert halton.link in output
    assert halton.formatted_access_code in output
    assert halton.link.startswith("http")


def test_json_output_lists_area_slug_url_and_code(db, tmp_path):
    rows = json.loads(run(tmp_path, CSV, "--json"))
    assert [set(row) for row in rows] == [{"area", "slug", "url", "code"}] * 2
    survey = Survey.objects.get(area__slug=rows[1]["slug"])
    assert rows[1] == {
        "area": "Bracknell Forest",
        "slug": "bracknell-forest",
        "url": survey.link,
        "code": survey.formatted_access_code,
    }


def test_importing_again_updates_dates_and_keeps_links(db, tmp_path):
    first = json.loads(run(tmp_path, CSV, "--json"))
    second = json.loads(
        run(tmp_path, CSV.replace("2026-01-26T17:00", "2026-02-02T17:00"), "--json")
    )
    assert first == second  # same links and codes
    assert Survey.objects.count() == 2
    assert Survey.objects.get(area__slug="bracknell-forest").closes_at.month == 2


@pytest.mark.parametrize(
    "bad_row,message",
    [
        ("York,not-a-date,2026-02-01,,10", "Row 3 (York): opens_at 'not-a-date'"),
        ("York,2026-02-01,2026-01-01,,10", "Row 3 (York): closes_at must be after opens_at"),
        ("York,2026-01-01,2026-02-01,2026-01-15,10", "late_until must not be before closes_at"),
        ("York,2026-01-01,2026-02-01,,many", "sent_to 'many' is not a whole number"),
        (",2026-01-01,2026-02-01,,10", "Row 3 (no area): the area name is empty"),
        ("Halton,2026-01-01,2026-02-01,,10", "area 'Halton' appears twice"),
    ],
)
def test_an_invalid_row_is_named_and_nothing_is_imported(db, tmp_path, bad_row, message):
    text = (
        "area,opens_at,closes_at,late_until,sent_to\nHalton,2026-01-05,2026-01-19,,25\n" + bad_row
    )
    with pytest.raises(CommandError) as error:
        run(tmp_path, text + "\n")
    assert message in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert not Programme.objects.exists()
    assert not Area.objects.exists()


def test_a_file_without_the_required_columns_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="area,opens_at,closes_at"):
        run(tmp_path, "name,start,end\nHalton,2026-01-01,2026-02-01\n")
