"""What a programme lead sets up for coding: the analysts, the themes of the code frame
(nested one level), and the safeguarding contact. Each change goes in the audit trail."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from surveys.models import Programme

from .coding_models import ProgrammeAnalyst, Theme
from .coding_services import CodingError, coding_event_record, coding_settings_get

MAX_THEME_NAME = 100


def _person(email: str):
    """The account with this email address; a new one without a password if none exists
    (they set one with "Forgotten your password", as reviewers do)."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise CodingError(f"{email or 'That'} is not an email address.") from None
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(username=email.lower()[:150], email=email.lower())
        user.set_unusable_password()
        user.save()
    return user


def analyst_name(*, programme: Programme, email: str, by) -> ProgrammeAnalyst:
    with transaction.atomic():
        user = _person(email)
        analyst, created = ProgrammeAnalyst.objects.get_or_create(
            programme=programme, user=user, defaults={"named_by": by, "named_at": timezone.now()}
        )
        if created:
            coding_event_record(
                programme=programme,
                actor=by,
                action="analyst_named",
                detail={"user": user.get_username()},
            )
    return analyst


def analyst_remove(*, programme: Programme, analyst_id: int, by) -> None:
    analyst = ProgrammeAnalyst.objects.filter(programme=programme, pk=analyst_id).first()
    if analyst is None:
        raise CodingError("That person is not an analyst of this programme.")
    with transaction.atomic():
        username = analyst.user.get_username()
        analyst.delete()
        coding_event_record(
            programme=programme, actor=by, action="analyst_removed", detail={"user": username}
        )


def safeguarding_contact_set(*, programme: Programme, email: str, by) -> None:
    with transaction.atomic():
        settings_row = coding_settings_get(programme=programme)
        settings_row.safeguarding_contact = _person(email) if email.strip() else None
        settings_row.save(update_fields=["safeguarding_contact"])
        coding_event_record(
            programme=programme,
            actor=by,
            action="safeguarding_contact_set",
            detail={
                "user": settings_row.safeguarding_contact.get_username()
                if settings_row.safeguarding_contact
                else None
            },
        )


def theme_add(
    *, programme: Programme, name: str, by, parent_id: int | None = None, description: str = ""
) -> Theme:
    """A theme of the code frame, at the top or under a top-level theme (one level only)."""
    name = " ".join(name.split())
    if not name:
        raise CodingError("Enter the theme's name.")
    if len(name) > MAX_THEME_NAME:
        raise CodingError(f"A theme's name must be {MAX_THEME_NAME} characters or fewer.")
    parent = None
    if parent_id:
        parent = Theme.objects.filter(programme=programme, pk=parent_id).first()
        if parent is None:
            raise CodingError("Choose a theme of this programme to put it under.")
        if parent.parent_id:
            raise CodingError(
                f"{parent} is itself under another theme: themes nest one level only."
            )
    try:
        with transaction.atomic():
            theme = Theme.objects.create(
                programme=programme,
                name=name,
                description=description.strip()[:2000],
                parent=parent,
                created_by=by,
                created_at=timezone.now(),
            )
            coding_event_record(
                programme=programme,
                actor=by,
                action="theme_added",
                detail={"theme": theme.pk, "name": name, "parent": parent_id},
            )
    except IntegrityError:
        raise CodingError(f"There is already a theme called {name}.") from None
    return theme


def theme_rename(*, programme: Programme, theme_id: int, name: str, by) -> Theme:
    theme = Theme.objects.filter(programme=programme, pk=theme_id).first()
    if theme is None:
        raise CodingError("That theme is not in this programme.")
    name = " ".join(name.split())
    if not name or len(name) > MAX_THEME_NAME:
        raise CodingError(f"Enter a name of up to {MAX_THEME_NAME} characters.")
    try:
        with transaction.atomic():
            old, theme.name = theme.name, name
            theme.save(update_fields=["name"])
            coding_event_record(
                programme=programme,
                actor=by,
                action="theme_renamed",
                detail={"theme": theme.pk, "from": old, "to": name},
            )
    except IntegrityError:
        raise CodingError(f"There is already a theme called {name}.") from None
    return theme
