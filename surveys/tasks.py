"""Thin Celery tasks of the survey side: each calls its service and retries on failure.
Services enqueue them by name through relaudit.broker, after their transaction commits."""

from celery import shared_task
from django.db import DatabaseError

from relaudit.broker import enqueue

from . import invitations, outbox, services


@shared_task(
    autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, time_limit=600,
    soft_time_limit=540,
)  # fmt: skip
def comments_retention_apply_task() -> int:
    return services.comments_retention_apply()


@shared_task(bind=True, max_retries=outbox.MAX_ATTEMPTS, time_limit=300, soft_time_limit=270)
def outbox_send_task(self) -> int:
    """Send a batch from the outbox; more batches follow while there is more. On a mail
    server error, retry with exponential backoff (the rows stay queued meanwhile)."""
    sent, failed = outbox.outbox_send()
    if failed:
        if self.request.is_eager:
            # In-process (make run): no waiting here; the rows stay queued for the beat.
            return sent
        raise self.retry(countdown=min(30 * 2**self.request.retries, 3600))
    if sent == outbox.BATCH:
        enqueue(self.name)
    return sent


@shared_task(time_limit=300, soft_time_limit=270)
def outbox_flush_task() -> int:
    return outbox.outbox_flush()


@shared_task(time_limit=300, soft_time_limit=270)
def reminders_queue_task() -> int:
    return invitations.reminders_queue()
