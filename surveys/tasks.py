"""Thin Celery tasks of the survey side."""

from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(
    autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5, time_limit=600,
    soft_time_limit=540,
)  # fmt: skip
def comments_retention_apply() -> int:
    return services.comments_retention_apply()
