"""Leaving statements unrated is allowed, never by accident: a page says which, and nothing
is stored until the respondent chooses to submit without them."""

from .conftest import is_checked


def test_a_partial_submission_shows_what_is_unrated_and_stores_nothing(client, submit, survey):
    response = submit(survey, {"RV-INT-CUL": "3", "comment": "So far"}, confirm_unrated=False)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You have not rated 34 of the 35 statements" in html
    assert "We experience a common purpose" in html  # the unrated ones are listed
    assert "Go back and rate them" in html and "Submit without them" in html
    assert survey.responses.count() == 0


def test_going_back_keeps_every_answer(client, questionnaire, survey):
    _html, token = questionnaire(survey)
    data = {
        "form_token": token,
        "RV-INT-CUL": "3",
        "comment": "Kept",
        "organisation_type": "health_provider",
    }
    client.post(f"/s/{survey.token}/questions/", data)
    back = client.post(f"/s/{survey.token}/questions/", {**data, "unrated": "back"})
    html = back.content.decode()
    assert back.status_code == 200 and "govuk-error-summary" not in html
    assert is_checked(html, "RV-INT-CUL", "3") and "Kept</textarea>" in html
    assert is_checked(html, "organisation_type", "health_provider")
    assert survey.responses.count() == 0


def test_submit_without_them_stores_the_response(client, questionnaire, survey):
    _html, token = questionnaire(survey)
    data = {"form_token": token, "RV-INT-CUL": "3"}
    client.post(f"/s/{survey.token}/questions/", data)
    done = client.post(f"/s/{survey.token}/questions/", {**data, "unrated": "submit"})
    assert done.status_code == 302 and "/thanks/?r=" in done["Location"]
    assert survey.responses.get().ratings == {"RV-INT-CUL": 3}


def test_every_statement_rated_goes_straight_through(client, questionnaire, survey):
    html, token = questionnaire(survey)
    from .conftest import shown_order

    answers = {code: "4" for code in shown_order(html)}
    done = client.post(f"/s/{survey.token}/questions/", {"form_token": token, **answers})
    assert done.status_code == 302
    assert survey.responses.count() == 1
