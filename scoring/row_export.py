"""Row-level data for a programme's analysts, under disclosure control: one row per
response with its ratings, and the comments (and written "other" roles) in a separate file
that cannot be joined to it.

What is in it, and why (the codebook, in scoring.codebook, opens each XLSX; README says the
same):

- Areas whose deadline has passed and whose results are computed, with at least the
  threshold of responses by the deadline; nothing of an open area or a smaller one.
- The responses the latest results hold (Response.objects.in_results): those received by
  the deadline and the late ones already taken in, a group of at least the threshold at a
  time; never one still waiting, never one excluded as ballot stuffing.
- Quasi-identifiers are what a colleague might know about a respondent: area, the options
  ticked for organisation type, role and time in the system, late or not, and when they
  answered, given as the ISO week (2027-W07), never the day. Each question is given as its
  reporting group ("multiple" if more than one option, "did_not_answer" if none) and as one
  0/1 column per option, so the options ticked are the quasi-identifier, not the group. A
  written "other" role is left out (it goes to the comments file). Within each area, the
  deadline responses and each group of late ones taken in are made k-anonymous on their
  own, with k the threshold (surveys.anonymity.k_anonymous_blanks): answers are left blank
  (a question's group and all its 0/1 columns together), as few as possible, until every
  combination of the values left is held by at least k rows. So no row can be told apart
  from k - 1 others by what someone knows of its respondent, and a download before a group
  of late responses and one after differ by rows that are k-anonymous among themselves.
  The `suppressed` column names what was blanked.
- Each statement has two columns: `<code>_position`, the scale position chosen (0 to 5),
  and `<code>_score`, the score the reports use (5 - position for a negative statement).
- Rows are sorted by area and by their values, not by when they arrived.
- Comments go in their own file: no row number, no order of arrival, no day, no id shared
  with the ratings; the respondent type only where that role and organisation type, in
  that area, are held together by at least the threshold (scoring.comments). Written
  roles are rows of their own there, beside the role a lead recoded them to, never beside
  a comment.

Comments are built column by column (Column), so that a column can be added in one place;
response rows in one pass (response_cells), for speed at national scale. Rows
are read from the database in chunks and written as they come (one area's rows at a time
are held, for the k-anonymity step): the downloads stream, and large ones are written by a
worker (scoring.prepared).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from surveys.anonymity import k_anonymous_blanks
from surveys.choices import DEMOGRAPHIC_QUESTIONS, reporting_group
from surveys.models import (
    MAX_POSITION,
    RATING_CODES,
    Area,
    Programme,
    Response,
    Statement,
    Survey,
    rating_field,
)

from .codebook import comments_file_readme, responses_file_readme
from .comments import joint_group_sizes, quotable_groups, respondent_type_of, type_label
from .exports import Table
from .models import SurveySnapshot
from .reader import summary_read
from .tallies import LATEST
from .workbook import ReadMe

# Rows read from the database at a time.
CHUNK_SIZE = 2000
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
    # quasi-identifier -> value ("" where left blank); a question's value is the options
    # ticked, joined by commas in option order ("" for none)
    values: dict[str, object]
    suppressed: tuple[str, ...]
    ratings: tuple[int | None, ...]
    negative: frozenset[str]  # codes of the negatively worded statements


OPTIONS = [
    (question, [option for option, _label in options])
    for question, options in DEMOGRAPHIC_QUESTIONS.items()
]
RESPONSE_COLUMNS = [
    "area",
    "submitted_week",
    "late",
    *[
        name
        for question, options in OPTIONS
        for name in (question, *[f"{question}_{o}" for o in options])
    ],
    "suppressed",
    *[f"{code}_{kind}" for code in RATING_CODES for kind in ("position", "score")],
]


def response_cells(row: ResponseRow) -> list:
    """A row's cells in RESPONSE_COLUMNS' order, in one pass (a national file has millions
    of cells): each question's group and a 0/1 per option, all blank where the question
    is; each statement's position and score (5 - position for a negative statement)."""
    values, suppressed = row.values, row.suppressed
    cells = [row.area.slug, values["submitted_week"], values["late"]]
    for question, options in OPTIONS:
        if question in suppressed:
            cells += [""] * (1 + len(options))
            continue
        ticked = str(values[question]).split(",")
        cells.append(reporting_group(values[question]))
        cells += [int(option in ticked) for option in options]
    cells.append(", ".join(suppressed))
    negative = row.negative
    for code, position in zip(RATING_CODES, row.ratings, strict=True):
        cells.append(position)
        reverse = position is not None and code in negative
        cells.append(MAX_POSITION - position if reverse else position)
    return cells


@dataclass(frozen=True)
class CommentRow:
    area: Area
    text: str
    quoted: dict[str, str]  # the respondent type's groups, {} when not shown
    written_role: str = ""
    recoded_role: str = ""


COMMENT_COLUMNS = [
    Column("area", lambda row: row.area.slug),
    Column("comment", lambda row: row.text),
    Column("respondent_type", lambda row: type_label(row.quoted)),
    Column("written_role", lambda row: row.written_role),
    Column("recoded_role", lambda row: row.recoded_role),
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


def exported_responses(*, programme: Programme) -> int:
    """How many rows the programme's response file has (before none is left out)."""
    surveys = exported_surveys(programme=programme)
    return Response.objects.in_results(with_late=True).filter(survey__in=surveys).count()


def _week(day) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _negative_codes() -> dict[int, frozenset[str]]:
    """Each instrument version's negatively worded statements, by instrument id."""
    negative: dict[int, set[str]] = {}
    for instrument, code in Statement.objects.filter(is_negative=True).values_list(
        "instrument_id", "code"
    ):
        negative.setdefault(instrument, set()).add(code)
    return {instrument: frozenset(codes) for instrument, codes in negative.items()}


def _area_rows(survey: Survey, k: int, negative: dict) -> Iterator[ResponseRow]:
    fields = ["pk", "is_late", "submitted_on", "organisation_type", "primary_role"]
    fields += ["primary_role_recoded", "time_in_system", "instrument_id"]
    fields += list(map(rating_field, RATING_CODES))
    partitions: dict[int, list[tuple[tuple, tuple, int]]] = {}
    batch_ends = survey.late_batch_ends
    responses = Response.objects.in_results(with_late=True).filter(survey=survey)
    for pk, is_late, day, org, role, recoded, time, instrument, *ratings in (
        responses.values_list(*fields).order_by().iterator(chunk_size=CHUNK_SIZE)
    ):
        quasi = (_week(day), is_late, org, recoded or role, time)
        # Deadline responses, then each group of late ones the latest results took in.
        batch = bisect_left(batch_ends, pk) + 1 if is_late else 0
        partitions.setdefault(batch, []).append((quasi, tuple(ratings), instrument))
    suppressible = [QUASI_IDENTIFIERS.index(name) for name in SUPPRESS_FIRST]
    week = [QUASI_IDENTIFIERS.index("submitted_week")]
    rows = []
    for members in partitions.values():
        members.sort(key=lambda m: (m[0], [-1 if r is None else r for r in m[1]]))
        quasi_identifiers = [quasi for quasi, _ratings, _instrument in members]
        blanks = k_anonymous_blanks(quasi_identifiers, k, suppressible, blank_first=week)
        if blanks is None:
            continue  # fewer than k: cannot be shown (only ever results of older versions)
        for (quasi, ratings, instrument), blank in zip(members, blanks, strict=True):
            values = {
                name: "" if i in blank else value
                for i, (name, value) in enumerate(zip(QUASI_IDENTIFIERS, quasi, strict=True))
            }
            suppressed = tuple(QUASI_IDENTIFIERS[i] for i in sorted(blank))
            codes = negative.get(instrument, frozenset())
            rows.append(ResponseRow(survey.area, values, suppressed, ratings, codes))
        del members[:]  # one partition at a time: free it as its rows are made
    rows.sort(key=_row_order)
    yield from rows


def _row_order(row: ResponseRow) -> tuple:
    values = tuple(str(row.values[name]) for name in QUASI_IDENTIFIERS)
    return values, tuple(-1 if r is None else r for r in row.ratings)


def response_rows(*, programme: Programme) -> Iterator[ResponseRow]:
    k = settings.RELAUDIT_MIN_GROUP_SIZE
    negative = _negative_codes()
    for survey in exported_surveys(programme=programme):
        yield from _area_rows(survey, k, negative)


def comment_rows(*, programme: Programme) -> Iterator[CommentRow]:
    """Comments of the same responses as response_rows, each area's in alphabetical order:
    nothing to join them to the ratings by; then the roles written under "other", each a
    row of its own (never beside the comment of the same response), in alphabetical order,
    with the role a lead recoded them to."""
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
        written = responses.exclude(primary_role_other="").values_list(
            "primary_role_other", "primary_role_recoded"
        )
        roles = sorted(written.order_by(), key=lambda role: (role[0].casefold(), role))
        yield from (CommentRow(survey.area, "", {}, text, recoded) for text, recoded in roles)


def _table(title: str, columns: list[Column], rows) -> Table:
    return Table(
        title,
        [column.name for column in columns],
        ([column.value(row) for column in columns] for row in rows),
    )


def responses_table(*, programme: Programme) -> Table:
    rows = map(response_cells, response_rows(programme=programme))
    return Table("Responses", RESPONSE_COLUMNS, rows)


def comments_table(*, programme: Programme) -> Table:
    return _table("Comments", COMMENT_COLUMNS, comment_rows(programme=programme))


def _statements(programme: Programme):
    """The statements of the newest instrument version the programme's surveys use (codes
    keep their place in the framework across versions), and its scale."""
    instruments = {
        survey.instrument.version: survey.instrument
        for survey in Survey.objects.filter(area__programme=programme).select_related("instrument")
    }
    if not instruments:
        return [], ()
    newest = instruments[max(instruments)]
    return list(newest.statements.all()), tuple(newest.scale)


def responses_readme(*, programme: Programme) -> ReadMe:
    k = settings.RELAUDIT_MIN_GROUP_SIZE
    return responses_file_readme(k, RATING_CODES, *_statements(programme))


def comments_readme(*, programme: Programme) -> ReadMe:
    return comments_file_readme(settings.RELAUDIT_MIN_GROUP_SIZE)
