"""An area's and a programme's summary exports say which series and wave they come from:
a new "series" and "wave" in summary.json, two new columns in summary.csv, two lines of the
XLSX Read me, each beside the keys and columns that were there before."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.wave_world import close_now, next_wave, respond_around

KEYS_BEFORE = ["area", "programme", "instrument_version", "snapshot", "computed_at"]
COLUMNS_BEFORE = [
    "area", "programme", "snapshot", "question", "group", "measure", "item", "value",
    "item_label",
]  # fmt: skip


@pytest.fixture
def waves(settings, programme, make_survey):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_around(make_survey("Halton"), count=12, level=2.0, seed=41)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    respond_around(wave.areas.get().survey, count=12, level=3.0, seed=42)
    close_now(wave)
    return programme, wave


@pytest.mark.parametrize("where", ["halton/", ""])
def test_summary_exports_name_the_series_and_the_wave(client, admin_user, waves, where):
    first, second = waves
    client.force_login(admin_user)
    for programme, number in ((first, 1), (second, 2)):
        base = f"/results/{programme.slug}/{where}"
        data = json.loads(client.get(base + "summary.json?snapshot=deadline").content)
        assert list(data)[: len(KEYS_BEFORE)] == KEYS_BEFORE
        assert (data["series"], data["wave"]) == (second.series.name, number)
        text = client.get(base + "summary.csv?snapshot=deadline").content.decode()
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0])[: len(COLUMNS_BEFORE)] == COLUMNS_BEFORE
        assert {(r["series"], r["wave"]) for r in rows} == {(second.series.name, str(number))}
        book = load_workbook(io.BytesIO(client.get(base + "summary.xlsx").content))
        rows = book["Read me"].iter_rows(values_only=True)
        readme = {row[1]: row[2] for row in rows if row[0] == "About"}
        assert readme["series"] == second.series.name
        assert str(readme["wave"]).startswith(f"{number}:")


def test_a_programme_outside_any_series_exports_no_wave(
    client, admin_user, settings, programme, make_survey
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_around(make_survey("Halton"), count=12, level=2.0, seed=43)
    close_now(programme)
    client.force_login(admin_user)
    base = f"/results/{programme.slug}/halton/"
    data = json.loads(client.get(base + "summary.json?snapshot=deadline").content)
    assert (data["series"], data["wave"]) == (None, None)
    rows = list(csv.DictReader(io.StringIO(client.get(base + "summary.csv").content.decode())))
    assert rows and {(r["series"], r["wave"]) for r in rows} == {("", "")}
