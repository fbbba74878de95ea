"""The database unavailable: a clear "try again" page (503), nothing stored, and the
answers come back so the respondent can resubmit."""

from django.db import OperationalError

from surveys import views
from surveys.models import Response

from .conftest import is_checked


def test_a_failed_insert_gives_the_page_back_with_every_answer(
    client, questionnaire, survey, monkeypatch
):
    _html, token = questionnaire(survey)

    def down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(views, "response_submit", down)
    data = {"form_token": token, "RV-INT-CUL": "4", "comment": "Kept", "unrated": "submit"}
    response = client.post(f"/s/{survey.token}/questions/", data)
    html = response.content.decode()
    assert response.status_code == 503 and "could not be saved just now" in html
    assert is_checked(html, "RV-INT-CUL", "4") and "Kept</textarea>" in html
    assert not Response.objects.exists()


def test_with_the_database_gone_entirely_the_answers_are_carried_back(client, survey, monkeypatch):
    def down(token):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(views, "_entry_or_none", down)
    data = {"form_token": "t", "RV-INT-CUL": "4", "comment": "Still here"}
    response = client.post(f"/s/{survey.token}/questions/", data)
    html = response.content.decode()
    assert response.status_code == 503 and "Try again" in html
    assert 'name="RV-INT-CUL" value="4"' in html and 'value="Still here"' in html
