"""Thin Celery tasks: load by id, call a service, retry with backoff on database errors."""

import logging

from celery import shared_task
from django.db import DatabaseError
from kombu.exceptions import OperationalError as BrokerError

from surveys.models import Survey

from . import services

logger = logging.getLogger(__name__)

RETRY = {
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


def enqueue(task, *args, countdown: int | None = None) -> bool:
    """Publish a task without failing the caller: the work it asks for is already recorded
    in the database, so if the broker is down we log it and move on."""
    try:
        task.apply_async(args=args, countdown=countdown)
    except (BrokerError, OSError) as error:
        logger.warning(
            "Could not enqueue %s (%s); the next beat run will catch up", task.name, error
        )
        return False
    return True


@shared_task(**RETRY)
def close_due_surveys() -> int:
    return len(services.surveys_close_due())


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),  # the mail server: the results themselves are already stored
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=10,
)
def results_ready_notify_task(survey_id: int) -> None:
    survey = Survey.objects.select_related("area__programme").filter(pk=survey_id).first()
    if survey is not None:
        services.results_ready_notify(survey=survey)
