"""A lead recodes a free-text "other" role: it counts in the latest results of every area,
closed ones recomputed, and in the programme breakdowns from the next publication; the
deadline snapshot stays as the review team saw it, and the page says exactly that."""

from datetime import timedelta

from django.utils import timezone

from scoring.models import ProgrammeSnapshot, SurveySnapshot
from scoring.services import programme_results_publish, surveys_close_due


def role_n(survey, kind, group):
    groups = SurveySnapshot.objects.get(survey=survey, kind=kind).summary["breakdowns"]
    return groups["primary_role"][group]["n"]


def programme_n(programme, group):
    groups = ProgrammeSnapshot.objects.get(programme=programme, kind="latest").summary
    return groups["breakdowns"]["primary_role"][group]["n"]


def people(survey, respond, count, role, written=""):
    for _ in range(count):
        r = respond(survey, {"RV-INT-CUL": 3}, role=(role,))
        if written:
            r.primary_role_other = written
            r.save()


def test_a_recoding_reaches_closed_areas_latest_results_and_the_next_publication(
    client, settings, make_survey, due_survey, respond, lead
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    people(due_survey, respond, 12, "other", "Social worker")
    people(due_survey, respond, 13, "other", "Volunteer")
    for role in ("direct_service_delivery", "operational_management", "senior_executive"):
        people(due_survey, respond, 20, role)
    surveys_close_due()  # the area closes (the only one: the programme's breakdowns are live)
    assert role_n(due_survey, "latest", "direct_service_delivery") == 20
    assert programme_n(due_survey.area.programme, "direct_service_delivery") == 20

    client.force_login(lead)
    url = f"/results/{due_survey.area.programme.slug}/other-roles/"
    page = client.get(url).content.decode()
    assert "in the <strong>latest results</strong> of every area" in page
    assert "from your next publication" in page
    assert "<strong>results at each area’s deadline</strong> do not change" in page
    response = client.post(url, {"text": "social  WORKER", "role": "direct_service_delivery"})
    assert response.status_code == 302

    # The beat recomputes the closed area once the debounce window has passed.
    surveys_close_due(now=timezone.now() + timedelta(minutes=5))
    assert role_n(due_survey, "latest", "direct_service_delivery") == 32
    assert role_n(due_survey, "latest", "other") == 13
    assert role_n(due_survey, "deadline", "direct_service_delivery") == 20  # as the team saw it
    assert role_n(due_survey, "deadline", "other") == 25
    # The programme counts it from the next publication, not before.
    programme = due_survey.area.programme
    assert programme_n(programme, "direct_service_delivery") == 20
    programme_results_publish(programme=programme)
    assert programme_n(programme, "direct_service_delivery") == 32
    surveys_close_due(now=timezone.now() + timedelta(minutes=10))  # a later recomputation
    assert programme_n(programme, "direct_service_delivery") == 32


def test_areas_that_close_afterwards_count_it_at_their_deadline(
    client, settings, make_survey, respond, lead
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 2
    still_open = make_survey("York")
    people(still_open, respond, 2, "other", "Social worker")
    people(still_open, respond, 2, "other", "Volunteer")
    people(still_open, respond, 2, "direct_service_delivery")
    client.force_login(lead)
    url = f"/results/{still_open.area.programme.slug}/other-roles/"
    client.post(url, {"text": "Social worker", "role": "direct_service_delivery"})
    from scoring.services import survey_close

    survey_close(survey=still_open)
    assert role_n(still_open, "deadline", "direct_service_delivery") == 4
    assert role_n(still_open, "deadline", "other") == 2  # the volunteers


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
