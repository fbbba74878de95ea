import time

from django.core.management.base import BaseCommand

from scoring.coding_refresh import coding_refresh_due
from scoring.services import surveys_close_due
from surveys.invitations import reminders_queue
from surveys.outbox import outbox_flush
from surveys.services import comments_retention_apply


class Command(BaseCommand):
    help = (
        "Do the beat task's work once: close every survey whose deadline has passed and "
        "recompute results left stale by late responses, refresh comment suggestions and coded "
        "counts. With --every, keep doing it: the "
        "embedded beat of `make run`, where there is no Celery."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS", help="Repeat forever")

    def handle(self, *args, every, **options):
        while True:
            closed = surveys_close_due()
            comments_retention_apply()
            coding_refresh_due()  # suggestions and coded counts, in this process
            reminders_queue()
            outbox_flush()
            if closed or not every:
                names = ", ".join(str(survey.area) for survey in closed) or "none"
                self.stdout.write(f"Closed {len(closed)} survey(s): {names}")
            if not every:
                return
            time.sleep(every)
