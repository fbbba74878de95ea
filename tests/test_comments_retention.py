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
