"""Reads of the survey side that change nothing: participation and cascade counts.

Counts only: a branch (the contact a response came through) is never crossed with anything
a respondent answered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet

from .anonymity import split_disclosable, suppression_reasons
from .models import Contact, OutboundEmail, Programme, Response, Survey


@dataclass(frozen=True)
class Participation:
    """An area's reach and estimated response rate. Counts only: branches are never
    crossed with anything a respondent answered.

    The estimate uses only the branches it can measure: the responses that came through the
    links of contacts who declared how many colleagues they forwarded the survey to, over
    those contacts and their declared reach. Responses through the area's own link and
    through contacts who declared nothing are counted apart (`outside`): nobody knows how
    many people those reached."""

    contacts: int
    invited: int
    declared: int  # contacts who said how many they forwarded it to
    reach: int  # the sum of what they declared
    responses: int
    through_declared: int = 0  # responses through the links of contacts who declared
    # Whether the split between declared branches and the rest may be shown: each side, and
    # each side's branches hidden from the admin and contacts, is none or at least the
    # threshold (surveys.anonymity.split_disclosable). Otherwise no estimate is shown.
    split_shown: bool = True

    @property
    def outside(self) -> int:
        """Responses outside the estimate: the area's own link, undeclared contacts."""
        return self.responses - self.through_declared

    @property
    def base(self) -> int:
        """The people the declared branches reached: those contacts and their colleagues."""
        return self.declared + self.reach

    @property
    def estimable(self) -> bool:
        return bool(self.base) and self.split_shown and self.through_declared > 0

    @property
    def exceeds_reach(self) -> bool:
        """More responses came through the declared branches than they said they reached."""
        return self.estimable and self.through_declared > self.base

    @property
    def rate(self) -> float | None:
        """through_declared / (declared contacts + declared reach), never above 1: None
        where it cannot be estimated or where responses exceed the declared reach."""
        if not self.estimable or self.exceeds_reach:
            return None
        return self.through_declared / self.base

    @property
    def coverage(self) -> str:
        return f"{self.declared} of {self.contacts} contacts declared"

    @property
    def headline(self) -> str:
        """The figure in a few words, for a table cell."""
        if self.rate is not None:
            return f"{100 * self.rate:.0f}%"
        if self.exceeds_reach:
            return "More responses than declared reach"
        return "Not estimated"

    @property
    def explanation(self) -> str:
        """What the figure is made of, in words, and what it leaves out."""
        if not self.contacts:
            return "No contacts were invited through this service, so the reach is not known."
        if not self.declared:
            return (
                f"None of the {self.contacts} contacts has said how many colleagues they "
                "forwarded the survey to, so no response rate can be estimated."
            )
        if not self.split_shown:
            return (
                f"{self.coverage}, but too few responses came through their links (or through "
                "the other links) to show the figure without revealing how many came through "
                "one contact's link."
            )
        measured = (
            f"{self.through_declared} response{'s' if self.through_declared != 1 else ''} "
            f"came through the links of the {self.declared} contact"
            f"{'s' if self.declared != 1 else ''} (of {self.contacts}) who said how many "
            f"colleagues they forwarded it to: {self.reach} colleagues and themselves, "
            f"{self.base} people"
        )
        if self.exceeds_reach:
            measured = "More responses than declared reach: " + measured[0].lower() + measured[1:]
        else:
            measured = f"An estimate from {measured}"
        outside = (
            f"{self.outside} response{'s' if self.outside != 1 else ''} through the area's own "
            "link or the links of contacts who declared nothing "
            f"{'is' if self.outside == 1 else 'are'} outside the estimate."
        )
        return f"{measured}. {outside}"

    def to_json(self) -> dict:
        return {
            "contacts": self.contacts,
            "invited": self.invited,
            "declared": self.declared,
            "reach": self.reach,
            "responses": self.responses,
            "through_declared": self.through_declared,
            "split_shown": self.split_shown,
        }

    @classmethod
    def from_json(cls, data: dict) -> Participation:
        return cls(**data)


def participation_total(parts) -> Participation | None:
    """Several areas' participation added up (a programme's), from the areas whose split
    may be shown: a sum over the others could be subtracted to give theirs back."""
    shown = [p for p in parts if p.split_shown and p.declared]
    if not shown:
        return None
    return Participation(
        contacts=sum(p.contacts for p in shown),
        invited=sum(p.invited for p in shown),
        declared=sum(p.declared for p in shown),
        reach=sum(p.reach for p in shown),
        responses=sum(p.responses for p in shown),
        through_declared=sum(p.through_declared for p in shown),
    )


def area_participation(*, survey: Survey, with_late: bool | None = None) -> Participation:
    surveys = Survey.objects.filter(pk=survey.pk)
    return surveys_participation(surveys=surveys, with_late=with_late)[survey.pk]


def programme_participation(*, programme: Programme) -> dict[int, Participation]:
    return surveys_participation(surveys=Survey.objects.filter(area__programme=programme))


def surveys_participation(
    *, surveys: QuerySet[Survey], with_late: bool | None = None
) -> dict[int, Participation]:
    """Each survey's participation, keyed by survey id, in four queries however many
    surveys: an area report asks for one, the programme report and admin list for all.

    `with_late`: None counts every response as it arrives (the admin's list); False or True
    counts only the responses a deadline or latest snapshot's figures hold
    (Response.objects.in_results), so that the figure stored with them, which reviewers
    read, moves only when a late batch joins the figures, never with one late response."""
    contacts = list(
        Contact.objects.filter(area__survey__in=surveys).values_list(
            "pk", "area__survey", "declared_reach"
        )
    )
    invited = Counter(
        int(key.split(":")[1])
        for key in OutboundEmail.objects.filter(
            key__in=[f"invitation:{survey}:{pk}" for pk, survey, _reach in contacts],
            status=OutboundEmail.SENT,
        ).values_list("key", flat=True)
    )
    branches_of: dict[int, dict[int | None, int]] = {}
    responses = (
        Response.objects.all()
        if with_late is None
        else Response.objects.in_results(with_late=with_late)
    )
    for survey_id, branch_id, n in (
        responses.filter(survey__in=surveys)
        .values_list("survey_id", "branch_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        branches_of.setdefault(survey_id, {})[branch_id] = n
    contacts_of: dict[int, list[tuple[int, int | None]]] = {}
    for pk, survey_id, reach in contacts:
        contacts_of.setdefault(survey_id, []).append((pk, reach))
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    participation = {}
    for survey_id in surveys.values_list("pk", flat=True):
        counted = branches_of.get(survey_id, {})
        mine = contacts_of.get(survey_id, [])
        declared = {pk for pk, reach in mine if reach is not None}
        # Every branch, with none as the area's own link, as the admin's list counts them.
        branches = {None: counted.get(None, 0), **{pk: counted.get(pk, 0) for pk, _r in mine}}
        participation[survey_id] = Participation(
            contacts=len(mine),
            invited=invited[survey_id],
            declared=len(declared),
            reach=sum(reach for _pk, reach in mine if reach is not None),
            responses=sum(counted.values()),
            through_declared=sum(branches[pk] for pk in declared),
            split_shown=split_disclosable(branches, declared, threshold),
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
