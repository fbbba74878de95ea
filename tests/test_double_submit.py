from datetime import timedelta

from django.utils import timezone


def test_submitting_the_same_page_twice_stores_one_response(client, questionnaire, survey):
    _html, token = questionnaire(survey)
    data = {"form_token": token, "RV-INT-CUL": "3", "unrated": "submit"}
    first = client.post(f"/s/{survey.token}/questions/", data)
    again = client.post(f"/s/{survey.token}/questions/", data)  # double click, back + resubmit
    assert first.status_code == again.status_code == 302
    assert again["Location"].startswith(f"/s/{survey.token}/thanks/?r=")
    assert survey.responses.count() == 1


def test_two_respondents_store_two_responses(submit, survey):
    submit(survey, {"RV-INT-CUL": "3"})
    submit(survey, {"RV-INT-CUL": "4"})
    assert survey.responses.count() == 2


def test_a_new_page_sent_after_the_deadline_is_refused(client, questionnaire, survey):
    _html, token = questionnaire(survey)
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    data = {"form_token": token, "RV-INT-CUL": "3", "unrated": "submit"}
    refused = client.post(f"/s/{survey.token}/questions/", data)
    assert refused.status_code == 403
    assert survey.responses.count() == 0
