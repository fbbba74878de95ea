"""The lead's wave pages: each area's change on one sortable page (a heatmap of change), a
merger labelled, a hidden area hidden; starting the next wave, editing lineage and marking
a reworded statement comparable, all as forms that work without JavaScript."""

import re

import pytest

from scoring.wave_programme import programme_changes
from surveys.models import AreaLineage, ComparableWording, Programme
from surveys.wave_services import instrument_version_reword
from tests.wave_world import area, close_now, next_wave, respond_around


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def waves(settings, programme, make_survey, lead):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    for name, count, level in (("Halton", 30, 1.5), ("Wigan", 25, 3.5), ("Wirral", 6, 2.0)):
        respond_around(make_survey(name), count=count, level=level, seed=count)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    respond_around(area(wave, "Halton").survey, count=30, level=3.0, seed=31)
    respond_around(area(wave, "Wigan").survey, count=25, level=2.0, seed=32)
    respond_around(area(wave, "Wirral").survey, count=20, level=2.0, seed=33)
    close_now(wave)
    return programme, wave


def rows_of(html: str) -> list[str]:
    body = html[html.index('id="changes"') :].split("</tbody>")[0]
    return re.findall(r'#since-last-wave">([^<]+)</a>', body)


def test_each_areas_change_sorts_by_any_column(client, waves, lead):
    _programme, wave = waves
    client.force_login(lead)
    html = client.get(f"/results/{wave.slug}/changes/").content.decode()
    assert rows_of(html) == ["Halton", "Wigan", "Wirral"]
    html = client.get(
        f"/results/{wave.slug}/changes/?sort=relational_value&order=desc"
    ).content.decode()
    assert rows_of(html) == ["Halton", "Wigan", "Wirral"]  # Wirral hidden: last
    html = client.get(
        f"/results/{wave.slug}/changes/?sort=relational_value&order=asc"
    ).content.decode()
    assert rows_of(html) == ["Wigan", "Halton", "Wirral"]
    assert 'aria-sort="ascending"' in html
    page = programme_changes(programme=wave)
    halton = next(r for r in page.rows if r.area_name == "Halton")
    assert halton.cells[0].tag == "improved"
    wigan = next(r for r in page.rows if r.area_name == "Wigan")
    assert wigan.cells[0].tag == "declined"
    text = text_of(html)
    assert "clearly improved" in text and "clearly declined" in text


def test_a_hidden_wave_hides_the_areas_change_and_a_merger_is_labelled(client, waves, lead):
    programme, wave = waves
    page = programme_changes(programme=wave)
    wirral = next(r for r in page.rows if r.area_name == "Wirral")
    assert {c.tag for c in wirral.cells} == {"hidden"}
    assert all(c.difference is None for c in wirral.cells)
    AreaLineage.objects.create(area=area(wave, "Wigan"), predecessor=area(programme, "Halton"))
    page = programme_changes(programme=wave)
    wigan = next(r for r in page.rows if r.area_name == "Wigan")
    assert wigan.lineage == "merged from Halton and Wigan"
    halton = next(r for r in page.rows if r.area_name == "Halton")
    assert halton.lineage == "split from Halton"
    client.force_login(lead)
    assert "merged from Halton and Wigan" in text_of(
        client.get(f"/results/{wave.slug}/changes/").content.decode()
    )


def test_a_lead_starts_the_next_wave_from_the_form(client, waves, lead):
    _programme, wave = waves
    client.force_login(lead)
    response = client.post(
        f"/results/{wave.slug}/waves/",
        {"name": "Third run", "opens-day": "10", "opens-month": "1", "opens-year": "2030",
         "closes-day": "10", "closes-month": "2", "closes-year": "2030",
         "instrument": area(wave, "Halton").survey.instrument_id},
    )  # fmt: skip
    third = Programme.objects.get(name="Third run")
    assert response.status_code == 302
    assert response["Location"] == f"/results/{third.slug}/lineage/"
    assert third.wave == 3 and third.areas.count() == 3
    opens = third.areas.first().survey.opens_at
    assert (opens.year, opens.month, opens.day) == (2030, 1, 10)
    response = client.post(
        f"/results/{third.slug}/waves/",
        {"name": "", "opens-day": "31", "opens-month": "2", "opens-year": "2030"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    text = text_of(html)
    assert "Enter a name for the next wave" in text and "Enter the deadline" in text
    assert "The day the surveys open must be a real date" in text
    assert 'value="31"' in html  # what was typed stays in its box
    response = client.post(
        f"/results/{third.slug}/waves/",
        {"name": "x", "closes-day": "3", "closes-year": "2030"},
    )
    assert "The deadline must include a month" in text_of(response.content.decode())


def test_a_lead_edits_lineage_and_marks_wording_comparable(client, waves, lead, instrument):
    programme, wave = waves
    client.force_login(lead)
    wigan = area(wave, "Wigan")
    before = [area(programme, "Wigan").pk, area(programme, "Wirral").pk]
    response = client.post(
        f"/results/{wave.slug}/lineage/",
        {"area": wigan.pk, "predecessor": before, "note": "Wirral joined Wigan"},
    )
    assert response.status_code == 302
    assert sorted(a.name for a in wigan.predecessors()) == ["Wigan", "Wirral"]
    reworded = instrument_version_reword(
        instrument=instrument,
        version="2027-03",
        rewordings={"RV-TRU-TEC": "Our systems are trusted"},
    )
    third = next_wave(wave, "Third run", instrument=reworded)
    html = client.get(f"/results/{third.slug}/wording/").content.decode()
    assert "Our systems are trusted" in html
    new, old = (
        reworded.statements.get(code="RV-TRU-TEC"),
        instrument.statements.get(code="RV-TRU-TEC"),
    )
    client.post(
        f"/results/{third.slug}/wording/", {"pair": f"{new.pk}-{old.pk}", "comparable": "yes"}
    )
    assert ComparableWording.objects.filter(statement=new, earlier=old, marked_by=lead).exists()
    client.post(
        f"/results/{third.slug}/wording/", {"pair": f"{new.pk}-{old.pk}", "comparable": "no"}
    )
    assert not ComparableWording.objects.exists()
