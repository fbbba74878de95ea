"""Row-level data for a programme's analysts, under disclosure control: one row per
response with its ratings, and the comments in a separate file that cannot be joined to it.

What is in it, and why (the codebook, CODEBOOK below, goes into each XLSX and README):

- Areas whose deadline has passed and whose results are computed, with at least the
  threshold of responses by the deadline; nothing of an open area or a smaller one.
- The responses the latest results hold (Response.objects.in_results): those received by
  the deadline and the late ones already taken in, a group of at least the threshold at a
  time; never one still waiting, never one excluded as ballot stuffing.
- Quasi-identifiers are what a colleague might know about a respondent: area,
  organisation type, role, time in the system, late or not, and when they answered, given
  as the ISO week (2027-W07), never the day. Multiple ticks read "multiple", none
  "did_not_answer"; a written "other" role is left out. Within each area, the deadline
  responses and each group of late ones taken in are made k-anonymous on their own, with k
  the threshold (surveys.anonymity.k_anonymous_blanks): answers are left blank, as few as
  possible, until every combination of the values left is held by at least k rows. So no
  row can be told apart from k - 1 others by what someone knows of its respondent, and a
  download before a group of late responses and one after differ by rows that are
  k-anonymous among themselves. The `suppressed` column names what was blanked.
- Rows are sorted by area and by their values, not by when they arrived.
- Comments go in their own file: no row number, no order of arrival, no day, no id shared
  with the ratings; the respondent type only where that role and organisation type, in
  that area, are held together by at least the threshold (scoring.comments).

Both are built column by column (Column), so that a column can be added in one place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from surveys.anonymity import k_anonymous_blanks
from surveys.choices import reporting_group
from surveys.models import RATING_CODES, Area, Programme, Response, Survey, rating_field

from .comments import joint_group_sizes, quotable_groups, respondent_type_of, type_label
from .exports import Table
from .models import SurveySnapshot
from .reader import summary_read
from .tallies import LATEST

# The quasi-identifiers besides the area, in a row's order. The week is given up before any
# "about you" answer; among those, ties go in SUPPRESS_FIRST's order.
QUASI_IDENTIFIERS = (
    "submitted_week",
    "late",
    "organisation_type",
    "primary_role",
    "time_in_system",
)
SUPPRESS_FIRST = ("submitted_week", "time_in_system", "organisation_type", "primary_role")


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable


@dataclass(frozen=True)
class ResponseRow:
    area: Area
    values: dict[str, object]  # quasi-identifier -> value, "" where left blank
    suppressed: tuple[str, ...]
    ratings: tuple[int | None, ...]


RESPONSE_COLUMNS = [
    Column("area", lambda row: row.area.slug),
    *[Column(name, lambda row, name=name: row.values[name]) for name in QUASI_IDENTIFIERS],
    Column("suppressed", lambda row: ", ".join(row.suppressed)),
    *[Column(code, lambda row, i=i: row.ratings[i]) for i, code in enumerate(RATING_CODES)],
]


@dataclass(frozen=True)
class CommentRow:
    area: Area
    text: str
    quoted: dict[str, str]  # the respondent type's groups, {} when not shown


COMMENT_COLUMNS = [
    Column("area", lambda row: row.area.slug),
    Column("comment", lambda row: row.text),
    Column("respondent_type", lambda row: type_label(row.quoted)),
]


def exported_surveys(*, programme: Programme, now=None) -> list[Survey]:
    """Surveys past their deadline with results computed and at least the threshold of
    responses by the deadline, in the programme's order."""
    now = now or timezone.now()
    surveys = list(
        Survey.objects.filter(
            area__programme=programme, closed_at__isnull=False, closes_at__lte=now
        )
        .select_related("area")
        .order_by("area__review_order", "area__name")
    )
    by_deadline = dict(
        Response.objects.in_results(with_late=False)
        .filter(survey__in=surveys)
        .values_list("survey_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    return [survey for survey in surveys if by_deadline.get(survey.pk, 0) >= threshold]


def _week(day) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _area_rows(survey: Survey, k: int) -> Iterator[ResponseRow]:
    fields = ["pk", "is_late", "submitted_on", "organisation_type", "primary_role"]
    fields += ["primary_role_recoded", "time_in_system", *map(rating_field, RATING_CODES)]
    partitions: dict[int, list[tuple[tuple, tuple]]] = {}
    batch_ends = survey.late_batch_ends
    responses = Response.objects.in_results(with_late=True).filter(survey=survey)
    for pk, is_late, day, org, role, recoded, time, *ratings in responses.values_list(*fields):
        quasi = (_week(day), is_late, reporting_group(org))
        quasi += (reporting_group(recoded or role), reporting_group(time))
        # Deadline responses, then each group of late ones the latest results took in.
        batch = bisect_left(batch_ends, pk) + 1 if is_late else 0
        partitions.setdefault(batch, []).append((quasi, tuple(ratings)))
    suppressible = [QUASI_IDENTIFIERS.index(name) for name in SUPPRESS_FIRST]
    week = [QUASI_IDENTIFIERS.index("submitted_week")]
    rows = []
    for members in partitions.values():
        members.sort(key=lambda m: (m[0], [-1 if r is None else r for r in m[1]]))
        quasi_identifiers = [quasi for quasi, _ratings in members]
        blanks = k_anonymous_blanks(quasi_identifiers, k, suppressible, blank_first=week)
        if blanks is None:
            continue  # fewer than k: cannot be shown (only ever results of older versions)
        for (quasi, ratings), blank in zip(members, blanks, strict=True):
            values = {
                name: "" if i in blank else value
                for i, (name, value) in enumerate(zip(QUASI_IDENTIFIERS, quasi, strict=True))
            }
            suppressed = tuple(QUASI_IDENTIFIERS[i] for i in sorted(blank))
            rows.append(ResponseRow(survey.area, values, suppressed, ratings))
    rows.sort(key=_row_order)
    yield from rows


def _row_order(row: ResponseRow) -> tuple:
    values = tuple(str(row.values[name]) for name in QUASI_IDENTIFIERS)
    return values, tuple(-1 if r is None else r for r in row.ratings)


def response_rows(*, programme: Programme) -> Iterator[ResponseRow]:
    k = settings.RELAUDIT_MIN_GROUP_SIZE
    for survey in exported_surveys(programme=programme):
        yield from _area_rows(survey, k)


def comment_rows(*, programme: Programme) -> Iterator[CommentRow]:
    """Comments of the same responses as response_rows, each area's in alphabetical order:
    nothing to join them to the ratings by."""
    k = settings.RELAUDIT_MIN_GROUP_SIZE
    for survey in exported_surveys(programme=programme):
        snapshot = SurveySnapshot.objects.filter(survey=survey, kind=LATEST).first()
        if snapshot is None:
            continue
        quotable = quotable_groups(summary_read(snapshot.summary_json))
        responses = Response.objects.in_results(with_late=True).filter(survey=survey)
        joint = joint_group_sizes(responses)
        rows = [
            CommentRow(survey.area, r.comment_shown, respondent_type_of(r, quotable, joint, k))
            for r in responses.exclude(comment="").filter(comment_hidden=False)
        ]
        rows.sort(key=lambda row: (row.text.casefold(), type_label(row.quoted)))
        yield from rows


def _table(title: str, columns: list[Column], rows) -> Table:
    return Table(
        title,
        [column.name for column in columns],
        ([column.value(row) for column in columns] for row in rows),
    )


def responses_table(*, programme: Programme) -> Table:
    return _table("Responses", RESPONSE_COLUMNS, response_rows(programme=programme))


def comments_table(*, programme: Programme) -> Table:
    return _table("Comments", COMMENT_COLUMNS, comment_rows(programme=programme))


def codebook_table(min_group_size: int) -> Table:
    """The "Read me" sheet: what the file holds, what is left out or blank, and why."""
    k = min_group_size
    lines = [
        "What this file holds",
        f"Areas whose deadline has passed and whose results are computed, with at least {k} "
        "responses by the deadline. Responses received by the deadline, and late responses "
        f"already added to the latest results (they are added in groups of at least {k}). "
        "Responses excluded as ballot stuffing are left out.",
        "Ratings: the scale position chosen, 0 (Consistently not true) to 5 (Consistently "
        "true), before the negative statements are reverse-scored; blank if not rated.",
        "organisation_type, primary_role, time_in_system: the option ticked, 'multiple' if "
        "more than one, 'did_not_answer' if none. A role recoded by a programme lead is "
        "given as recoded; a written 'other' role is not included.",
        "submitted_week: the ISO week of the answer (2027-W07), never the day. late: "
        "received after the deadline.",
        "What is left blank, and why",
        "Someone who knows a colleague's area, organisation type, role, time in the system "
        "and when they answered must not be able to find their row. Within each area, "
        "the fewest of those answers are left blank until every combination of the "
        f"answers left is shared by at least {k} rows (k-anonymity, k = {k}). The "
        "'suppressed' column names the answers blanked in that row.",
        "Deadline responses and each group of late responses are made safe on their own, "
        "so a download taken before a group of late responses and one taken after differ "
        "only by rows that are safe among themselves.",
        "Rows are in order of area and values, not of arrival. Comments are in a separate "
        "file that shares nothing with this one to join them by.",
        "If you need more detail than this, ask the programme's data controller: it is "
        "not available from this service. Every download of this file is recorded.",
    ]
    return Table("Read me", ["About this file"], ([line] for line in lines))


def comments_codebook_table(min_group_size: int) -> Table:
    k = min_group_size
    lines = [
        "What this file holds",
        "The comments of the responses in the programme's response file (areas past their "
        f"deadline with at least {k} responses, late responses once added to the results), "
        "as moderated by the programme leads: redactions applied, hidden comments left out.",
        "What is left out, and why",
        "Nothing joins a comment to its ratings: no response number, no date, and comments "
        "are in alphabetical order within each area, not in order of arrival.",
        "respondent_type is given only where that role and organisation type, in that "
        f"area, are held together by at least {k} respondents and each is shown in the "
        "area's results; otherwise it is blank.",
        "Every download of this file is recorded.",
    ]
    return Table("Read me", ["About this file"], ([line] for line in lines))
