"""A lead recodes a free-text "other" role; breakdowns count it from the next computation,
and the deadline snapshot stays as it was."""

from datetime import timedelta

from django.utils import timezone

from scoring.models import SurveySnapshot
from scoring.services import surveys_close_due


def role_n(survey, kind, group):
    return SurveySnapshot.objects.get(survey=survey, kind=kind).summary["breakdowns"][
        "primary_role"
    ][group]["n"]


def test_recoded_roles_count_in_areas_that_close_afterwards(
    client, settings, make_survey, due_survey, respond, lead
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 2
    still_open = make_survey("York")
    for survey in (due_survey, still_open):
        for text in ("Social worker", "social  WORKER", "Volunteer", "volunteer "):
            r = respond(survey, {"RV-INT-CUL": 3}, role=("other",))
            r.primary_role_other = text
            r.save()
        for _ in range(2):
            respond(survey, {"RV-INT-CUL": 3}, role=("direct_service_delivery",))
    surveys_close_due()  # the first area closes before the recoding
    assert role_n(due_survey, "latest", "direct_service_delivery") == 2

    client.force_login(lead)
    url = f"/results/{due_survey.area.programme.slug}/other-roles/"
    page = client.get(url).content.decode()
    assert "“Social worker” (4 responses)" in page and "“Volunteer” (4 responses)" in page
    response = client.post(url, {"text": "Social worker", "role": "direct_service_delivery"})
    assert response.status_code == 302

    from scoring.services import survey_close

    survey_close(survey=still_open)
    assert role_n(still_open, "deadline", "direct_service_delivery") == 4
    assert role_n(still_open, "deadline", "other") == 2  # the volunteers
    # The area closed before keeps what its review team saw, in both snapshots.
    surveys_close_due(now=timezone.now() + timedelta(minutes=5))
    assert role_n(due_survey, "latest", "direct_service_delivery") == 2
    assert role_n(due_survey, "deadline", "direct_service_delivery") == 2


def test_a_made_up_role_changes_nothing(client, due_survey, respond, lead):
    r = respond(due_survey, {"RV-INT-CUL": 3}, role=("other",))
    r.primary_role_other = "Porter"
    r.save()
    client.force_login(lead)
    url = f"/results/{due_survey.area.programme.slug}/other-roles/"
    response = client.post(url, {"text": "Porter", "role": "astronaut"})
    assert response.status_code == 400
    assert "Choose one of the role categories" in response.content.decode()
    r.refresh_from_db()
    assert r.primary_role_recoded == ""


def test_a_role_written_several_ways_is_shown_as_most_people_wrote_it(
    client, due_survey, respond, lead
):
    for text in ("care  NAVIGATOR", "Care navigator", "Care navigator", "care navigator"):
        r = respond(due_survey, {"RV-INT-CUL": 3}, role=("other",))
        r.primary_role_other = text
        r.save()
    client.force_login(lead)
    page = client.get(f"/results/{due_survey.area.programme.slug}/other-roles/")
    assert "“Care navigator” (4 responses)" in page.content.decode()
