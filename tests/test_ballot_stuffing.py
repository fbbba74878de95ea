"""Ballot stuffing is detected, not refused: identical answers and unusual days are flagged
with counts on the area's admin page, and an administrator can exclude them from results
with a recorded reason, but only while no result has taken them in (excluding answers
already in published figures would let a before-and-after comparison read them)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from scoring.services import surveys_close_due, surveys_latest_recompute
from surveys.models import Response, ResponseExclusion
from surveys.stuffing import COPIES, ExclusionError, responses_exclude

SAME = {"RV-INT-CUL": 5, "RV-TRU-PEO": 5, "RP-DIR": 5}


def stuff(survey, respond, n, *, late=False):
    for _ in range(n):
        respond(survey, SAME, org=("other",), comment="Brilliant", late=late)


def distinct(survey, respond, n, *, late=False):
    for i in range(n):
        respond(survey, {"RV-INT-CUL": i % 6, "RP-DIR": (i // 6) % 6}, late=late)


def test_flags_with_counts_and_exclusion_with_a_reason(client, admin_user, survey, respond):
    stuff(survey, respond, 15)
    distinct(survey, respond, 8)
    today = timezone.localdate()
    Response.objects.filter(comment="").update(submitted_on=today - timedelta(days=1))
    client.force_login(admin_user)
    page = client.get(f"/admin/surveys/area/{survey.area.pk}/change/").content.decode()
    assert "14 identical response(s) beyond the first of 1 group(s)" in page

    unusual = f"/admin/surveys/area/{survey.area.pk}/unusual/"
    refused = client.post(unusual, {"what": COPIES, "reason": "  "})
    assert refused.status_code == 400 and not ResponseExclusion.objects.exists()
    done = client.post(unusual, {"what": COPIES, "reason": "One device, 15 times in a row"})
    assert done.status_code == 302
    (exclusion,) = ResponseExclusion.objects.all()
    assert exclusion.responses_excluded == 14 and exclusion.excluded_by == admin_user
    assert exclusion.reason == "One device, 15 times in a row"
    assert Response.objects.count() == 23  # kept, counted nowhere

    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    surveys_close_due()
    deadline = survey.snapshots.get(kind="deadline").summary
    assert deadline["counts"]["responses"] == 9


def test_an_unusual_day_is_flagged(client, admin_user, survey, respond):
    distinct(survey, respond, 30)
    today = timezone.localdate()
    for days_ago, pk in enumerate(Response.objects.order_by("pk").values_list("pk", flat=True)[:5]):
        Response.objects.filter(pk=pk).update(submitted_on=today - timedelta(days=days_ago + 1))
    client.force_login(admin_user)
    page = client.get(f"/admin/surveys/area/{survey.area.pk}/unusual/").content.decode()
    assert f"{today:%-d %B %Y}: 25 responses" in page


def test_nothing_already_in_results_can_be_excluded(make_survey, respond, admin_user, settings):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    survey = make_survey("Bolton", opens_in=-14, closes_in=-1, late_days=5)
    stuff(survey, respond, 12)
    surveys_close_due()
    snapshots = {s.kind: s.summary_json for s in survey.snapshots.all()}
    with pytest.raises(ExclusionError, match="already in the results"):
        responses_exclude(survey=survey, what=COPIES, reason="Too late", user=admin_user)
    assert not Response.objects.exclude(exclusion=None).exists()
    assert {s.kind: s.summary_json for s in survey.snapshots.all()} == snapshots

    # Late copies still waiting for their group can go; the group then joins without them.
    stuff(survey, respond, 5, late=True)
    assert responses_exclude(survey=survey, what=COPIES, reason="Again", user=admin_user) == 5
    distinct(survey, respond, 10, late=True)
    surveys_latest_recompute(surveys=[survey])
    latest = survey.snapshots.get(kind="latest").summary
    assert latest["counts"]["responses"] == 22 and latest["counts"]["late"] == 10
