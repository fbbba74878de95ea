"""Publishing a Celery task without failing the caller.

Services enqueue their app's tasks by name (`"<app>.tasks.<service>_task"`), so a service
never imports the tasks module that imports it back. The caller's own work is already
committed when this runs (services call it through `transaction.on_commit`): if the broker
is down, what was not sent is logged and the beat picks the work up later.
"""

from __future__ import annotations

import logging

from celery import current_app
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def enqueue(task_name: str, *args) -> None:
    """Publish the registered task `task_name` with `args`; never raises for the broker.

    An unknown name is a programming error and raises KeyError, so tests catch a typo."""
    task = current_app.tasks[task_name]
    try:
        task.apply_async(args=args)
    except (BrokerError, OSError) as error:
        logger.warning("Could not enqueue %s%r (%s)", task_name, args, error)
