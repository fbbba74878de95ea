from django.core.management.base import BaseCommand

from scoring.services import surveys_close_due


class Command(BaseCommand):
    help = "Do the beat task's work once: close every survey whose deadline has passed."

    def handle(self, *args, **options):
        closed = surveys_close_due()
        names = ", ".join(str(survey.area) for survey in closed) or "none"
        self.stdout.write(f"Closed {len(closed)} survey(s): {names}")
