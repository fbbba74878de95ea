"""The Celery app (settings under the CELERY namespace), logging as Django's LOGGING says:
workers and beat write the same format, through the same filters, as the web processes."""

import os
from logging.config import dictConfig

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relaudit.settings")

app = Celery("relaudit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def logging_from_django(**_kwargs) -> None:
    """Connected, this replaces Celery's own logging set-up with Django's LOGGING."""
    from django.conf import settings

    dictConfig(settings.LOGGING)
