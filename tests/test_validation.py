"""Bad input gets a clear message and stores nothing; the respondent's answers are kept."""

import pytest

from .conftest import BrowserLikeClient, is_checked


def test_an_empty_submission_is_rejected_with_a_clear_message(submit, survey):
    response = submit(survey, {})
    assert response.status_code == 400
    assert "Rate at least one statement or add a comment" in response.content.decode()
    assert survey.responses.count() == 0


def test_an_over_long_comment_is_refused_and_everything_else_is_kept(submit, survey):
    response = submit(
        survey,
        {"RV-TRU-CUL": "4", "comment": "word " * 301, "time_in_system": ["1_to_3_years"]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "300 words or fewer" in html
    assert "word word word" in html  # the comment is still in the box
    assert '<a href="#id_comment">' in html  # the error summary links to the field
    assert survey.responses.count() == 0
    assert is_checked(html, "RV-TRU-CUL", "4")
    assert is_checked(html, "time_in_system", "1_to_3_years")
    assert not is_checked(html, "RV-TRU-CUL", "3")


def test_a_huge_comment_in_characters_is_refused(submit, survey):
    response = submit(survey, {"comment": "x" * 2001})
    assert response.status_code == 400
    assert "2,000 characters" in response.content.decode()
    assert survey.responses.count() == 0


@pytest.mark.parametrize("value", ["6", "-1", "abc", "3.5", ""])
def test_a_rating_off_the_scale_is_refused(submit, survey, value):
    response = submit(
        survey, {"RV-INT-CUL": value, "RV-INT-VIS": "2"} if value else {"RV-INT-CUL": value}
    )
    assert response.status_code == 400
    assert survey.responses.count() == 0
    if value:
        assert "Choose one of the six ratings for this statement" in response.content.decode()


def test_an_unknown_statement_code_is_refused(submit, survey):
    response = submit(survey, {"RV-INT-CUL": "3", "RV-XXX-YYY": "3"})
    assert response.status_code == 400
    assert "answers we do not recognise" in response.content.decode()
    assert survey.responses.count() == 0


@pytest.mark.parametrize(
    "field,value",
    [("organisation_type", "ministry"), ("primary_role", "ceo"), ("time_in_system", "forever")],
)
def test_an_unknown_option_is_refused(submit, survey, field, value):
    response = submit(survey, {"RV-INT-CUL": "3", field: [value]})
    assert response.status_code == 400
    assert "from the list" in response.content.decode()
    assert survey.responses.count() == 0


def test_other_role_text_without_ticking_other_is_refused(submit, survey):
    response = submit(survey, {"RV-INT-CUL": "3", "primary_role_other": "Volunteer"})
    assert response.status_code == 400
    assert "Tick “Other”" in response.content.decode()
    assert survey.responses.count() == 0


def test_a_missing_csrf_token_is_refused_with_a_friendly_page(questionnaire, survey):
    _html, token = questionnaire(survey)
    strict = BrowserLikeClient(enforce_csrf_checks=True)
    response = strict.post(
        f"/s/{survey.token}/questions/", {"form_token": token, "RV-INT-CUL": "3"}
    )
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert survey.responses.count() == 0


def test_a_tampered_form_token_is_refused(submit, survey):
    response = submit(survey, {"RV-INT-CUL": "3"}, token="forged:token")
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert survey.responses.count() == 0


def test_a_form_token_from_another_survey_is_refused(questionnaire, submit, survey, make_survey):
    _html, other_token = questionnaire(make_survey("York"))
    response = submit(survey, {"RV-INT-CUL": "3"}, token=other_token)
    assert response.status_code == 400
    assert survey.responses.count() == 0


def test_a_request_body_far_too_large_is_refused(client, questionnaire, survey):
    _html, token = questionnaire(survey)
    response = client.post(
        f"/s/{survey.token}/questions/", {"form_token": token, "comment": "x" * 400_000}
    )
    assert response.status_code == 400
    assert survey.responses.count() == 0
