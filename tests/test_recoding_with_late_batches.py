"""Recoding a written role and taking late responses in, together: the latest breakdowns
count the people the deadline counted (never a response excluded as ballot stuffing, never
a late one), by role as recoded now, while the latest figures take late responses in a
group of at least the threshold and say how many late ones they hold."""

from datetime import timedelta

from django.utils import timezone

from scoring.models import SurveySnapshot
from scoring.services import surveys_close_due
from surveys.models import Response
from surveys.services import other_role_recode
from surveys.stuffing import COPIES, responses_exclude


def answers(i: int) -> dict:
    """Answers no other respondent here gives (so only the stuffed ones are copies)."""
    return {"RV-INT-CUL": i % 6, "RV-TRU-PEO": i // 6 % 6, "RP-DIR": i // 36 % 6}


def roles(survey, kind) -> dict:
    summary = SurveySnapshot.objects.get(survey=survey, kind=kind).summary
    return {key: group["n"] for key, group in summary["breakdowns"]["primary_role"].items()}


def test_recoded_roles_and_late_batches_both_hold(settings, make_survey, respond, admin_user):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    survey = make_survey("Wigan", opens_in=-14, closes_in=7, late_days=5)
    i = 0
    for role, count in (
        ("direct_service_delivery", 20),
        ("operational_management", 20),
        ("senior_executive", 20),
    ):
        for _ in range(count):
            respond(survey, answers(i := i + 1), role=(role,))
    for _ in range(11):  # social workers who wrote their role
        respond(survey, answers(i := i + 1), role=("other",))
    for _ in range(11):  # one device, eleven times: ten copies are excluded before the close
        respond(survey, {"RV-INT-CUL": 5, "RP-DIR": 5}, role=("other",))
    Response.objects.filter(primary_role="other").update(primary_role_other="Social worker")
    assert responses_exclude(survey=survey, what=COPIES, reason="One device", user=admin_user) == 10

    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.late_until = survey.closes_at + timedelta(days=5)
    survey.save()
    surveys_close_due()
    deadline = {"direct_service_delivery": 20, "other": 12}
    assert {key: roles(survey, "deadline")[key] for key in deadline} == deadline

    # The lead recodes the written role; nine late responses arrive: not yet a group.
    assert other_role_recode(programme=survey.area.programme, text="social worker",
                             role="direct_service_delivery") == 22  # fmt: skip
    for _ in range(9):
        respond(survey, answers(i := i + 1), late=True, role=("senior_executive",))
    surveys_close_due(now=timezone.now() + timedelta(minutes=5))
    latest = SurveySnapshot.objects.get(survey=survey, kind="latest").summary
    assert latest["counts"]["responses"] == 72 and latest["counts"]["late"] == 0
    # Only the 12 counted social workers moved, not the 10 excluded copies.
    assert roles(survey, "latest")["direct_service_delivery"] == 32
    assert roles(survey, "latest")["senior_executive"] == 20

    # The tenth late response makes a group: the figures take all ten in; the breakdowns
    # still count the deadline's 72 people, as recoded.
    respond(survey, answers(i := i + 1), late=True, role=("senior_executive",))
    survey.results_mark_stale(now=timezone.now())
    surveys_close_due(now=timezone.now() + timedelta(minutes=10))
    latest = SurveySnapshot.objects.get(survey=survey, kind="latest").summary
    assert latest["counts"]["responses"] == 82 and latest["counts"]["late"] == 10
    now_roles = roles(survey, "latest")
    assert now_roles["direct_service_delivery"] == 32 and now_roles["senior_executive"] == 20
    assert sum(n for n in now_roles.values() if n) == 72
    survey.refresh_from_db()
    assert survey.late_taken_through == Response.objects.filter(is_late=True).latest("pk").pk
    assert Response.objects.in_results(with_late=True).filter(survey=survey).count() == 82
    assert {key: roles(survey, "deadline")[key] for key in deadline} == deadline  # unchanged
