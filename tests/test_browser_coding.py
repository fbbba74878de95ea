"""The coding queue and What people said in a real browser (Debian's Chromium): WCAG 2.2
AA by axe-core at 375 and 1280 px; coding by keyboard alone with JavaScript off (plain
forms) and with one key with it on; selecting words makes them the passage."""

import re

import pytest
from django.urls import reverse

from scoring.coding_models import CommentSuggestion, Passage, PassageCode
from scoring.coding_setup import theme_add
from scoring.safeguarding import comment_flag
from tests import test_browser
from tests.browser_pages import sign_in
from tests.coding_fixtures import code_directly, comments_of, refresh
from tests.test_browser import ARTIFACTS, axe_violations, tab_until

browser = test_browser.browser  # the respondent tests' Chromium fixture, shared

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
VIEWPORTS = {"phone": {"width": 375, "height": 800}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def coded(coding_area, analyst, lead, reviewer):
    programme = coding_area.area.programme
    coding_area.area.reviewers.add(reviewer)
    theme = theme_add(programme=programme, name="Financial and resource pressure", by=lead)
    theme_add(programme=programme, name="Budgets", parent_id=theme.pk, by=lead)
    for comment in comments_of(coding_area)[12:]:
        code_directly(comment, ["statement:RP-COM", "barrier", f"theme:{theme.pk}"], analyst)
    comment_flag(area=coding_area.area, response=comments_of(coding_area)[13], by=analyst)
    refresh(programme)
    return coding_area


def test_coding_and_what_people_said_meet_wcag_2_2_aa(coded, live_server, browser):
    slug, area = coded.area.programme.slug, coded.area.slug
    pages = {
        "coding home": reverse("coding_home", args=[slug]),
        "coding queue": reverse("coding_queue", args=[slug]),
        "coded comment": reverse("coding_comment", args=[slug, comments_of(coded)[12].pk]),
        "what people said (area)": reverse("area_said", args=[slug, area]),
        "what people said (programme)": reverse("programme_said", args=[slug]),
        "themes": reverse("programme_themes", args=[slug]),
        "themes, VCSE view": reverse("programme_themes", args=[slug]) + "?compare=vcse",
        "analysts": reverse("coding_people", args=[slug]),
        "agreement": reverse("agreement_samples", args=[slug]),
        "import": reverse("coding_import", args=[slug]),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport in VIEWPORTS.items():
        page = browser.new_page(viewport=viewport)
        sign_in(page, live_server.url, "lead", "pw-lead")
        for label, path in pages.items():
            page.goto(live_server.url + path)
            assert axe_violations(page) == [], f"{label} at {viewport['width']} px"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), label
        page.goto(live_server.url + pages["coding queue"])
        page.screenshot(path=ARTIFACTS / f"coding-queue-{name}.png", full_page=True)
        page.fill("#quote", "words that are not there")
        page.click("button[value=save]")
        page.wait_for_selector(".govuk-error-summary")
        assert axe_violations(page) == [], f"coding error at {viewport['width']} px"
        page.goto(live_server.url + pages["what people said (area)"])
        page.screenshot(path=ARTIFACTS / f"what-people-said-{name}.png", full_page=True)
        page.close()


def test_coding_by_keyboard_alone_without_javascript(coded, live_server, browser, analyst):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "analyst", "pw-analyst")
    page.goto(live_server.url + reverse("coding_queue", args=[coded.area.programme.slug]))
    first = comments_of(coded)[0]
    assert first.comment in page.inner_text("#comment-text")
    tab_until(page, "el.value === 'accept'")  # the top suggestion, one button
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"after="))
    suggestion = CommentSuggestion.objects.get(response=first)
    assert {c.key for c in PassageCode.objects.filter(passage__response=first)} == {
        f"statement:{suggestion.statements[0][0]}",
        suggestion.polarity,
    }
    # Change instead of accepting: tick a statement, choose "barrier", save.
    second = comments_of(coded)[1]
    assert second.comment in page.inner_text("#comment-text")
    tab_until(page, "el.id === 'polarity-none'")  # a radio group's tab stop: the ticked one
    page.keyboard.press("ArrowLeft")  # radios move with the arrows: "neither" to "barrier"
    tab_until(page, "el.id === 'suggested-2'")
    page.keyboard.press("Space")
    tab_until(page, "el.value === 'save'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"after={second.pk}"))
    chosen = CommentSuggestion.objects.get(response=second).statements[1][0]
    assert {c.key for c in PassageCode.objects.filter(passage__response=second)} == {
        f"statement:{chosen}",
        "barrier",
    }
    context.close()


def test_one_key_codes_with_javascript_and_a_selection_is_the_passage(coded, live_server, browser):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    sign_in(page, live_server.url, "analyst", "pw-analyst")
    page.goto(live_server.url + reverse("coding_queue", args=[coded.area.programme.slug]))
    first = comments_of(coded)[0]
    page.keyboard.press("a")  # accept the top suggestion, on to the next comment
    page.wait_for_url(re.compile(r"after="))
    assert PassageCode.objects.filter(passage__response=first).count() == 2

    second = comments_of(coded)[1]
    # Select "a vision for the people we serve" with the mouse: it becomes the passage.
    text = page.locator("#comment-text")
    page.evaluate(
        """([quote]) => {
          const node = document.querySelector('#comment-text').firstChild;
          const start = node.textContent.indexOf(quote);
          const range = document.createRange();
          range.setStart(node, start); range.setEnd(node, start + quote.length);
          const selection = window.getSelection();
          selection.removeAllRanges(); selection.addRange(range);
        }""",
        ["a vision for the people we serve"],
    )
    text.dispatch_event("mouseup")
    assert page.input_value("#quote") == "a vision for the people we serve"
    page.locator("body").click(position={"x": 5, "y": 5})  # focus out of any field
    page.keyboard.press("1")  # tick the first suggested statement
    page.keyboard.press("e")  # enabler
    page.keyboard.press("s")  # save and next
    page.wait_for_url(re.compile(rf"after={second.pk}"))
    passage = Passage.objects.get(response=second)
    assert second.comment[passage.start : passage.end] == "a vision for the people we serve"
    top = CommentSuggestion.objects.get(response=second).statements[0][0]
    assert {c.key for c in passage.codes.all()} == {f"statement:{top}", "enabler"}
    page.close()
