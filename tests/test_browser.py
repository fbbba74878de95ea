"""A person completes the scorecard in a real browser (Debian's Chromium via Playwright):
with the keyboard only and JavaScript off, and with JavaScript on."""

import os
import re
from pathlib import Path

import pytest
from django.db import connections

from surveys.models import Response

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(monkeypatch):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("RELAUDIT_REQUIRE_SERVICES") == "true":
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are ordinary blocking ones (Playwright's documented Django workaround).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()
        # Connections opened while Playwright's loop runs belong to that context: close them.
        connections.close_all()


def tab_until(page, condition: str, limit: int = 400):
    """Press Tab until `condition` (JavaScript over `el`, the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()"):
            return
    raise AssertionError(f"never reached an element where {condition}")


def test_keyboard_only_with_javascript_off(survey, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    start = page.goto(f"{live_server.url}/s/{survey.token}/")
    # No Referer leaves a survey page, not even to this site: the form POST below arrives
    # with "Origin: null" and must still be accepted.
    assert start.headers["referrer-policy"] == "no-referrer"
    tab_until(page, "el.textContent.includes('Start now')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/questions/$"))

    codes = page.eval_on_selector_all(
        "input[type=radio][value='0']", "inputs => inputs.map(i => i.name)"
    )
    assert len(codes) == 35
    for code in codes:  # one tab stop per radio group; arrows move within it
        tab_until(page, f"el.name === '{code}'")
        page.keyboard.press("Space")  # "Consistently not true"
        for _ in range(3):
            page.keyboard.press("ArrowDown")  # ... to "Often true"
    tab_until(page, "el.name === 'comment'")
    page.keyboard.type("Typed with the keyboard alone.")
    tab_until(page, "el.name === 'primary_role' && el.value === 'other'")
    page.keyboard.press("Space")
    # Without JavaScript the "please specify" box is always there to use.
    assert page.is_visible("#id_primary_role_other")
    tab_until(page, "el.name === 'primary_role_other'")
    page.keyboard.type("Council officer")
    tab_until(page, "el.type === 'submit'")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "questionnaire-no-js.png", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/thanks/\?r="))
    assert "Thank you" in page.inner_text("h1")
    page.screenshot(path=ARTIFACTS / "thanks.png")
    context.close()

    stored = Response.objects.get()
    assert stored.ratings == {code: 3 for code in codes}
    assert stored.comment == "Typed with the keyboard alone."
    assert stored.primary_role == "other" and stored.primary_role_other == "Council officer"
    assert stored.statement_order == codes


def test_with_javascript_the_reveal_the_word_count_and_the_error_summary_work(
    survey, live_server, browser
):
    page = browser.new_page(viewport={"width": 375, "height": 800})  # a phone
    page.goto(f"{live_server.url}/s/{survey.token}/questions/")
    assert not page.is_visible("#id_primary_role_other")  # hidden until "Other" is ticked
    page.check("input[name=primary_role][value=other]")
    assert page.is_visible("#id_primary_role_other")
    page.fill("#id_comment", "one two three")
    page.wait_for_selector("text=You have 297 words remaining")
    page.fill("#id_comment", "")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error:")
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "error-summary-phone.png")
    page.close()
    assert Response.objects.count() == 0


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: the page's Content Security Policy (no
    # inline scripts) stays on, and the test still proves the site's own scripts run.
    page.evaluate(AXE.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: tags})", WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in result["violations"]]


def test_respondent_pages_meet_wcag_2_2_aa_by_axe(survey, live_server, browser):
    page = browser.new_page()
    pages = {
        "access code": "/",
        "start": f"/s/{survey.token}/",
        "questionnaire": f"/s/{survey.token}/questions/",
        "link not recognised": "/s/not-a-token/",
        "sign in": "/accounts/login/",
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], name
    page.goto(live_server.url + f"/s/{survey.token}/questions/")
    page.fill("#id_comment", "word " * 301)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    assert axe_violations(page) == [], "questionnaire with errors"
    page.check("input[name='RV-INT-CUL'][value='3']")
    page.fill("#id_comment", "Fine.")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_selector("text=You have not rated 34 of the 35 statements")
    assert axe_violations(page) == [], "statements not rated"
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/thanks/\?r="))
    assert axe_violations(page) == [], "confirmation"
    page.goto(live_server.url + f"/s/{survey.token}/privacy/")
    assert axe_violations(page) == [], "privacy notice"
    page.close()


def test_a_reviewer_reads_the_area_report_on_a_phone_and_a_desktop(
    closed_area, reviewer, live_server, browser
):
    closed_area.area.reviewers.add(reviewer)
    ARTIFACTS.mkdir(exist_ok=True)
    report = f"/results/{closed_area.area.programme.slug}/{closed_area.area.slug}/"
    for name, viewport in (("phone", {"width": 375, "height": 800}),
                           ("desktop", {"width": 1280, "height": 900})):  # fmt: skip
        page = browser.new_page(viewport=viewport)
        page.goto(live_server.url + report)
        page.wait_for_url(re.compile(r"/accounts/login/"))
        page.fill("#id_username", "reviewer")
        page.fill("#id_password", "pw-reviewer")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(re.escape(report) + "$"))
        assert "Stockport: relational audit results" in page.inner_text("h1")
        assert axe_violations(page) == [], f"area report ({name})"
        # Nothing is cut off: the page itself never scrolls sideways; wide tables scroll
        # inside their own focusable region.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=ARTIFACTS / f"area-report-{name}.png", full_page=True)
        page.goto(live_server.url + report + "comments/")
        assert axe_violations(page) == [], f"comments ({name})"
        page.close()


def test_a_programme_lead_reads_the_programme_report_accessibly(
    closed_area, lead, live_server, browser
):
    page = browser.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "lead")
    page.fill("#id_password", "pw-lead")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/results/$"))
    for path in ("", "other-roles/"):
        page.goto(f"{live_server.url}/results/{closed_area.area.programme.slug}/{path}")
        assert axe_violations(page) == [], path or "programme report"
    page.screenshot(path=ARTIFACTS / "programme-report.png", full_page=True)
    page.close()


@pytest.mark.parametrize("javascript", [False, True])
def test_enter_on_a_radio_does_not_submit_by_accident(survey, live_server, browser, javascript):
    """Space then Enter on the fourth statement: the browser submits the form, and the
    respondent lands on the page that lists what is unrated, with nothing stored."""
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{survey.token}/questions/")
    codes = page.eval_on_selector_all(
        "input[type=radio][value='0']", "inputs => inputs.map(i => i.name)"
    )
    for code in codes[:4]:
        tab_until(page, f"el.name === '{code}'")
        page.keyboard.press("Space")
    if javascript:
        progress = page.inner_text(".relaudit-progress__count")
        assert progress == "You have rated 4 of 35 statements"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=You have not rated 31 of the 35 statements")
    assert Response.objects.count() == 0
    if javascript:  # axe runs in the page: the JavaScript-off case is the same page
        assert axe_violations(page) == [], "unrated page"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"unrated-js-{javascript}.png", full_page=True)
    page.click("button[value=back]")
    page.wait_for_selector("#questionnaire", state="attached")
    checked = page.eval_on_selector_all(
        "input[type=radio]:checked", "inputs => inputs.map(i => i.name)"
    )
    assert checked == codes[:4]  # every answer kept
    assert Response.objects.count() == 0
    context.close()


def test_new_respondent_pages_meet_wcag_2_2_aa_on_a_phone_and_a_desktop(
    survey, contacts, live_server, browser
):
    contact = contacts[0]
    for viewport in ({"width": 375, "height": 800}, {"width": 1280, "height": 900}):
        page = browser.new_page(viewport=viewport)
        for name, path in {
            "privacy notice": f"/s/{survey.token}/privacy/",
            "contact's page": f"/contact/{contact.manage_token}/",
            "start through a contact's link": f"/s/{contact.token}/",
        }.items():
            page.goto(live_server.url + path)
            assert axe_violations(page) == [], f"{name} at {viewport['width']} px"
        page.goto(live_server.url + f"/contact/{contact.manage_token}/")
        page.fill("#reach", "lots")
        page.click("button[type=submit]")
        page.wait_for_selector(".govuk-error-summary")
        assert axe_violations(page) == [], f"contact's page with an error at {viewport['width']} px"
        page.close()
