"""Services of the invitation side: contacts, invitations, reminders, deadline changes and
the reach a contact declares. Emails go through the outbox (surveys.outbox); the counts of
participation are read in surveys.selectors."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from .models import Area, Contact, Survey
from .outbox import email_queue
from .uploads import UploadError, decode_csv
from .validators import CONTROL_CHARACTERS_MESSAGE, has_control_characters

MAX_REACH = 5_000  # more than any one contact forwards to: a typo, or a whole organisation
CONTACT_COLUMNS = ["name", "email", "organisation", "role"]


def contacts_import(*, area: Area, raw: bytes) -> tuple[int, int]:
    """Import an area's contacts from CSV `name,email,organisation[,role]` (a header row).
    Every row is checked first; if any is wrong nothing is imported. Returns (created,
    updated); importing the same file again changes nothing."""
    try:
        text = decode_csv(raw)
    except UnicodeDecodeError as error:
        raise UploadError(["The file is not text (UTF-8 or Windows-1252)."]) from error
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if header[:3] != CONTACT_COLUMNS[:3]:
        raise UploadError(
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
        for column, value in (("name", name), ("organisation", organisation), ("role", role)):
            if has_control_characters(value):
                problems.append(f"the {column} {CONTROL_CHARACTERS_MESSAGE}")
        seen.add(email)
        if problems:
            errors.append(f"Row {number}: {'; '.join(problems)}.")
        rows.append({"name": name, "email": email, "organisation": organisation, "role": role})
    if not rows and not errors:
        errors.append("The file has no contacts after the header row.")
    if errors:
        raise UploadError(errors)
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


def _email_contacts(*, survey: Survey, key, template: str, **extra) -> int:
    """Queue one email to each contact of the survey's area, keyed by `key(contact)` so
    that it is queued once whatever repeats. Returns how many were queued now."""
    return sum(
        email_queue(
            key=key(contact),
            to=contact.email,
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
            template="email/invitation",
        )


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
    if not text.isdecimal():  # "²" and "①" are digits to isdigit(), and int() refuses them
        raise ReachError("Enter the number of colleagues as a whole number, like 12.")
    reach = int(text)
    if reach > MAX_REACH:
        raise ReachError(f"Enter a number of colleagues of {MAX_REACH:,} or fewer.")
    Contact.objects.filter(pk=contact.pk).update(declared_reach=reach)
    contact.declared_reach = reach
    return reach
