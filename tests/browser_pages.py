"""What the browser tests of results pages share: signing in, and walking a set of pages as
each user at a phone's and a desktop's width, asserting what every page must do there."""

from tests.test_browser import ARTIFACTS, axe_violations

WIDTHS = {"phone": 375, "desktop": 1280}


def sign_in(page, base, username, password):
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/results/")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def pages_walked(browser, *, base, server, pages, passwords, prefix, full_page=False):
    """Open every page of `pages` ({username: {name: path under base}}) signed in as its user,
    at both widths: one heading, no WCAG 2.2 AA violation, no sideways scroll; a screenshot
    of each is kept in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    for device, width in WIDTHS.items():
        for username, paths in pages.items():
            page = browser.new_page(viewport={"width": width, "height": 900})
            sign_in(page, server, username, passwords[username])
            for name, path in paths.items():
                page.goto(base + path)
                assert page.locator("h1").count() == 1, name
                assert axe_violations(page) == [], f"{name} at {width} px"
                assert no_sideways_scroll(page), f"{name} at {width} px"
                shot = ARTIFACTS / f"{prefix}-{name}-{device}.png".replace(" ", "-")
                page.screenshot(path=shot, full_page=full_page)
            page.close()
