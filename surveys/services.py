"""Operations across the survey models: storing a response, importing a programme."""

import csv
import io
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from .choices import DEMOGRAPHIC_QUESTIONS
from .models import (
    RATING_CODES,
    Area,
    Contact,
    Instrument,
    Programme,
    Response,
    Survey,
    rating_field,
)
from .uploads import UploadError
from .validators import CONTROL_CHARACTERS_MESSAGE, has_control_characters


class SurveyNotAccepting(Exception):
    """The survey is not open (yet, or any more): nothing was stored."""


def statement_order_new(*, survey: Survey, rng: random.Random | None = None) -> list[str]:
    """The order to show the statements in: a uniformly random permutation (Fisher-Yates via
    random.shuffle) when the survey randomises, else the instrument's order."""
    codes = [statement.code for statement in survey.instrument.statements_in_order()]
    if survey.randomise_order:
        (rng or random.SystemRandom()).shuffle(codes)
    return codes


def _ticked(question: str, values: Iterable[str]) -> str:
    """Stored form of a tick-all-that-apply answer: option values in option order."""
    chosen = set(values)
    return ",".join(value for value, _label in DEMOGRAPHIC_QUESTIONS[question] if value in chosen)


def response_submit(
    *,
    survey: Survey,
    submission_key: uuid.UUID,
    statement_order: Sequence[str],
    ratings: dict[str, int],
    comment: str = "",
    organisation_type: Iterable[str] = (),
    primary_role: Iterable[str] = (),
    primary_role_other: str = "",
    time_in_system: Iterable[str] = (),
    instrument: Instrument | None = None,
    branch: Contact | None = None,
    now: datetime | None = None,
) -> tuple[Response, bool]:
    """Store one response, once: a second submission with the same key returns the first.

    `instrument` is the version the respondent saw (the survey's current one by default).

    Returns (response, created). Raises SurveyNotAccepting outside the survey's dates.
    Results are recomputed later, never here: a late response only marks them stale.
    """
    primary_role = _ticked("primary_role", primary_role)
    try:
        with transaction.atomic():
            # Lock the survey row while the response is stored: closing a survey skips rows
            # locked by submissions in flight and closes them on its next run, so a response
            # accepted before the deadline is never missing from the frozen deadline snapshot.
            # The time is read after the lock, so a submission that waited sees the survey as
            # it is then.
            survey = Survey.objects.select_for_update(no_key=True).get(pk=survey.pk)
            now = now or timezone.now()
            if not survey.accepts_responses(now):
                raise SurveyNotAccepting(survey.status(now))
            response = Response.objects.create(
                survey=survey,
                instrument=instrument or survey.instrument,
                submission_key=submission_key,
                submitted_on=timezone.localdate(now),
                is_late=survey.status(now) == Survey.LATE,
                statement_order=list(statement_order),
                comment=comment.strip(),
                organisation_type=_ticked("organisation_type", organisation_type),
                primary_role=primary_role,
                primary_role_other=(
                    primary_role_other.strip() if "other" in primary_role.split(",") else ""
                ),
                time_in_system=_ticked("time_in_system", time_in_system),
                branch=branch,
                **{rating_field(code): ratings[code] for code in RATING_CODES if code in ratings},
            )
            if response.is_late or survey.closed_at is not None:
                survey.results_mark_stale(now=now)
    except (IntegrityError, SurveyNotAccepting):
        # The same page submitted again (a double click, back and submit, a resubmission
        # after the deadline of a page stored before it): the respondent sees the first
        # copy's confirmation. Rare, so looked for only when the insert did not happen.
        existing = Response.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return response, True


@dataclass
class ImportedSurvey:
    survey: Survey
    created: bool


def _parse_moment(text: str) -> datetime | None:
    text = text.strip()
    moment = parse_datetime(text)
    if moment is None:
        day = parse_date(text)
        if day is None:
            return None
        # A bare date as a deadline means the end of that day, as people read it.
        moment = datetime.combine(day, datetime.max.time().replace(microsecond=0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def programme_import(
    *, programme_name: str, csv_text: str, instrument: Instrument | None = None
) -> list[ImportedSurvey]:
    """Create or update a programme's areas and surveys from CSV rows
    `area,opens_at,closes_at[,late_until][,sent_to]`. All rows or none."""
    instrument = instrument or Instrument.objects.order_by("-version").first()
    if instrument is None:
        raise UploadError(["No instrument is loaded: run migrations first."])
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    missing = {"area", "opens_at", "closes_at"} - set(reader.fieldnames or [])
    if missing:
        raise UploadError(
            [f"The header row must name the columns area,opens_at,closes_at (missing: "
             f"{', '.join(sorted(missing))})."]
        )  # fmt: skip

    rows, errors, seen = [], [], set()
    if has_control_characters(programme_name):
        errors.append(f"The programme name {CONTROL_CHARACTERS_MESSAGE}.")
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        problems = []
        name = (row.get("area") or "").strip()
        if not name:
            problems.append("the area name is empty")
        elif has_control_characters(name):
            problems.append(f"the area name {CONTROL_CHARACTERS_MESSAGE}")
        elif slugify(name) in seen:
            problems.append(f"area {name!r} appears twice")
        seen.add(slugify(name))
        moments = {}
        for column in ("opens_at", "closes_at", "late_until"):
            text = (row.get(column) or "").strip()
            if column == "late_until" and not text:
                moments[column] = None
                continue
            moments[column] = _parse_moment(text)
            if moments[column] is None:
                problems.append(f"{column} {text!r} is not an ISO 8601 date or date-time")
        opens, closes, late = moments["opens_at"], moments["closes_at"], moments["late_until"]
        if opens and closes and closes <= opens:
            problems.append("closes_at must be after opens_at")
        if closes and late and late < closes:
            problems.append("late_until must not be before closes_at")
        sent_to_text = (row.get("sent_to") or "").strip()
        sent_to = None
        if sent_to_text:
            if sent_to_text.isdecimal():  # isdigit() passes "²", which int() refuses
                sent_to = int(sent_to_text)
            else:
                problems.append(f"sent_to {sent_to_text!r} is not a whole number")
        if problems:
            errors.append(f"Row {number} ({name or 'no area'}): {'; '.join(problems)}.")
        rows.append((name, opens, closes, late, sent_to))
    if not rows and not errors:
        errors.append("The file has no rows after the header.")
    if errors:
        raise UploadError(errors)

    imported = []
    with transaction.atomic():
        programme, _ = Programme.objects.get_or_create(
            name=programme_name, defaults={"slug": _unique_programme_slug(programme_name)}
        )
        for review_order, (name, opens, closes, late, sent_to) in enumerate(rows, start=1):
            area, _ = Area.objects.update_or_create(
                programme=programme,
                slug=slugify(name),
                defaults={"name": name, "review_order": review_order, "sent_to": sent_to},
            )
            survey, created = Survey.objects.update_or_create(
                area=area,
                defaults={"opens_at": opens, "closes_at": closes, "late_until": late},
                create_defaults={
                    "opens_at": opens,
                    "closes_at": closes,
                    "late_until": late,
                    "instrument": instrument,
                },
            )
            imported.append(ImportedSurvey(survey=survey, created=created))
    return imported


def _unique_programme_slug(name: str) -> str:
    base = slugify(name)[:90] or "programme"
    slug, suffix = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def area_find(*, slug: str, programme_slug: str | None = None) -> Area:
    """The area with this slug; the programme is needed only when several programmes have one."""
    areas = Area.objects.filter(slug=slug).select_related("programme", "survey")
    if programme_slug:
        areas = areas.filter(programme__slug=programme_slug)
    found = list(areas[:2])
    if not found:
        raise LookupError(
            f"No area with slug {slug!r}" + (f" in {programme_slug!r}" if programme_slug else "")
        )
    if len(found) > 1:
        raise LookupError(f"Several programmes have an area {slug!r}: name one with --programme")
    return found[0]


class ModerationError(ValueError):
    pass


def comment_moderate(*, response: Response, hidden: bool, redacted: str) -> Response:
    """A programme lead hides a comment from reviewers, or replaces its text with a
    redacted version (names of people, say). The original is kept for the leads."""
    redacted = redacted.strip()
    if redacted == response.comment.strip():
        redacted = ""
    if len(redacted) > len(response.comment) + 200:
        raise ModerationError("A redacted comment cannot be much longer than the original.")
    response.comment_hidden = hidden
    response.comment_redacted = redacted
    response.save(update_fields=["comment_hidden", "comment_redacted"])
    return response


def other_role_key(text: str) -> str:
    """Free-text roles that differ only in case and spacing are the same role."""
    return " ".join(text.split()).casefold()


def other_role_recode(
    *, programme: Programme, text: str, role: str, now: datetime | None = None
) -> int:
    """Count every "other" role written as `text` in the programme as `role` (a role option
    value), or as answered again with role "". Areas that close from now on count it; the
    closed areas whose respondents changed are marked for their latest results to be
    recomputed (the beat does it, as for late responses); programme breakdowns count it
    from the next publication. Returns how many responses changed."""
    valid = {value for value, _label in DEMOGRAPHIC_QUESTIONS["primary_role"]} - {"other"}
    if role and role not in valid:
        raise ModerationError("Choose one of the role categories.")
    key = other_role_key(text)
    changed = []
    with transaction.atomic():
        responses = Response.objects.select_for_update().filter(
            survey__area__programme=programme, primary_role__contains="other"
        )
        for response in responses:
            if other_role_key(response.primary_role_other) != key:
                continue
            ticked = set(response.primary_role.split(",")) - {"other"}
            recoded = _ticked("primary_role", ticked | {role}) if role else ""
            if response.primary_role_recoded != recoded:
                response.primary_role_recoded = recoded
                changed.append(response)
        Response.objects.bulk_update(changed, ["primary_role_recoded"], batch_size=500)
        Survey.objects.filter(
            pk__in={response.survey_id for response in changed},
            closed_at__isnull=False,
            latest_stale_since__isnull=True,
        ).update(latest_stale_since=now or timezone.now())
    return len(changed)


def _reviewer_user(email: str):
    """The account with this email address; a new one, with no password yet, if none
    exists: the reviewer sets a password with "Forgotten your password" on the sign-in page."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(username=email.lower()[:150], email=email.lower())
        user.set_unusable_password()
        user.save()
    return user


def reviewers_assign(*, areas: Iterable[Area], email: str) -> int:
    """Add the person with this email address as a reviewer of every area given."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise UploadError([f"{email!r} is not an email address."]) from error
    with transaction.atomic():
        user = _reviewer_user(email)
        areas = list(areas)
        for area in areas:
            area.reviewers.add(user)
    return len(areas)


def reviewers_import(*, programme: Programme, csv_text: str) -> int:
    """Assign reviewers from CSV rows `area_slug,email` (a header row is optional). Every
    row is checked first; if any is wrong nothing is assigned. Returns the rows assigned."""
    rows = [row for row in csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))) if any(row)]
    if rows and [cell.strip().lower() for cell in rows[0][:2]] == ["area_slug", "email"]:
        rows = rows[1:]
    areas = {area.slug: area for area in programme.areas.all()}
    errors, pairs = [], []
    for number, row in enumerate(rows, start=1):
        slug, email = (row + ["", ""])[:2]
        slug, email = slug.strip(), email.strip()
        problems = []
        if slug not in areas:
            problems.append(f"no area {slug!r} in {programme.name}")
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"{email!r} is not an email address")
        if problems:
            errors.append(f"Row {number}: {'; '.join(problems)}.")
        pairs.append((slug, email))
    if not pairs and not errors:
        errors.append("The file has no rows: write one `area_slug,email` per line.")
    if errors:
        raise UploadError(errors)
    with transaction.atomic():
        for slug, email in pairs:
            areas[slug].reviewers.add(_reviewer_user(email))
    return len(pairs)


def comments_retention_apply(*, now: datetime | None = None) -> int:
    """Delete the comments of programmes whose retention date has passed (ratings and the
    ticked "about you" answers stay). A written "other" role is free text like a comment and
    goes with the comments file, so it is deleted with them; a lead's recoding of it stays.
    The beat runs it; running it again changes nothing. Returns how many comments were
    deleted."""
    today = timezone.localdate(now or timezone.now())
    deleted = 0
    for programme in Programme.objects.filter(
        retention_until__lt=today, comments_deleted_at__isnull=True
    ):
        with transaction.atomic():
            responses = Response.objects.filter(survey__area__programme=programme)
            deleted += responses.exclude(comment="", comment_redacted="").update(
                comment="", comment_redacted="", comment_hidden=False
            )
            responses.exclude(primary_role_other="").update(primary_role_other="")
            Programme.objects.filter(pk=programme.pk).update(
                comments_deleted_at=now or timezone.now()
            )
    return deleted
