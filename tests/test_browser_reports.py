"""The area and programme reports in a real browser (Debian's Chromium via Playwright), as
a reviewer and a lead read them at 1280 px and on a 375 px phone: key findings first, no
table wider than its container on a desktop, the key findings, matrix and best and worst
statements fitting a phone, and no WCAG 2.2 AA violation found by axe-core. Screenshots go
to test-artifacts/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from scoring.services import programme_results_publish, surveys_close_due, surveys_latest_recompute
from surveys.models import RATING_CODES

from . import test_browser
from .test_browser import ARTIFACTS, axe_violations

browser = test_browser.browser  # the same Chromium fixture as the respondent pages' tests

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 375, "height": 800}

# Tables wider than the element holding them, and elements wider than they show.
WIDER_TABLES = """() => Array.from(document.querySelectorAll('main table'))
  .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1 || t.scrollWidth > t.clientWidth + 1)
  .map(t => (t.caption ? t.caption.innerText : '?') + ': ' + t.scrollWidth)"""
# Scrolled sideways, each wide table's first column stays where it was: (before, after).
STAYS = """() => Array.from(document.querySelectorAll('.relaudit-table-scroll--overflowing'))
  .map(region => { const cell = region.querySelector('tbody tr > :first-child');
    const before = cell.getBoundingClientRect().x; region.scrollLeft = 200;
    const after = cell.getBoundingClientRect().x; region.scrollLeft = 0;
    return [before, after]; })"""
CUT_OFF = """selector => Array.from(document.querySelectorAll(selector))
  .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.id || el.className)"""


@pytest.fixture
def reports(settings, due_survey, respond, reviewer, lead):
    """An area of 62 respondents in several groups with comments, 12 late responses in its
    latest results, and a programme whose figures the lead has published."""
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    groups = [("health_provider", "senior_executive", "over_3_years", 20),
              ("social_care_provider", "direct_service_delivery", "over_3_years", 16),
              ("voluntary_sector", "operational_management", "1_to_3_years", 14),
              ("other", "administrative", "under_1_year", 12)]  # fmt: skip
    n = 0
    for org, role, time, count in groups:
        for i in range(count):
            n += 1
            ratings = {code: (n * (j + 3) + j) % 6 for j, code in enumerate(RATING_CODES)}
            respond(due_survey, ratings, org=(org,), role=(role,), time=(time,),
                    comment="Joint working has improved." if i % 3 == 0 else "")  # fmt: skip
    surveys_close_due()
    for i in range(12):
        respond(due_survey, {code: (i + 2) % 6 for code in RATING_CODES}, late=True)
    due_survey.results_mark_stale(now=timezone.now() - timedelta(minutes=5))
    surveys_latest_recompute(surveys=[due_survey])
    programme_results_publish(programme=due_survey.area.programme)
    due_survey.area.reviewers.add(reviewer)
    return due_survey


def sign_in(browser, live_server, viewport, username, password, url):
    page = browser.new_page(viewport=viewport)
    page.goto(live_server.url + url)
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(re.escape(url) + "$"))
    return page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_area_report_reads_on_a_desktop_and_a_phone(
    reports,
    live_server,
    browser,
    viewport,
):
    url = f"/results/{reports.area.programme.slug}/{reports.area.slug}/"
    page = sign_in(browser, live_server, viewport, "reviewer", "pw-reviewer", url)
    check_report(page, viewport, "area-report")
    assert page.inner_text("#key-findings").startswith("Key findings")
    # On "latest", the results come before the change since the deadline.
    assert page.evaluate(
        "document.getElementById('matrix').compareDocumentPosition("
        "document.getElementById('changes')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    page.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_programme_report_reads_on_a_desktop_and_a_phone(
    reports,
    live_server,
    browser,
    viewport,
):
    url = f"/results/{reports.area.programme.slug}/"
    page = sign_in(browser, live_server, viewport, "lead", "pw-lead", url)
    check_report(page, viewport, "programme-report")
    assert "Where the areas differ most" in page.inner_text("#key-findings ~ *, section")
    page.close()


def check_report(page, viewport, name):
    assert page.is_visible("#key-findings") and page.is_visible("#contents-title")
    assert axe_violations(page) == [], f"{name} at {viewport['width']} px"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if viewport is DESKTOP:
        assert page.evaluate(WIDER_TABLES) == []
    else:
        # The key findings (best and worst statements in them) and the matrix fit; wider
        # tables scroll in their own region, with a hint and their first column in place.
        assert page.evaluate(CUT_OFF, ".relaudit-findings, #best-worst, .relaudit-fit") == []
        hint = page.locator(".relaudit-table-scroll--overflowing + .relaudit-scroll-hint")
        assert hint.count() > 0 and hint.first.is_visible()
        moved = page.evaluate(STAYS)
        assert moved and all(abs(before - after) < 1 for before, after in moved)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-{viewport['width']}.png", full_page=True)
