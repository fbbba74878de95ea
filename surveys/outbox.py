"""The outbox: queue an email in the caller's transaction, send it later, once.

`email_queue` only writes a row, so it works with the broker down; the task enqueued on
commit sends it, and the beat's `outbox_flush` sends whatever no task took. A row is
sent under a row lock that other workers skip, and marked sent in the same transaction,
so two workers or a retry never send it twice.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from relaudit.broker import enqueue

from .models import OutboundEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
BATCH = 50
# Errors worth retrying: the mail server or the network, not our data.
SMTP_ERRORS = (smtplib.SMTPException, OSError)
SEND_TASK = "surveys.tasks.outbox_send_task"
# Errors of the row itself: BadHeaderError (a line break in a header) and an address the
# email library cannot write are ValueErrors, as are characters it cannot encode.
UNSENDABLE = (ValueError, TypeError)
BODY_REMOVED_ONCE_SENT = "(Removed once sent: it held a password reset link.)"


def email_queue(
    *, key: str, to: str, template: str, context: dict, secret_body: bool = False
) -> bool:
    """Write one email to the outbox from its templates: `<template>_subject.txt` (one
    line), `<template>.txt` and `<template>.html`. False if an email with this key was
    queued before: nothing is queued twice. `secret_body`: the body holds a secret (a
    password reset link): hidden in the admin and blanked once sent."""
    _email, created = OutboundEmail.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            # One line, whatever a name holds: a line break would end the header.
            "subject": " ".join(render_to_string(f"{template}_subject.txt", context).split()),
            "body_text": render_to_string(f"{template}.txt", context),
            "body_html": render_to_string(f"{template}.html", context),
            "secret_body": secret_body,
        },
    )
    if created:
        transaction.on_commit(partial(enqueue, SEND_TASK))
    return created


def outbox_send(*, limit: int = BATCH, now: datetime | None = None) -> tuple[int, int]:
    """Send up to `limit` queued emails over one SMTP connection. Returns (sent, failed
    for now). A mail server failure leaves the row queued with its reason, until
    MAX_ATTEMPTS, and stops the batch. A row that can never be sent (a refused recipient,
    a header or an address no mail library will write) is marked failed with its reason
    at once, and the queue moves on to the next."""
    sent = failed = 0
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        for _ in range(limit):
            with transaction.atomic():
                email = (
                    OutboundEmail.objects.select_for_update(skip_locked=True)
                    .filter(status=OutboundEmail.QUEUED)
                    .order_by("created_at", "pk")
                    .first()
                )
                if email is None:
                    break
                try:
                    _deliver(email, connection)
                except smtplib.SMTPRecipientsRefused as error:
                    # This address will not work whatever we do: record it, go on.
                    _give_up(email, f"Recipient refused: {error.recipients}")
                    failed += 1
                    continue
                except UNSENDABLE as error:
                    # Our data, not the server: retrying cannot help, and left queued it
                    # would stay first in line and hold back every email after it.
                    _give_up(email, f"Cannot be sent: {type(error).__name__}: {error}")
                    logger.warning("Email %s cannot be sent: marked failed", email.pk)
                    continue
                except SMTP_ERRORS as error:
                    failed += 1
                    email.attempts += 1
                    email.reason = f"{type(error).__name__}: {error}"[:1000]
                    if email.attempts >= MAX_ATTEMPTS:
                        email.status = OutboundEmail.FAILED
                    email.save(update_fields=["attempts", "reason", "status"])
                    logger.warning("Email %s not sent (attempt %d)", email.pk, email.attempts)
                    # A failing server fails the rest too: stop, and let the retry wait.
                    break
                email.status = OutboundEmail.SENT
                email.sent_at = now or timezone.now()
                email.attempts += 1
                email.reason = ""
                if email.secret_body:  # a reset link is nobody's to read once it has gone
                    email.body_text = email.body_html = BODY_REMOVED_ONCE_SENT
                email.save(
                    update_fields=["status", "sent_at", "attempts", "reason", "body_text",
                                   "body_html"]
                )  # fmt: skip
                sent += 1
    finally:
        connection.close()
    return sent, failed


def _give_up(email: OutboundEmail, reason: str) -> None:
    email.status, email.attempts = OutboundEmail.FAILED, email.attempts + 1
    email.reason = reason[:1000]
    email.save(update_fields=["status", "attempts", "reason"])


def _deliver(email: OutboundEmail, connection) -> None:
    message = EmailMultiAlternatives(
        email.subject, email.body_text, None, [email.to], connection=connection
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    message.send()


def outbox_pending(*, older_than: timedelta = timedelta(seconds=30)) -> bool:
    """Queued emails that no task has taken for a while: the beat sends them."""
    cutoff = timezone.now() - older_than
    return OutboundEmail.objects.filter(
        status=OutboundEmail.QUEUED, created_at__lte=cutoff
    ).exists()


def outbox_flush() -> int:
    """The beat's safety net: send what no task took (the broker was down when queued).
    Returns how many were sent."""
    if outbox_pending():
        return outbox_send()[0]
    return 0
