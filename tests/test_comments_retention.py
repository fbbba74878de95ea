"""After a programme's retention date its comments are deleted and its ratings kept."""

import datetime

from django.utils import timezone

from surveys.models import Response
from surveys.services import comments_retention_apply


def test_comments_go_after_the_retention_date_and_ratings_stay(survey, respond, make_survey):
    kept_programme_survey = survey
    respond(survey, {"RV-INT-CUL": 4}, comment="Names and all")
    programme = survey.area.programme
    programme.retention_until = timezone.localdate() - datetime.timedelta(days=1)
    programme.save()
    assert comments_retention_apply() == 1
    response = Response.objects.get(survey=kept_programme_survey)
    assert response.comment == "" and response.rating("RV-INT-CUL") == 4
    assert comments_retention_apply() == 0  # done once


def test_before_the_date_nothing_is_deleted(survey, respond):
    respond(survey, {"RV-INT-CUL": 4}, comment="Still needed")
    programme = survey.area.programme
    programme.retention_until = timezone.localdate()
    programme.save()
    assert comments_retention_apply() == 0
    assert Response.objects.get().comment == "Still needed"


def test_written_roles_go_with_the_comments_and_the_recoding_stays(survey, respond):
    # A written "other" role is free text that can name a person's job; it is exported with
    # the comments, so it must not outlive them.
    response = respond(survey, {"RV-INT-CUL": 4}, role=["other"])
    Response.objects.filter(pk=response.pk).update(
        primary_role_other="Lead for the Smithfield estate", primary_role_recoded="operational"
    )
    programme = survey.area.programme
    programme.retention_until = timezone.localdate() - datetime.timedelta(days=1)
    programme.save()
    comments_retention_apply()
    response.refresh_from_db()
    assert response.primary_role_other == ""
    assert response.primary_role_recoded == "operational"
    assert response.rating("RV-INT-CUL") == 4
