"""Thin Celery tasks named after their services: load by id, call the service, retry with
backoff on database errors. Services enqueue them by name (relaudit.broker)."""

from celery import shared_task
from django.db import DatabaseError

from surveys.models import Programme

from . import coding_refresh, services
from .models import PreparedFile
from .prepared import prepared_file_build, prepared_files_expire

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
def surveys_close_due_task() -> int:
    return len(services.surveys_close_due())


@shared_task(**RETRY)
def programme_position_effect_compute_task(programme_id: int) -> None:
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is not None:
        services.programme_position_effect_compute(programme=programme)


@shared_task(**RETRY)
def coding_refresh_due_task() -> int:
    return len(coding_refresh.coding_refresh_due())


@shared_task(**RETRY)
def coding_refresh_task(programme_id: int) -> bool:
    programme = Programme.objects.filter(pk=programme_id).first()
    return programme is not None and coding_refresh.coding_refresh(programme=programme)


# The response rows of a national programme as XLSX take minutes, not seconds.
@shared_task(**(RETRY | {"time_limit": 3600, "soft_time_limit": 3540}))
def prepared_file_build_task(prepared_id: int) -> bool:
    prepared = PreparedFile.objects.filter(pk=prepared_id).first()
    return prepared is not None and prepared_file_build(prepared=prepared)


@shared_task(**RETRY)
def prepared_files_expire_task() -> int:
    return prepared_files_expire()
