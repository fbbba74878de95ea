"""Reading comments and response rows for reviewers, analysts and programme leads.

A comment is quoted with the respondent type the annex uses ("Operational management,
health provider") only where both of those groups are shown in the area's breakdowns: a
type from a suppressed group would single out a few people. Reviewers and every export see
a lead's redaction, never the original, and never a hidden comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from surveys.choices import DEMOGRAPHIC_QUESTIONS, reporting_group
from surveys.models import RATING_CODES, Programme, Response, Survey

from .exports import Table
from .reader import Summary, group_label
from .tallies import DEADLINE

TYPE_QUESTIONS = ("primary_role", "organisation_type")


@dataclass(frozen=True)
class Comment:
    pk: int
    text: str  # as reviewers see it: the redaction if there is one
    respondent_type: str
    groups: dict[str, str]  # question -> shown group key ("" where suppressed)
    submitted_on: date
    is_late: bool
    hidden: bool
    redacted: bool
    original: str  # only ever shown to programme leads


def shown_groups(summary: Summary) -> dict[str, set[str]]:
    """The breakdown groups with figures (not suppressed), per question."""
    return {
        question: {g.key for g in groups if not g.suppressed}
        for question, groups in summary.breakdowns.items()
    }


def quotable_groups(summary: Summary) -> dict[str, set[str]]:
    """Shown groups that are options of their question (not "more than one ticked" or "did
    not answer"): what a comment is quoted with, and what the comments are filtered by."""
    return {
        question: keys & {value for value, _label in DEMOGRAPHIC_QUESTIONS[question]}
        for question, keys in shown_groups(summary).items()
    }


def _answer_group(response: Response, question: str) -> str:
    answer = (
        response.primary_role_counted if question == "primary_role" else response.organisation_type
    )
    return reporting_group(answer)


def _comments_query(survey: Survey, kind: str):
    responses = Response.objects.filter(survey=survey).exclude(comment="")
    if kind == DEADLINE:
        responses = responses.filter(is_late=False)
    return responses.order_by("submitted_on", "pk")


def area_comments(
    *,
    survey: Survey,
    summary: Summary,
    include_hidden: bool = False,
    role: str = "",
    organisation_type: str = "",
    search: str = "",
) -> list[Comment]:
    """The area's comments as of the summary's snapshot, filtered. A filter on a group that
    is not shown matches nothing, so a filter never counts a suppressed group."""
    shown, quotable = shown_groups(summary), quotable_groups(summary)
    wanted = {"primary_role": role, "organisation_type": organisation_type}
    needle = search.strip().casefold()
    comments = []
    for response in _comments_query(survey, summary.snapshot):
        if response.comment_hidden and not include_hidden:
            continue
        groups, parts = {}, []
        for question in TYPE_QUESTIONS:
            key = _answer_group(response, question)
            groups[question] = key if key in shown.get(question, set()) else ""
            if key in quotable.get(question, set()):
                parts.append(group_label(question, key))
        if any(value and groups[q] != value for q, value in wanted.items()):
            continue
        text = response.comment_redacted or response.comment
        if needle and needle not in text.casefold():
            continue
        respondent_type = ", ".join(parts[:1] + [p[:1].lower() + p[1:] for p in parts[1:]])
        comments.append(
            Comment(
                pk=response.pk,
                text=text,
                respondent_type=respondent_type,
                groups=groups,
                submitted_on=response.submitted_on,
                is_late=response.is_late,
                hidden=response.comment_hidden,
                redacted=bool(response.comment_redacted),
                original=response.comment,
            )
        )
    return comments


def comments_table(comments: list[Comment]) -> Table:
    return Table(
        "Comments",
        ["comment", "respondent type", "submitted on", "late"],
        [(c.text, c.respondent_type, c.submitted_on, c.is_late) for c in comments],
    )


RESPONSE_COLUMNS = [
    "area", "submitted_on", "late", "instrument_version", *RATING_CODES,
    "organisation_type", "primary_role", "primary_role_other", "time_in_system", "comment",
]  # fmt: skip


def _response_rows(programme: Programme) -> Iterator[tuple]:
    responses = (
        Response.objects.filter(survey__area__programme=programme)
        .select_related("survey__area", "instrument")
        .order_by("survey__area__review_order", "survey__area__name", "submitted_on", "pk")
    )
    for r in responses.iterator(chunk_size=2000):
        yield (
            r.survey.area.slug,
            r.submitted_on,
            r.is_late,
            r.instrument.version,
            *(r.rating(code) for code in RATING_CODES),
            r.organisation_type,
            r.primary_role_counted,
            r.primary_role_other,
            r.time_in_system,
            r.comment_shown,
        )


def responses_table(programme: Programme) -> Table:
    """One row per response, for analysts: ratings as scale positions 0-5 (before reverse
    scoring), answers as stored option values, the comment as moderated."""
    return Table("Responses", RESPONSE_COLUMNS, _response_rows(programme))
