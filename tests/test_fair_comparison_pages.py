"""The fair comparison pages as a reviewer and a lead use them: the area against the rest (the
basis said, the method in a sentence, tags after correction), funnel plots chosen with a GET
form (the areas outside named, the overdispersion said), the heatmap (sortable by any column
with links, areas below the threshold absent, clear cells marked in text), and the report
pages linking to them."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from scoring import statistics
from scoring.services import programme_results_publish, surveys_close_due
from tests.comparison_world import AreaSpec, add_response, build_programme, survey_of

AREAS = [
    AreaSpec("Halton", 40, 1.5),  # far below the rest
    AreaSpec("York", 60, 2.8),
    AreaSpec("Bury", 50, 2.9),
    AreaSpec("Leeds", 45, 2.7),
    AreaSpec("Derby", 55, 2.8),
    AreaSpec("Bath", 50, 2.75),
    AreaSpec("Wigan", 6, 2.8),  # below the threshold
]


@pytest.fixture
def world(db, settings, django_user_model):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    programme = build_programme(AREAS)
    surveys_close_due()
    reviewer = django_user_model.objects.create_user("halton-reviewer", password="pw")
    lead = django_user_model.objects.create_user("the-lead", password="pw")
    survey_of(programme, "Halton").area.reviewers.add(reviewer)
    programme.leads.add(lead)
    return programme, reviewer, lead


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_reviewer_sees_the_rest_as_published_with_the_method(client, world):
    programme, reviewer, _lead = world
    url = reverse("area_comparison", args=[programme.slug, "halton"])
    html = get(client, reviewer, url).content.decode()
    assert "No programme figures have been published for comparison yet" in html
    programme_results_publish(programme=programme)
    for asked in ("", "?basis=live"):  # a reviewer cannot ask for the live programme
        html = get(client, reviewer, url + asked).content.decode()
        assert "as a lead published it on" in html and "as it stands now" not in html
    assert escape(statistics.METHOD) in html  # the method in one sentence
    framework = html.split('id="part-frameworks"')[1].split("</table>")[0]
    assert framework.count("Lower than the rest") == 2  # 1.3 points below: clear after correction
    assert "the 5 other areas in that publication" in html  # Wigan (6) is in no release


def test_a_lead_sees_the_live_programme_or_the_reviewers_view(client, world):
    programme, _reviewer, lead = world
    programme_results_publish(programme=programme)
    url = reverse("area_comparison", args=[programme.slug, "halton"])
    live = get(client, lead, url).content.decode()
    assert "as it stands now: the 5 other areas with results" in live
    published = get(client, lead, url + "?basis=published").content.decode()
    assert "as a lead published it on" in published


def test_an_area_below_the_threshold_is_not_compared(client, world):
    programme, _reviewer, lead = world
    html = get(client, lead, reverse("area_comparison", args=[programme.slug, "wigan"]))
    assert "reported as counts only, and never compared" in html.content.decode()


def test_the_funnel_names_the_area_outside_its_limits(client, world):
    programme, _reviewer, lead = world
    url = reverse("programme_funnel", args=[programme.slug])
    html = get(client, lead, url + "?measure=integrity&snapshot=deadline").content.decode()
    # A GET form with a select: works without JavaScript.
    form = html.split('<form method="get"')[1].split("</form>")[0]
    assert '<select class="govuk-select' in form and 'name="measure"' in form
    assert '<option value="integrity" selected>Integrity</option>' in form
    assert re.search(r"Outside the 99.8% limits: <strong>Halton</strong> \(below", html)
    assert '<text class="relaudit-funnel__label"' in html and ">Halton</text>" in html
    table = html.split('id="funnel-data"')[1]
    assert re.search(r"Halton</th>.*?Below the 99.8% limit", table, re.S)
    assert "Wigan (fewer than 10 responses)" in html  # not in the funnel
    assert "finds variation between the areas beyond chance" in html


def test_the_funnel_says_when_areas_differ_by_chance_alone(client, db, settings, lead):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    programme = build_programme([AreaSpec(name, 0) for name in ("Halton", "York", "Bury")])
    for survey in programme.areas.all():
        for i in range(30):  # the same answers in every area: no spread between areas
            add_response(survey.survey, {"RV-INT-CUL": i % 6})
    surveys_close_due()
    programme.leads.add(lead)
    url = reverse("programme_funnel", args=[programme.slug]) + "?measure=RV-INT-CUL"
    html = get(client, lead, url).content.decode()
    assert "finds no variation between the areas beyond chance" in html
    assert "No area is outside the 99.8% limits." in html


def test_an_unknown_measure_is_refused_with_a_message(client, world):
    programme, _reviewer, lead = world
    response = get(client, lead, reverse("programme_funnel", args=[programme.slug]) + "?measure=x")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Choose a statement or measure from the list" in html
    assert 'name="measure"' in html and "<svg" not in html


def rows_of(html: str) -> list[str]:
    body = html.split('id="heatmap"')[1].split("<tbody")[1]
    return re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>', body)


def test_the_heatmap_sorts_by_any_column_and_leaves_small_areas_out(client, world):
    programme, _reviewer, lead = world
    url = reverse("programme_heatmap", args=[programme.slug])
    html = get(client, lead, url).content.decode()
    assert rows_of(html) == ["Bath", "Bury", "Derby", "Halton", "Leeds", "York"]
    assert "Wigan: fewer than 10 responses" in html
    header = re.search(r'<th scope="col"[^>]*><a class="govuk-link" href="([^"]+)">'
                       r'<span aria-hidden="true">CUL</span>', html)  # fmt: skip
    assert header.group(1) == "?snapshot=latest&amp;sort=RV-INT-CUL&amp;order=desc"
    by_cell = get(client, lead, url + "?sort=RV-INT-CUL&order=desc").content.decode()
    assert rows_of(by_cell)[-1] == "Halton"  # the lowest difference last
    reverse_link = 'href="?snapshot=latest&amp;sort=RV-INT-CUL&amp;order=asc"'
    assert f'aria-sort="descending"><a class="govuk-link" {reverse_link}' in by_cell
    ascending = get(client, lead, url + "?sort=RV-INT-CUL&order=asc").content.decode()
    assert rows_of(ascending)[0] == "Halton"
    # Halton's clear differences carry a text marker besides their colour.
    halton = ascending.split(">Halton</a>")[1].split("</tr>")[0]
    assert halton.count("relaudit-diff--clear") == 35
    assert (
        halton.count(
            'aria-hidden="true">▼</span><span class="govuk-visually-hidden"> clearly lower'
        )
        == 35
    )
    unknown = get(client, lead, url + "?sort=nonsense").content.decode()
    assert rows_of(unknown) == rows_of(html)


def test_the_reports_link_to_the_new_pages(client, world):
    programme, reviewer, lead = world
    area = get(client, reviewer, reverse("area_report", args=[programme.slug, "halton"]))
    assert reverse("area_comparison", args=[programme.slug, "halton"]) in area.content.decode()
    report = get(client, lead, reverse("programme_report", args=[programme.slug])).content.decode()
    assert reverse("programme_heatmap", args=[programme.slug]) in report
    assert reverse("programme_funnel", args=[programme.slug]) in report
