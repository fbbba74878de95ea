"""The counts the trend pages compare are stored with each deadline snapshot when it is
written: the same counts its summary shows, nothing an area's suppression hides, and the
change pages read the same figures from them as from the summary text itself."""

import pytest

from scoring.models import SurveySnapshot
from scoring.reader import summary_parse
from scoring.tallies import DEADLINE
from scoring.wave_changes import shown_counts
from scoring.wave_programme import programme_changes
from scoring.wave_reading import deadline_counts
from tests.wave_world import area, close_now, next_wave, respond_around


@pytest.fixture
def waves(settings, programme, make_survey):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_around(make_survey("Halton"), count=30, level=1.8, seed=31)
    respond_around(make_survey("Wigan"), count=5, level=2.0, seed=32)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    respond_around(area(wave, "Halton").survey, count=25, level=3.0, seed=33)
    respond_around(area(wave, "Wigan").survey, count=20, level=2.0, seed=34)
    close_now(wave)
    return programme, wave


def _deadline(programme, name) -> SurveySnapshot:
    return SurveySnapshot.objects.get(survey__area=area(programme, name), kind=DEADLINE)


def test_a_snapshot_stores_the_counts_its_summary_shows(waves):
    programme, _wave = waves
    halton = _deadline(programme, "Halton")
    shown = shown_counts(summary_parse(halton.summary_json))
    assert shown and halton.shown_counts == {
        "responses": 30,
        "statements": {code: list(counts) for code, counts in shown.items()},
    }


def test_an_area_below_the_threshold_stores_no_counts(waves):
    programme, _wave = waves
    assert _deadline(programme, "Wigan").shown_counts == {"responses": 5, "statements": None}


def test_the_change_page_reads_the_same_figures_with_or_without_stored_counts(waves):
    _programme, wave = waves
    ids = list(SurveySnapshot.objects.values_list("survey__area_id", flat=True))
    stored, page = deadline_counts(area_ids=ids), programme_changes(programme=wave)
    SurveySnapshot.objects.update(shown_counts=None)
    assert deadline_counts(area_ids=ids) == stored
    again = programme_changes(programme=wave)
    assert [[c.text for c in row.cells] for row in again.rows] == [
        [c.text for c in row.cells] for row in page.rows
    ]
    wigan = next(row for row in page.rows if row.area_name == "Wigan")
    assert {c.tag for c in wigan.cells} == {"hidden"}
