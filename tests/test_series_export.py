"""The series' responses.csv: each wave's exported rows (the programme file's, under its
disclosure rules) with the wave and the area's lineage in front; only waves the person
leads; a small area left out in every wave."""

import csv
import io

import pytest

from scoring.row_export import responses_table
from surveys.wave_services import area_lineage_set
from tests.wave_world import area, close_now, next_wave, respond_around


@pytest.fixture
def waves(settings, programme, make_survey, lead):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    for name, count in (("Halton", 20), ("Wigan", 15), ("Wirral", 6)):
        respond_around(make_survey(name), count=count, level=2.0, seed=count)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    area_lineage_set(
        area=area(wave, "Wigan"), predecessors=[area(programme, "Wigan"), area(programme, "Wirral")]
    )
    for name, count in (("Halton", 12), ("Wigan", 25), ("Wirral", 3)):
        respond_around(area(wave, name).survey, count=count, level=2.5, seed=100 + count)
    close_now(wave)
    return programme, wave


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_one_row_per_exported_response_with_wave_and_lineage(client, waves, lead):
    programme, wave = waves
    client.force_login(lead)
    rows = rows_of(client.get(f"/results/{wave.slug}/series-responses.csv"))
    per_wave = [list(responses_table(programme=p).rows) for p in (programme, wave)]
    assert len(rows) == sum(len(r) for r in per_wave) == 20 + 15 + 12 + 25
    assert {(r["wave"], r["area"]) for r in rows} == {
        ("1", "halton"), ("1", "wigan"), ("2", "halton"), ("2", "wigan"),
    }  # fmt: skip
    lineage = {(r["wave"], r["area"]): r["area_lineage"] for r in rows}
    assert lineage["2", "wigan"] == "wigan+wirral" and lineage["2", "halton"] == "halton"
    assert lineage["1", "halton"] == ""
    # After the two added columns, exactly the programme file's columns and values.
    columns = list(responses_table(programme=wave).columns)
    assert list(rows[0])[2:] == columns
    second = [[r[c] for c in columns] for r in rows if r["wave"] == "2"]
    assert second == [["" if v is None else str(v) for v in row] for row in per_wave[1]]


def test_only_the_waves_the_person_leads(client, waves, lead):
    programme, wave = waves
    programme.leads.remove(lead)
    client.force_login(lead)
    rows = rows_of(client.get(f"/results/{wave.slug}/series-responses.csv"))
    assert {r["wave"] for r in rows} == {"2"}
