"""Services of the invitation side: contacts, invitations, reminders, deadline changes,
the cascade and the response rate. Emails go through the outbox (surveys.outbox)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from .anonymity import suppression_reasons
from .models import Area, Contact, OutboundEmail, Programme, Response, Survey
from .outbox import email_queue

MAX_REACH = 100_000
CONTACT_COLUMNS = ["name", "email", "organisation", "role"]


class ContactImportError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def decode_csv(raw: bytes, *, errors: str = "strict") -> str:
    """UTF-8 with or without a byte order mark, else Windows-1252 (Excel's "CSV")."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors=errors)


def contacts_import(*, area: Area, raw: bytes) -> tuple[int, int]:
    """Import an area's contacts from CSV `name,email,organisation[,role]` (a header row).
    Every row is checked first; if any is wrong nothing is imported. Returns (created,
    updated); importing the same file again changes nothing."""
    try:
        text = decode_csv(raw)
    except UnicodeDecodeError as error:
        raise ContactImportError(["The file is not text (UTF-8 or Windows-1252)."]) from error
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if header[:3] != CONTACT_COLUMNS[:3]:
        raise ContactImportError(
            ["The first row must be the header name,email,organisation (role is optional)."]
        )
    reader.fieldnames = header
    rows, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        name, email = (row.get("name") or "").strip(), (row.get("email") or "").strip().lower()
        organisation, role = (
            (row.get("organisation") or "").strip(),
            (row.get("role") or "").strip(),
        )
        problems = []
        if not name:
            problems.append("the name is missing")
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"{email or 'the email'!r} is not an email address")
        if email in seen:
            problems.append(f"{email} appears twice")
        if not organisation:
            problems.append("the organisation is missing")
        seen.add(email)
        if problems:
            errors.append(f"Row {number}: {'; '.join(problems)}.")
        rows.append({"name": name, "email": email, "organisation": organisation, "role": role})
    if not rows and not errors:
        errors.append("The file has no contacts after the header row.")
    if errors:
        raise ContactImportError(errors)
    created = updated = 0
    with transaction.atomic():
        existing = {c.email: c for c in Contact.objects.select_for_update().filter(area=area)}
        for row in rows:
            contact = existing.get(row["email"])
            if contact is None:
                Contact.objects.create(area=area, **row)
                created += 1
            elif any(getattr(contact, k) != v for k, v in row.items()):
                for key, value in row.items():
                    setattr(contact, key, value)
                contact.save()
                updated += 1
    return created, updated


def _email_context(survey: Survey, contact: Contact, **extra) -> dict:
    return {
        "survey": survey,
        "area": survey.area,
        "programme": survey.area.programme,
        "contact": contact,
        "site_root": settings.SITE_ROOT,
        **extra,
    }


def _email_contacts(*, survey: Survey, key, subject: str, template: str, **extra) -> int:
    """Queue one email to each contact of the survey's area, keyed by `key(contact)` so
    that it is queued once whatever repeats. Returns how many were queued now."""
    return sum(
        email_queue(
            key=key(contact),
            to=contact.email,
            subject=subject,
            template=template,
            context=_email_context(survey, contact, **extra),
        )
        for contact in survey.area.contacts.all()
    )


def invitations_send(*, survey: Survey) -> int:
    """Queue an invitation to every contact of the survey's area not yet invited. Returns
    how many were queued: a second click, a retry or a second worker queues none."""
    with transaction.atomic():
        return _email_contacts(
            survey=survey,
            key=lambda contact: f"invitation:{survey.pk}:{contact.pk}",
            subject=f"{_who(survey)}: relational audit of the {survey.area.name} system",
            template="email/invitation",
        )


def _who(survey: Survey) -> str:
    return survey.area.programme.organisation_name or survey.area.programme.name


def reminders_queue(*, now: datetime | None = None) -> int:
    """Queue each open survey's reminder, its programme's number of days before the
    deadline, with the responses so far. One per contact per deadline."""
    now = now or timezone.now()
    queued = 0
    surveys = Survey.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related(
        "area__programme"
    )
    for survey in surveys:
        if survey.closes_at - timedelta(days=survey.area.programme.reminder_days) > now:
            continue
        with transaction.atomic():
            queued += _email_contacts(
                survey=survey,
                key=lambda contact, s=survey: (
                    f"reminder:{s.pk}:{contact.pk}:{s.closes_at.isoformat()}"
                ),
                subject=f"Reminder: the {survey.area.name} relational audit closes soon",
                template="email/reminder",
                responses=survey.responses.count(),
            )
    return queued


def survey_deadline_change(*, survey: Survey, closes_at: datetime) -> int:
    """Move a survey's deadline; when it moves later, tell the contacts the new date.
    Returns how many emails were queued."""
    with transaction.atomic():
        extended = closes_at > survey.closes_at
        late_until = survey.late_until
        if late_until and late_until < closes_at:
            late_until = closes_at
        Survey.objects.filter(pk=survey.pk).update(closes_at=closes_at, late_until=late_until)
        survey.refresh_from_db()
        if not extended:
            return 0
        return _email_contacts(
            survey=survey,
            key=lambda contact: f"extension:{survey.pk}:{contact.pk}:{closes_at.isoformat()}",
            subject=f"More time: the {survey.area.name} relational audit now closes later",
            template="email/extension",
        )


class ReachError(ValueError):
    pass


def contact_reach_declare(*, contact: Contact, text: str, now: datetime | None = None) -> int:
    """A contact says how many colleagues they forwarded the survey to (until the deadline)."""
    now = now or timezone.now()
    survey = contact.area.survey
    if now > survey.closes_at:
        raise ReachError("The survey has closed, so the number can no longer be changed.")
    text = text.strip().replace(",", "")
    if not text.isdigit():
        raise ReachError("Enter the number of colleagues as a whole number, like 12.")
    reach = int(text)
    if reach > MAX_REACH:
        raise ReachError(f"Enter a number of colleagues of {MAX_REACH:,} or fewer.")
    Contact.objects.filter(pk=contact.pk).update(declared_reach=reach)
    contact.declared_reach = reach
    return reach


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
