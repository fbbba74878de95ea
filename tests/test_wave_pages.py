"""The area report's "Since the last wave": both waves' means, the change, its interval and
tag, the key findings naming the largest real change, the PDF handout holding the section,
and a reviewer seeing only their own area's change."""

import re

import pytest

from scoring.wave_reading import area_since_last_wave
from tests.test_report_pdf import pdf_text
from tests.wave_world import area, close_now, next_wave, respond_around


@pytest.fixture
def waves(settings, programme, make_survey, reviewer, lead):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_around(make_survey("Halton"), count=30, level=1.8, seed=21)
    respond_around(make_survey("Wigan"), count=5, level=2.0, seed=22)
    area(programme, "Halton").reviewers.add(reviewer)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    respond_around(area(wave, "Halton").survey, count=30, level=3.0, seed=23)
    respond_around(area(wave, "Wigan").survey, count=20, level=2.0, seed=24)
    close_now(wave)
    return programme, wave


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_area_report_shows_each_change_with_its_interval(client, waves, reviewer):
    programme, wave = waves
    client.force_login(reviewer)
    response = client.get(f"/results/{wave.slug}/halton/?snapshot=deadline")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    since = area_since_last_wave(area=area(wave, "Halton"))
    framework = next(c for c in since.changes if c.key == "relational_value")
    assert 'id="since-last-wave"' in html and 'href="#since-last-wave"' in html
    assert f"Compared with Halton in {programme.name}" in text
    row = (
        f"Relational value {framework.before:.2f} {framework.after:.2f} "
        f"{framework.difference:+.2f} {framework.ci_low:+.2f} to {framework.ci_high:+.2f} Improved"
    )
    assert row in text
    # The key findings name the largest improvement with its interval.
    largest = since.improved[0]
    assert f"Improved : {since.labels[largest.key]}: {largest.before:.2f} to" in text


def test_a_change_from_a_hidden_wave_is_not_shown(client, waves, lead):
    _programme, wave = waves
    client.force_login(lead)
    html = client.get(f"/results/{wave.slug}/wigan/?snapshot=deadline").content.decode()
    section = text_of(html[html.index('id="since-last-wave"') :].split("</section>")[0])
    assert "No change is shown: fewer than 10 people responded in one of the waves" in section
    for word in ("Improved", "Declined", "No clear change", "95% interval", "2.00"):
        assert word not in section
    assert "No change can be shown: one of the waves has fewer than 10 responses" in text_of(html)


def test_a_reviewer_sees_only_their_own_areas_change(client, waves, reviewer):
    _programme, wave = waves
    client.force_login(reviewer)
    assert client.get(f"/results/{wave.slug}/wigan/").status_code == 403


def test_the_pdf_handout_holds_the_change_section(client, waves, reviewer):
    _programme, wave = waves
    client.force_login(reviewer)
    text, _pages = pdf_text(client.get(f"/results/{wave.slug}/halton/report.pdf?snapshot=deadline"))
    since = area_since_last_wave(area=area(wave, "Halton"))
    framework = next(c for c in since.changes if c.key == "relational_value")
    assert "Since the last wave" in text
    assert f"{framework.difference:+.2f}" in text
