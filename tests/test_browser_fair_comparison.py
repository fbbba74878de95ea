"""The fair comparison pages in a real browser (Debian's Chromium via Playwright) at 375 px and
1280 px: no WCAG 2.2 AA violation by axe-core, the page never scrolls sideways, the heatmap's
35 columns fit at 1280 px and scroll in their own region with the area's name fixed at
375 px, and the funnel's form works with JavaScript off."""

import re

import pytest

from scoring.services import programme_results_publish, surveys_close_due
from tests.browser_pages import pages_walked, sign_in
from tests.comparison_world import AreaSpec, build_programme, survey_of
from tests.test_browser import axe_violations, browser  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
AREAS = [
    AreaSpec("Halton", 40, 1.8, groups=[({"org": "health_provider"}, 20, 0.0)]),
    AreaSpec("York", 60, 2.8, groups=[({"org": "health_provider"}, 30, 0.0)]),
    AreaSpec("Bracknell Forest", 50, 2.9),
    AreaSpec("Stoke on Trent", 45, 2.7),
    AreaSpec("Wigan", 6, 2.8),
]


@pytest.fixture
def world(settings, django_user_model):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    programme = build_programme(AREAS)
    surveys_close_due()
    programme_results_publish(programme=programme)
    reviewer = django_user_model.objects.create_user("halton-reviewer", password="pw-reviewer")
    lead = django_user_model.objects.create_user("the-lead", password="pw-lead")
    survey_of(programme, "Halton").area.reviewers.add(reviewer)
    programme.leads.add(lead)
    return programme


def test_the_pages_meet_wcag_and_fit_a_phone_and_a_desktop(world, live_server, browser):  # noqa: F811
    base = f"{live_server.url}/results/{world.slug}/"
    pages = {
        "the-lead": {
            "comparison (live)": "halton/comparison/",
            "comparison (as published)": "halton/comparison/?basis=published",
            "funnel": "funnel/?measure=RV-INT-CUL",
            "heatmap": "heatmap/",
            "heatmap sorted": "heatmap/?sort=directness&order=desc",
        },
        "halton-reviewer": {"comparison (reviewer)": "halton/comparison/"},
    }
    passwords = {"the-lead": "pw-lead", "halton-reviewer": "pw-reviewer"}
    pages_walked(
        browser, base=base, server=live_server.url, pages=pages, passwords=passwords, prefix="fair"
    )


def test_the_heatmap_fits_at_1280_and_keeps_the_area_in_view_at_375(world, live_server, browser):  # noqa: F811
    region = ".relaudit-heatmap-scroll"
    fits = (
        f"(() => {{ const r = document.querySelector('{region}'); "
        "return r.scrollWidth <= r.clientWidth; })()"
    )
    for width, expect_fit in ((1280, True), (375, False)):
        page = browser.new_page(viewport={"width": width, "height": 900})
        sign_in(page, live_server.url, "the-lead", "pw-lead")
        page.goto(f"{live_server.url}/results/{world.slug}/heatmap/")
        assert page.evaluate(fits) is expect_fit, width
        assert page.locator("#heatmap tbody tr").count() == 4  # Wigan (6 responses) absent
        if not expect_fit:
            # Scrolled to the proximity columns, the area's name is still at the left edge.
            page.evaluate(f"document.querySelector('{region}').scrollLeft = 10000")
            cell = page.locator("#heatmap tbody th").first.bounding_box()
            box = page.locator(region).bounding_box()
            assert abs(cell["x"] - box["x"]) < 2
        page.close()


def test_the_funnel_form_works_without_javascript(world, live_server, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "the-lead", "pw-lead")
    page.goto(f"{live_server.url}/results/{world.slug}/funnel/")
    page.select_option("#measure", "directness")
    page.click("text=Show the funnel")
    page.wait_for_url(re.compile(r"measure=directness"))
    assert "Funnel plot: Directness" in page.inner_text("h1")
    assert page.locator("svg.relaudit-funnel").count() == 1
    assert page.locator("#funnel-data tbody tr").count() == 4
    context.close()
