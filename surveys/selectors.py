"""Reads of the survey side that change nothing: participation and cascade counts.

Counts only: a branch (the contact a response came through) is never crossed with anything
a respondent answered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from .anonymity import suppression_reasons
from .models import Contact, OutboundEmail, Programme, Response, Survey


@dataclass(frozen=True)
class Participation:
    """An area's reach and estimated response rate. Counts only: branches are never
    crossed with anything a respondent answered."""

    contacts: int
    invited: int
    declared: int  # contacts who said how many they forwarded it to
    reach: int  # the sum of what they declared
    responses: int

    @property
    def rate(self) -> float | None:
        """Estimated response rate: responses / (contacts + declared reach)."""
        base = self.contacts + self.reach
        return self.responses / base if base else None

    @property
    def coverage(self) -> str:
        return f"{self.declared} of {self.contacts} contacts declared"


def area_participation(*, survey: Survey) -> Participation:
    return surveys_participation(surveys=Survey.objects.filter(pk=survey.pk))[survey.pk]


def programme_participation(*, programme: Programme) -> dict[int, Participation]:
    return surveys_participation(surveys=Survey.objects.filter(area__programme=programme))


def surveys_participation(*, surveys: QuerySet[Survey]) -> dict[int, Participation]:
    """Each survey's participation, keyed by survey id, in five queries however many
    surveys: an area report asks for one, the programme report and admin list for all."""
    contacts = Contact.objects.filter(area__survey__in=surveys)
    counts = {
        row["area_id"]: row
        for row in contacts.values("area_id")
        .annotate(
            n=Count("pk"),
            declared=Count("pk", filter=Q(declared_reach__isnull=False)),
            reach=Sum("declared_reach", default=0),
        )
        .order_by()
    }
    keys = [
        f"invitation:{survey_id}:{contact_id}"
        for contact_id, survey_id in contacts.values_list("pk", "area__survey")
    ]
    invited = Counter(
        int(key.split(":")[1])
        for key in OutboundEmail.objects.filter(
            key__in=keys, status=OutboundEmail.SENT
        ).values_list("key", flat=True)
    )
    responses = dict(
        Response.objects.filter(survey__in=surveys)
        .values_list("survey_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    participation = {}
    for survey_id, area_id in surveys.values_list("pk", "area_id"):
        area = counts.get(area_id, {"n": 0, "declared": 0, "reach": 0})
        participation[survey_id] = Participation(
            contacts=area["n"],
            invited=invited[survey_id],
            declared=area["declared"],
            reach=area["reach"],
            responses=responses.get(survey_id, 0),
        )
    return participation


def branch_counts(*, survey: Survey) -> dict[int | None, str]:
    """Responses per branch of an area (contact id, None for the area's own link) as shown
    to the admin and to each contact: a branch under the threshold, or one whose count
    could be worked out from the others and the area total, reads "fewer than 10"."""
    return surveys_branch_counts(surveys=Survey.objects.filter(pk=survey.pk))[survey.pk]


def surveys_branch_counts(*, surveys: QuerySet[Survey]) -> dict[int, dict[int | None, str]]:
    """branch_counts for each survey, keyed by survey id, in three queries however many
    surveys (the admin's list of a programme's areas shows them all)."""
    counts = {
        (survey_id, branch_id): n
        for survey_id, branch_id, n in Response.objects.filter(survey__in=surveys)
        .values_list("survey_id", "branch_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    sizes = {
        survey_id: {None: counts.get((survey_id, None), 0)}
        for survey_id in surveys.values_list("pk", flat=True)
    }
    for contact_id, survey_id in Contact.objects.filter(area__survey__in=surveys).values_list(
        "pk", "area__survey"
    ):
        sizes[survey_id][contact_id] = counts.get((survey_id, contact_id), 0)
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    shown = {}
    for survey_id, branches in sizes.items():
        hidden = suppression_reasons(branches, threshold)
        shown[survey_id] = {
            key: f"fewer than {threshold}" if key in hidden else str(n)
            for key, n in branches.items()
        }
    return shown
