"""Starting the next wave copies areas, contacts, reviewers and leads on new dates and the
chosen instrument, links each area to the one it copies, and copies nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from scoring.models import SurveySnapshot
from surveys.models import AreaLineage, Contact, Instrument, Response, Survey
from surveys.wave_services import WaveError, instrument_version_reword, programme_next_wave_start


@pytest.fixture
def first_wave(closed_area, make_survey, reviewer, lead, contacts):
    """The test programme: a closed area with 12 responses and comments (reviewed by
    `reviewer`), an open area with two contacts; led by `lead`."""
    closed_area.area.reviewers.add(reviewer)
    programme = closed_area.area.programme
    programme.organisation_name = "Care Quality Commission"
    programme.save()
    return programme


def test_next_wave_copies_areas_people_and_dates(first_wave, reviewer, lead, instrument):
    opens = timezone.now() + timedelta(days=30)
    wave = programme_next_wave_start(
        programme=first_wave,
        name="Local system reviews second run",
        opens_at=opens,
        closes_at=opens + timedelta(days=28),
        instrument=instrument,
        series_name="Local system reviews",
    )
    first_wave.refresh_from_db()
    assert first_wave.series.name == "Local system reviews" and first_wave.wave == 1
    assert wave.series == first_wave.series and wave.wave == 2
    assert wave.previous_wave() == first_wave
    assert wave.organisation_name == "Care Quality Commission"
    assert list(wave.leads.all()) == [lead]
    old = {a.name: a for a in first_wave.areas.all()}
    new = {a.name: a for a in wave.areas.all()}
    assert set(new) == set(old)
    for name, area in new.items():
        assert area.predecessors() == [old[name]]
        assert set(area.reviewers.all()) == set(old[name].reviewers.all())
        assert sorted(area.contacts.values_list("email", flat=True)) == sorted(
            old[name].contacts.values_list("email", flat=True)
        )
        assert area.survey.opens_at == opens
        assert area.survey.closes_at == opens + timedelta(days=28)
        assert area.survey.instrument == instrument
        assert area.survey.token != old[name].survey.token
        assert area.survey.access_code != old[name].survey.access_code
    assert reviewer in new["Stockport"].reviewers.all()


def test_next_wave_copies_nothing_else(first_wave, instrument):
    responses_before = Response.objects.count()
    contacts = Contact.objects.filter(area__programme=first_wave)
    contacts.update(declared_reach=40)
    wave = programme_next_wave_start(
        programme=first_wave,
        name="Second run",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=7),
        instrument=instrument,
    )
    assert Response.objects.count() == responses_before
    assert not Response.objects.filter(survey__area__programme=wave).exists()
    assert not SurveySnapshot.objects.filter(survey__area__programme=wave).exists()
    assert not wave.snapshots.exists() and not wave.publications.exists()
    assert not Survey.objects.filter(area__programme=wave, closed_at__isnull=False).exists()
    copied = Contact.objects.filter(area__programme=wave)
    assert copied.count() == contacts.count()
    assert not copied.filter(declared_reach__isnull=False).exists()
    assert wave.retention_until is None


def test_next_wave_on_a_new_instrument_version(first_wave, instrument):
    reworded = instrument_version_reword(
        instrument=instrument, version="2027-01", rewordings={"RV-INT-INF": "New wording"}
    )
    wave = programme_next_wave_start(
        programme=first_wave,
        name="Second run",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=7),
        instrument=reworded,
    )
    assert set(
        Survey.objects.filter(area__programme=wave).values_list("instrument", flat=True)
    ) == {reworded.pk}
    assert Instrument.objects.get(version="2027-01").statements.count() == 35


def test_a_wave_is_started_once_and_dates_are_checked(first_wave, instrument):
    now = timezone.now()
    with pytest.raises(WaveError, match="after the opening"):
        programme_next_wave_start(
            programme=first_wave, name="Bad", opens_at=now, closes_at=now, instrument=instrument
        )
    programme_next_wave_start(
        programme=first_wave,
        name="Second run",
        opens_at=now,
        closes_at=now + timedelta(days=1),
        instrument=instrument,
    )
    with pytest.raises(WaveError, match="already has a next wave"):
        programme_next_wave_start(
            programme=first_wave,
            name="Third run",
            opens_at=now,
            closes_at=now + timedelta(days=1),
            instrument=instrument,
        )
    assert AreaLineage.objects.count() == first_wave.areas.count()


def test_lineage_names_areas_of_the_wave_before_only(first_wave, instrument):
    from surveys.wave_services import area_lineage_set

    now = timezone.now()
    wave = programme_next_wave_start(
        programme=first_wave,
        name="Second run",
        opens_at=now,
        closes_at=now + timedelta(days=1),
        instrument=instrument,
    )
    new_areas = list(wave.areas.order_by("name"))
    with pytest.raises(WaveError, match="wave before"):
        area_lineage_set(area=new_areas[0], predecessors=[new_areas[1]])
    old = list(first_wave.areas.order_by("name"))
    area_lineage_set(area=new_areas[0], predecessors=old, note="merged")
    assert sorted(a.name for a in new_areas[0].predecessors()) == sorted(a.name for a in old)
    area_lineage_set(area=new_areas[0], predecessors=[])
    assert new_areas[0].predecessors() == []
