"""Change since the last wave against an independent computation from the response rows
(SciPy's Welch test and Benjamini-Hochberg), a reworded statement, and lineage across a
merger and a split."""

import numpy as np
import pytest
from scipy import stats

from scoring.wave_reading import area_since_last_wave
from surveys.models import RATING_CODES, Area, Instrument, Response, Survey, rating_field
from surveys.wave_services import (
    area_lineage_set,
    comparable_wording_mark,
    instrument_version_reword,
)
from tests.comparison_world import NEGATIVE, add_response
from tests.wave_world import area, close_now, next_wave

INFRASTRUCTURE = [c for c in RATING_CODES if c.endswith("-INF")]


def respond_alike(survey, *, count, level, seed):
    """Respondents who each give one score to every statement (drawn around `level`), so
    that a pooled measure's respondent means are exactly what the page's interval counts."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        score = int(np.clip(round(rng.normal(level, 1.2)), 0, 5))
        add_response(survey, {c: 5 - score if c in NEGATIVE else score for c in RATING_CODES})


def respondent_means(survey, codes):
    """Each respondent's mean score over `codes`, from the rows."""
    means = []
    for response in Response.objects.filter(survey=survey):
        scores = [
            5 - getattr(response, rating_field(c))
            if c in NEGATIVE
            else getattr(response, rating_field(c))
            for c in codes
        ]
        means.append(np.mean(scores))
    return np.array(means)


@pytest.fixture
def two_waves(settings, programme, make_survey):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    first = make_survey("Halton")
    respond_alike(first, count=40, level=2.0, seed=1)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    respond_alike(area(wave, "Halton").survey, count=35, level=2.9, seed=2)
    close_now(wave)
    return programme, wave


def test_changes_match_scipy_welch_and_benjamini_hochberg(two_waves):
    programme, wave = two_waves
    since = area_since_last_wave(area=area(wave, "Halton"))
    assert since.basis == f"Compared with Halton in {programme.name}."
    before_survey = area(programme, "Halton").survey
    after_survey = area(wave, "Halton").survey
    by_key = {c.key: c for c in since.changes}
    p_values = {}
    for key, change in by_key.items():
        codes = change.measure.codes
        before = respondent_means(before_survey, codes)
        after = respondent_means(after_survey, codes)
        test = stats.ttest_ind(after, before, equal_var=False)
        interval = test.confidence_interval(0.95)
        assert change.before == pytest.approx(before.mean())
        assert change.after == pytest.approx(after.mean())
        assert change.difference == pytest.approx(after.mean() - before.mean())
        assert change.ci_low == pytest.approx(interval.low, rel=1e-6)
        assert change.ci_high == pytest.approx(interval.high, rel=1e-6)
        p_values[key] = test.pvalue
    adjusted = stats.false_discovery_control(list(p_values.values()), method="bh")
    for key, q in zip(p_values, adjusted, strict=True):
        change = by_key[key]
        expected = "no clear change"
        if q <= 0.05:
            expected = "improved" if change.difference > 0 else "declined"
        assert change.tag == expected, key
    assert since.improved and since.improved[0].tag == "improved"
    assert {c.tag for c in since.changes} == {"improved"}  # a full point higher


def test_a_reworded_statement_is_not_compared_until_a_lead_marks_it(
    settings, programme, make_survey, instrument, lead
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_alike(make_survey("Halton"), count=20, level=2.0, seed=3)
    close_now(programme)
    reworded = instrument_version_reword(
        instrument=instrument,
        version="2027-01",
        rewordings={"RV-INT-INF": "Shared records help us"},
    )
    wave = next_wave(programme, "Second run", instrument=reworded)
    respond_alike(area(wave, "Halton").survey, count=20, level=2.5, seed=4)
    close_now(wave)
    since = area_since_last_wave(area=area(wave, "Halton"))
    tags = {c.key: c.tag for c in since.changes}
    assert tags["RV-INT-INF"] == "wording changed"
    assert since.wording_changed == (("RV-INT-INF", "Shared records help us"),)
    # The measures pooling it have no trend either; the others are compared.
    assert tags["integrity"] == tags["infrastructure"] == "wording changed"
    assert tags["relational_value"] == "wording changed"
    assert tags["RV-INT-CUL"] != "wording changed"
    assert tags["respect"] != "wording changed"
    comparable_wording_mark(
        statement=reworded.statements.get(code="RV-INT-INF"),
        earlier=instrument.statements.get(code="RV-INT-INF"),
        comparable=True,
        by=lead,
    )
    since = area_since_last_wave(area=area(wave, "Halton"))
    assert {c.key: c.tag for c in since.changes}["RV-INT-INF"] != "wording changed"
    assert since.wording_changed == ()


def test_the_instrument_stored_with_the_responses_decides_not_the_surveys(
    settings, programme, make_survey, instrument
):
    """A wave whose survey now points at a reworded version but whose responses were given
    on the old wording compares as the old wording."""
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_alike(make_survey("Halton"), count=20, level=2.0, seed=5)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    respond_alike(area(wave, "Halton").survey, count=20, level=2.5, seed=6)
    close_now(wave)
    reworded = instrument_version_reword(
        instrument=instrument, version="2027-02", rewordings={"RV-INT-INF": "Changed later"}
    )
    Survey.objects.filter(area__programme=wave).update(instrument=reworded)
    since = area_since_last_wave(area=area(wave, "Halton"))
    assert {c.key: c.tag for c in since.changes}["RV-INT-INF"] != "wording changed"
    assert Instrument.objects.filter(version="2027-02").exists()


def test_a_merger_is_compared_with_its_predecessors_pooled_and_labelled(
    settings, programme, make_survey
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_alike(make_survey("Wirral"), count=15, level=1.5, seed=7)
    respond_alike(make_survey("Cheshire"), count=25, level=3.0, seed=8)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    merged = area(wave, "Cheshire")
    merged.name = "Cheshire and Wirral"
    merged.save()
    area_lineage_set(
        area=merged, predecessors=[area(programme, "Wirral"), area(programme, "Cheshire")]
    )
    area(wave, "Wirral").survey.delete()
    area(wave, "Wirral").delete()
    respond_alike(merged.survey, count=30, level=2.5, seed=9)
    close_now(wave)
    since = area_since_last_wave(area=merged)
    assert "merged predecessors Cheshire and Wirral" in since.basis
    pooled = np.concatenate(
        [
            respondent_means(area(programme, name).survey, ["RV-INT-CUL"])
            for name in ("Wirral", "Cheshire")
        ]
    )
    statement = next(c for c in since.changes if c.key == "RV-INT-CUL")
    assert statement.before == pytest.approx(pooled.mean())


def test_a_split_names_the_area_it_came_from(settings, programme, make_survey):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_alike(make_survey("Lancashire"), count=30, level=2.0, seed=10)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    north = area(wave, "Lancashire")
    north.name = "North Lancashire"
    north.save()
    south = Area.objects.create(programme=wave, name="South Lancashire", slug="south-lancashire")
    Survey.objects.create(
        area=south,
        instrument=north.survey.instrument,
        opens_at=north.survey.opens_at,
        closes_at=north.survey.closes_at,
    )
    area_lineage_set(area=south, predecessors=[area(programme, "Lancashire")], note="split")
    respond_alike(north.survey, count=12, level=2.5, seed=11)
    respond_alike(south.survey, count=12, level=2.5, seed=12)
    close_now(wave)
    for part, other in ((north, "South Lancashire"), (south, "North Lancashire")):
        since = area_since_last_wave(area=part)
        assert "Compared with Lancashire" in since.basis and "split" in since.basis
        assert other in since.basis


def test_a_hidden_predecessor_hides_the_merged_change(settings, programme, make_survey):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_alike(make_survey("Wirral"), count=9, level=1.5, seed=13)
    respond_alike(make_survey("Cheshire"), count=25, level=3.0, seed=14)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    merged = area(wave, "Cheshire")
    area_lineage_set(
        area=merged, predecessors=[area(programme, "Wirral"), area(programme, "Cheshire")]
    )
    respond_alike(merged.survey, count=30, level=2.5, seed=15)
    close_now(wave)
    since = area_since_last_wave(area=merged)
    assert {c.tag for c in since.changes} == {"hidden"}
    assert all(c.before is None and c.difference is None for c in since.changes)
    assert since.groups == ()


@pytest.mark.parametrize("head", [16_000, 300])
def test_the_heatmaps_reading_of_stored_summaries_matches_a_full_parse(
    settings, programme, make_survey, monkeypatch, head
):
    """The change heatmap decodes only the statements and counts of each stored summary,
    from the head of its text (the whole text where the head is too short); what it gets is
    what parsing the whole summary gives, an area's name holding the key's text included."""
    monkeypatch.setattr("scoring.wave_reading.HEAD", head)
    import json

    from scoring.models import SurveySnapshot
    from scoring.summary_shape import SummaryData
    from scoring.wave_changes import shown_counts
    from scoring.wave_reading import deadline_counts

    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    tricky = make_survey('Say "statements": {} here')
    respond_alike(tricky, count=12, level=2.0, seed=30)
    respond_alike(make_survey("Small"), count=4, level=2.0, seed=31)
    close_now(programme)
    counts, responses = deadline_counts(area_ids=programme.areas.values_list("pk", flat=True))
    for snapshot in SurveySnapshot.objects.filter(kind="deadline"):
        full = SummaryData.from_json(json.loads(snapshot.summary_json))
        area_id = snapshot.survey.area_id
        assert counts[area_id] == (
            None
            if shown_counts(full) is None
            else {c: list(d) for c, d in shown_counts(full).items()}
        )
        assert responses[area_id] == full.counts.responses
    assert counts[tricky.area_id] is not None
    assert counts[area(programme, "Small").pk] is None
