"""Headers on real responses: a strict CSP, Permissions-Policy, no Referer from survey
pages, and results never cached; pages carry no inline script or style."""

import re


def test_survey_pages_send_a_strict_csp_and_no_referrer(client, survey):
    response = client.get(f"/s/{survey.token}/questions/")
    csp = response["Content-Security-Policy"]
    strict = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
              "base-uri 'none'", "frame-ancestors 'none'")  # fmt: skip
    for directive in strict:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "no-referrer"  # the token goes nowhere
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_pages_have_no_inline_script_or_style(client, survey):
    for url in ("/", f"/s/{survey.token}/", f"/s/{survey.token}/questions/", "/accounts/login/"):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html and "<style" not in html, url


def test_results_are_never_cached(client, closed_area, reviewer):
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    response = client.get(f"/results/lsr-test/{closed_area.area.slug}/")
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
