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
    """Publish a task without ever failing the caller: if the broker is down, log it and let
    the next beat run (or `close_due_surveys`) catch up from the state in the database."""
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


@shared_task(**RETRY)
def survey_latest_recompute_task(survey_id: int) -> None:
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is not None:
        services.survey_latest_recompute(survey=survey)
