"""Results are only for signed-in reviewers of the area, after its deadline."""

import pytest

from scoring.services import surveys_close_due


@pytest.fixture
def closed(due_survey, respond):
    respond(due_survey, {"RV-INT-CUL": 4})
    surveys_close_due()
    return due_survey


def url(survey, query=""):
    return f"/results/{survey.area.programme.slug}/{survey.area.slug}/summary.json{query}"


def test_signed_out_people_are_sent_to_sign_in(client, closed):
    response = client.get(url(closed))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_reviewer_of_another_area_cannot_see_it(client, reviewer, closed):
    client.force_login(reviewer)
    assert client.get(url(closed)).status_code == 404
    assert client.get(f"/results/{closed.area.programme.slug}/summary.json").status_code == 404


def test_the_assigned_reviewer_downloads_the_summary_json(client, reviewer, closed):
    closed.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    response = client.get(url(closed, "?snapshot=deadline"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response.json()["snapshot"] == "deadline"
    assert response.json()["counts"]["responses"] == 1
    assert client.get(f"/results/{closed.area.programme.slug}/summary.json").json()["area"] is None
    html = client.get("/results/").content.decode()
    assert "Stockport" in html and url(closed) in html


def test_nothing_is_shown_before_the_deadline(client, reviewer, survey, respond):
    survey.area.reviewers.add(reviewer)
    respond(survey, {"RV-INT-CUL": 4})
    client.force_login(reviewer)
    assert client.get(url(survey)).status_code == 404
    assert "After the deadline" in client.get("/results/").content.decode()


def test_reviewers_sign_in_with_a_form_that_has_csrf(client, reviewer):
    html = client.get("/accounts/login/").content.decode()
    assert "csrfmiddlewaretoken" in html
    response = client.post("/accounts/login/", {"username": "reviewer", "password": "pw-reviewer"})
    assert response.status_code == 302 and response["Location"] == "/results/"
