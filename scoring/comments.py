"""Reading comments for reviewers, analysts and programme leads.

A comment is quoted with the respondent type the annex uses ("Operational management,
health provider") only where both of those groups are shown in the area's breakdowns AND
the combination of the two, in that area, is held by at least the threshold of the
respondents the snapshot counts: "Other, third or voluntary sector" may be one person even
when "Other" and "Third or voluntary sector" are each large. Filters match only the type a
comment is quoted with, so no filter, alone or combined with another, selects a
combination below the threshold. Comments are those of the responses the snapshot's
figures hold (Response.objects.in_results): a late comment appears with its group of late
responses, not before. Reviewers and every export see a lead's redaction, never the
original, and never a hidden comment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from surveys.choices import DEMOGRAPHIC_QUESTIONS, reporting_group
from surveys.models import Response, Survey

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


def _snapshot_responses(survey: Survey, kind: str):
    return Response.objects.in_results(with_late=kind != DEADLINE).filter(survey=survey)


def joint_group_sizes(responses) -> Counter:
    """Respondents per (role group, organisation type group) among `responses`, counted by
    the database (one row per combination of answers, not per respondent)."""
    joint: Counter = Counter()
    combinations = (
        responses.order_by()
        .values_list("primary_role", "primary_role_recoded", "organisation_type")
        .annotate(n=Count("pk"))
    )
    for role, recoded, organisation_type, n in combinations:
        joint[(reporting_group(recoded or role), reporting_group(organisation_type))] += n
    return joint


def area_joint_sizes(*, survey: Survey, summary: Summary) -> Counter:
    """joint_group_sizes of the responses the summary's snapshot holds."""
    return joint_group_sizes(_snapshot_responses(survey, summary.snapshot))


def respondent_type_of(
    response: Response, quotable: dict[str, set[str]], joint: Counter, min_group_size: int
) -> dict[str, str]:
    """The groups a comment may be quoted with ({} when none): role and organisation type,
    both options shown in the breakdowns, their combination held by at least the
    threshold."""
    keys = {question: _answer_group(response, question) for question in TYPE_QUESTIONS}
    if any(keys[q] not in quotable.get(q, set()) for q in TYPE_QUESTIONS):
        return {}
    if joint[(keys["primary_role"], keys["organisation_type"])] < min_group_size:
        return {}
    return keys


def type_label(groups: dict[str, str]) -> str:
    """ "Operational management, health provider" ("" for no groups)."""
    if not groups:
        return ""
    parts = [group_label(question, groups[question]) for question in TYPE_QUESTIONS]
    return ", ".join(parts[:1] + [p[:1].lower() + p[1:] for p in parts[1:]])


def area_comments(
    *,
    survey: Survey,
    summary: Summary,
    include_hidden: bool = False,
    role: str = "",
    organisation_type: str = "",
    search: str = "",
    ids: Collection[int] | None = None,
    joint: Counter | None = None,
) -> list[Comment]:
    """The area's comments as of the summary's snapshot, filtered. A filter matches only the
    groups a comment is quoted with, so it never counts a suppressed group or a small
    combination. `ids`: only these responses' comments (a quote's), if they are shown;
    `joint`: area_joint_sizes, where the caller reads the area's comments a few at a time."""
    quotable = quotable_groups(summary)
    responses = _snapshot_responses(survey, summary.snapshot)
    joint = area_joint_sizes(survey=survey, summary=summary) if joint is None else joint
    wanted = {"primary_role": role, "organisation_type": organisation_type}
    needle = search.strip().casefold()
    comments = []
    rows = responses.exclude(comment="")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    for response in rows.order_by("submitted_on", "pk"):
        if response.comment_hidden and not include_hidden:
            continue
        comment = _comment(response, quotable, joint, summary.min_group_size)
        if any(value and comment.groups[q] != value for q, value in wanted.items()):
            continue
        if needle and needle not in comment.text.casefold():
            continue
        comments.append(comment)
    return comments


def _comment(response: Response, quotable, joint: Counter, min_group_size: int) -> Comment:
    quoted = respondent_type_of(response, quotable, joint, min_group_size)
    return Comment(
        pk=response.pk,
        text=response.comment_redacted or response.comment,
        respondent_type=type_label(quoted),
        groups={question: quoted.get(question, "") for question in TYPE_QUESTIONS},
        submitted_on=response.submitted_on,
        is_late=response.is_late,
        hidden=response.comment_hidden,
        redacted=bool(response.comment_redacted),
        original=response.comment,
    )


def surveys_joint_sizes(*, summaries: dict[int, Summary]) -> dict[int, Counter]:
    """area_joint_sizes of several surveys (by survey id, with their summaries), counted by
    the database in one query per snapshot kind."""
    joints: dict[int, Counter] = {survey_id: Counter() for survey_id in summaries}
    for kind, ids in _by_snapshot(summaries).items():
        combinations = (
            Response.objects.in_results(with_late=kind != DEADLINE)
            .filter(survey_id__in=ids)
            .order_by()
            .values_list("survey_id", "primary_role", "primary_role_recoded", "organisation_type")
            .annotate(n=Count("pk"))
        )
        for survey_id, role, recoded, organisation_type, n in combinations:
            key = (reporting_group(recoded or role), reporting_group(organisation_type))
            joints[survey_id][key] += n
    return joints


def comments_read(
    *, summaries: dict[int, Summary], joints: dict[int, Counter], ids: Collection[int]
) -> dict[tuple[int, int], Comment]:
    """The comments of these responses, by (survey id, response id): a report's quotes,
    from any of the surveys given by id with their summaries and surveys_joint_sizes. Each
    is read as area_comments reads it: only a shown comment of the responses its summary's
    snapshot holds, with the respondent type it may be quoted with. One query per snapshot
    kind, whatever the number of areas."""
    found: dict[tuple[int, int], Comment] = {}
    for kind, surveys in _by_snapshot(summaries).items():
        rows = (
            Response.objects.in_results(with_late=kind != DEADLINE)
            .filter(survey_id__in=surveys, pk__in=list(ids), comment_hidden=False)
            .exclude(comment="")
        )
        quotable = {survey_id: quotable_groups(summaries[survey_id]) for survey_id in surveys}
        for response in rows:
            summary, joint = summaries[response.survey_id], joints[response.survey_id]
            found[(response.survey_id, response.pk)] = _comment(
                response, quotable[response.survey_id], joint, summary.min_group_size
            )
    return found


def _by_snapshot(summaries: dict[int, Summary]) -> dict[str, list[int]]:
    kinds: dict[str, list[int]] = {}
    for survey_id, summary in summaries.items():
        kinds.setdefault(summary.snapshot, []).append(survey_id)
    return kinds


def comments_table(comments: list[Comment]) -> Table:
    return Table(
        "Comments",
        ["comment", "respondent type", "submitted on", "late"],
        [(c.text, c.respondent_type, c.submitted_on, c.is_late) for c in comments],
    )
