"""The trend pages in a real browser at 375 px and 1280 px: the area report's "Since the
last wave" (with small multiples over three waves), the lead's change heatmap (sorted too),
the waves, lineage and wording pages: no WCAG 2.2 AA violation by axe-core, no sideways
scroll of the page, and the next wave started with JavaScript off."""

import pytest

from scoring.services import programme_results_publish
from surveys.models import Programme
from surveys.wave_services import area_lineage_set, instrument_version_reword
from tests.browser_pages import pages_walked, sign_in
from tests.test_browser import browser  # noqa: F401 - a fixture
from tests.wave_world import area, close_now, next_wave, respond_around

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(settings, programme, make_survey, instrument, django_user_model):
    """Three waves: Halton and Wigan (Wirral merged into Wigan in the third), one statement
    reworded in the third."""
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    lead = django_user_model.objects.create_user("the-lead", password="pw-lead")
    reviewer = django_user_model.objects.create_user("halton-reviewer", password="pw-reviewer")
    programme.leads.add(lead)
    for name, count in (("Halton", 30), ("Wigan", 25), ("Wirral", 15)):
        respond_around(make_survey(name), count=count, level=2.0, seed=count)
    area(programme, "Halton").reviewers.add(reviewer)
    close_now(programme)
    second = next_wave(programme, "Second run")
    for i, (name, level) in enumerate((("Halton", 2.6), ("Wigan", 1.6), ("Wirral", 2.0))):
        respond_around(area(second, name).survey, count=25, level=level, seed=40 + i)
    close_now(second)
    reworded = instrument_version_reword(
        instrument=instrument, version="2028-01", rewordings={"RV-INT-INF": "New wording"}
    )
    third = next_wave(second, "Third run", instrument=reworded)
    area_lineage_set(
        area=area(third, "Wigan"), predecessors=[area(second, "Wigan"), area(second, "Wirral")]
    )
    area(third, "Wirral").delete()
    for i, (name, level) in enumerate((("Halton", 3.2), ("Wigan", 2.0))):
        respond_around(area(third, name).survey, count=25, level=level, seed=50 + i)
    close_now(third)
    programme_results_publish(programme=third)
    return third


def test_the_trend_pages_meet_wcag_and_fit_a_phone_and_a_desktop(world, live_server, browser):  # noqa: F811
    base = f"{live_server.url}/results/{world.slug}/"
    pages = {
        "the-lead": {
            "area since the last wave": "wigan/?snapshot=deadline",
            "changes": "changes/",
            "changes sorted": "changes/?sort=relational_value&order=desc",
            "waves": "waves/",
            "lineage": "lineage/",
            "wording": "wording/",
        },
        "halton-reviewer": {"reviewer's area report": "halton/?snapshot=deadline"},
    }
    passwords = {"the-lead": "pw-lead", "halton-reviewer": "pw-reviewer"}
    pages_walked(
        browser,
        base=base,
        server=live_server.url,
        pages=pages,
        passwords=passwords,
        prefix="waves",
        full_page=True,
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url, "halton-reviewer", "pw-reviewer")
    page.goto(base + "halton/?snapshot=deadline")
    assert page.locator("#across-waves").count() == 1  # small multiples: three waves
    assert page.locator(".relaudit-small-multiple").count() > 3
    page.close()


def test_the_next_wave_starts_without_javascript(world, live_server, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, "the-lead", "pw-lead")
    page.goto(f"{live_server.url}/results/{world.slug}/waves/")
    page.fill("#wave-name", "Fourth run")
    dates = {"opens": ("5", "1", "2031"), "closes": ("5", "2", "2031")}
    for field, (day, month, year) in dates.items():
        page.fill(f"#wave-{field}-day", day)
        page.fill(f"#wave-{field}-month", month)
        page.fill(f"#wave-{field}-year", year)
    page.click("button[type=submit]:has-text('Start the next wave')")
    page.wait_for_url("**/lineage/")
    assert Programme.objects.get(name="Fourth run").wave == 4
    assert page.locator("h1").inner_text() == "Which areas each area follows on from"
    context.close()
