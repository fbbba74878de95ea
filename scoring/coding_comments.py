"""The comments analysts code and reports quote: those of areas whose results are ready,
as reviewers read them (scoring.comments decides: the redaction if any, hidden comments
left out, the respondent type only where its group is shown, and which group filters match).

Nothing here reads a rating: a comment is never put beside its respondent's answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from django.utils import timezone

from surveys.choices import reporting_group
from surveys.models import Area, Programme, Response

from .comments import Comment, area_comments, quotable_groups
from .passage_offsets import to_shown
from .reader import Summary, summary_read
from .selectors import area_snapshot
from .tallies import LATEST


@dataclass(frozen=True)
class CodingComment:
    comment: Comment
    area: Area

    @property
    def pk(self) -> int:
        return self.comment.pk

    @property
    def text(self) -> str:
        return self.comment.text

    def shown_span(self, start: int, end: int) -> tuple[int, int]:
        """A stored passage (original characters) in the text shown."""
        return to_shown(
            original=self.comment.original, shown=self.comment.text, start=start, end=end
        )

    def quote(self, start: int, end: int) -> str:
        shown_start, shown_end = self.shown_span(start, end)
        return self.comment.text[shown_start:shown_end].strip()


def ready_areas(*, programme: Programme, area_slug: str = "") -> list[Area]:
    """Areas of the programme whose results are ready, in review order."""
    now = timezone.now()
    areas = programme.areas.select_related("survey", "programme").order_by("review_order", "name")
    if area_slug:
        areas = areas.filter(slug=area_slug)
    return [a for a in areas if hasattr(a, "survey") and a.survey.results_ready(now)]


def area_summary(*, area: Area, kind: str = LATEST) -> Summary | None:
    snapshot = area_snapshot(survey=area.survey, kind=kind)
    return None if snapshot is None else summary_read(snapshot.summary_json)


def area_coding_comments(
    *,
    area: Area,
    summary: Summary,
    role: str = "",
    organisation_type: str = "",
    search: str = "",
    ids: Collection[int] | None = None,
    joint: Counter | None = None,
) -> list[CodingComment]:
    comments = area_comments(
        survey=area.survey,
        summary=summary,
        role=role,
        organisation_type=organisation_type,
        search=search,
        ids=ids,
        joint=joint,
    )
    return [CodingComment(comment, area) for comment in comments]


def programme_coding_comments(
    *,
    programme: Programme,
    area_slug: str = "",
    role: str = "",
    organisation_type: str = "",
    search: str = "",
) -> list[CodingComment]:
    """Every comment analysts may code, area by area in review order, filtered (a group
    filter matches only where the group is shown: it never counts a suppressed group)."""
    found = []
    for area in ready_areas(programme=programme, area_slug=area_slug):
        summary = area_summary(area=area)
        if summary is not None:
            found += area_coding_comments(
                area=area,
                summary=summary,
                role=role,
                organisation_type=organisation_type,
                search=search,
            )
    return found


def group_options(*, programme: Programme) -> dict[str, list[tuple[str, str]]]:
    """Role and organisation type groups shown in at least one ready area: the group
    filters offered (a filter still matches only where its group is shown)."""
    options: dict[str, dict[str, str]] = {"primary_role": {}, "organisation_type": {}}
    for area in ready_areas(programme=programme):
        summary = area_summary(area=area)
        if summary is None:
            continue
        quotable = quotable_groups(summary)
        for question, found in options.items():
            for group in summary.breakdowns.get(question, ()):
                if group.key in quotable.get(question, set()):
                    found.setdefault(group.key, group.label)
    return {question: list(found.items()) for question, found in options.items()}


def group_attribution(*, area: Area, summary: Summary) -> dict[int, dict[str, str]]:
    """Each comment's role and organisation type group as counted: the group whose filter
    (scoring.comments) matches the comment, so a count never attributes a comment to a group
    that its quote and the comments page would not show. Comments absent: no group."""
    quotable = quotable_groups(summary)
    found: dict[int, dict[str, str]] = {}
    for question, parameter in (
        ("primary_role", "role"),
        ("organisation_type", "organisation_type"),
    ):
        for key in sorted(quotable.get(question, set())):
            matching = area_comments(survey=area.survey, summary=summary, **{parameter: key})
            for comment in matching:
                found.setdefault(comment.pk, {})[question] = key
    return found


def tenure_groups(*, comments: list[CodingComment], summary: Summary) -> dict[int, str]:
    """Each comment's time in the system where that group is shown in its area ("" if not):
    scoring.comments quotes no tenure, so it is read here under the same shown-group rule."""
    shown = quotable_groups(summary).get("time_in_system", set())
    answers = dict(
        Response.objects.filter(pk__in=[c.pk for c in comments]).values_list("pk", "time_in_system")
    )
    result = {}
    for c in comments:
        key = reporting_group(answers.get(c.pk, ""))
        result[c.pk] = key if key in shown else ""
    return result
