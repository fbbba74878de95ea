from surveys.models import Survey


def test_a_survey_not_yet_open_says_when_it_opens(client, make_survey):
    survey = make_survey(opens_in=3, closes_in=10)
    html = client.get(f"/s/{survey.token}/").content.decode()
    assert "This survey is not open yet" in html
    assert f"{survey.opens_at:%Y}" in html
    assert client.get(f"/s/{survey.token}/questions/").status_code == 200
    assert "not open yet" in client.get(f"/s/{survey.token}/questions/").content.decode()


def test_a_closed_survey_says_when_it_closed_and_stores_nothing(client, submit, make_survey):
    survey = make_survey(opens_in=-20, closes_in=-1)
    html = client.get(f"/s/{survey.token}/").content.decode()
    assert "This survey has closed" in html
    response = client.post(f"/s/{survey.token}/questions/", {"RV-INT-CUL": "3"})
    assert response.status_code == 403
    assert "your answers were not saved" in response.content.decode()
    assert survey.responses.count() == 0


def test_a_form_opened_before_the_deadline_and_sent_after_it_is_not_stored(
    client, questionnaire, survey
):
    _html, token = questionnaire(survey)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=survey.opens_at.replace(year=2017), closes_at=survey.opens_at.replace(year=2018)
    )
    response = client.post(
        f"/s/{survey.token}/questions/", {"form_token": token, "RV-INT-CUL": "2"}
    )
    assert response.status_code == 403
    assert survey.responses.count() == 0


def test_in_the_grace_period_responses_are_accepted_and_marked_late(client, submit, make_survey):
    survey = make_survey(opens_in=-20, closes_in=-1, late_days=3)
    assert "still accepted" in client.get(f"/s/{survey.token}/").content.decode()
    assert submit(survey, {"RV-INT-CUL": "3"}).status_code == 302
    assert survey.responses.get().is_late is True
