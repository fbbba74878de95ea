"""Thin Celery tasks of the survey side (emails, retention), and `enqueue`, which both
apps use to publish a task without failing the caller."""

import logging

from celery import shared_task
from django.db import DatabaseError
from kombu.exceptions import OperationalError as BrokerError

from . import outbox, services

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> None:
    """Publish a task without failing the caller, whose own work is already committed: if
    the broker is down, log what was not sent and move on (the beat picks the work up)."""
    try:
        task.apply_async(args=args)
    except (BrokerError, OSError) as error:
        logger.warning("Could not enqueue %s%r (%s)", task.name, args, error)


@shared_task(
    autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, time_limit=600,
    soft_time_limit=540,
)  # fmt: skip
def comments_retention_apply() -> int:
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
        enqueue(outbox_send_task)
    return sent


@shared_task(time_limit=300, soft_time_limit=270)
def outbox_flush() -> int:
    """The beat's safety net: send what no task took (the broker was down when queued)."""
    if outbox.outbox_pending():
        return outbox.outbox_send()[0]
    return 0


@shared_task(time_limit=300, soft_time_limit=270)
def reminders_queue() -> int:
    from .invitations import reminders_queue as queue

    return queue()
