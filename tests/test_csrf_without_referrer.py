"""Survey pages ask browsers to send no Referer, so their form POSTs arrive with
`Origin: null`: a POST the browser marks as same-origin is accepted, one from another site
is refused, and the CSRF token is always checked. Over HTTPS, as deployed."""

import pytest

from tests.conftest import BrowserLikeClient, form_token


@pytest.fixture
def browser_client():
    return BrowserLikeClient(enforce_csrf_checks=True)


def post_questionnaire(client, survey, *, with_token=True, **headers):
    page = client.get(f"/s/{survey.token}/questions/", secure=True)
    assert page["Referrer-Policy"] == "no-referrer"
    html = page.content.decode()
    data = {"form_token": form_token(html), "RV-INT-CUL": "4", "unrated": "submit"}
    if with_token:
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    return client.post(f"/s/{survey.token}/questions/", data, secure=True, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "null", "Sec-Fetch-Site": "same-origin"},  # today's browsers
        {"Origin": "null"},  # a browser before Fetch Metadata (Safari before 16.4)
        {},  # a browser that sends no Origin on a POST at all
    ],
)
def test_a_post_from_the_survey_page_itself_is_stored(browser_client, survey, headers):
    response = post_questionnaire(browser_client, survey, **headers)
    assert response.status_code == 302
    assert survey.responses.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "null", "Sec-Fetch-Site": "same-site"},
        {"Origin": "https://elsewhere.example", "Sec-Fetch-Site": "cross-site"},
        {"Referer": "https://elsewhere.example/page"},
    ],
)
def test_a_post_from_another_site_is_refused(browser_client, survey, headers):
    response = post_questionnaire(browser_client, survey, **headers)
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert survey.responses.count() == 0


def test_the_csrf_token_is_still_required(browser_client, survey):
    response = post_questionnaire(
        browser_client, survey, with_token=False, Origin="null", **{"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 403
    assert survey.responses.count() == 0


def test_staff_pages_keep_a_same_origin_referrer(client):
    assert client.get("/accounts/login/")["Referrer-Policy"] == "same-origin"
