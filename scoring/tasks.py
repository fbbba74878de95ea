"""Thin Celery tasks: load by id, call a service, retry with backoff on database errors."""

import logging

from celery import shared_task
from django.db import DatabaseError

from surveys.models import Programme

from . import services

logger = logging.getLogger(__name__)

RETRY = {
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
    # A close of a national programme takes well under a minute: far past that, give up.
    "time_limit": 900,
    "soft_time_limit": 840,
}


@shared_task(**RETRY)
def close_due_surveys() -> int:
    return len(services.surveys_close_due())


@shared_task(**RETRY)
def position_effect_task(programme_id: int) -> None:
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is not None:
        services.programme_position_effect_compute(programme=programme)
