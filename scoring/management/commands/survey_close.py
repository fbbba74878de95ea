from django.core.management.base import BaseCommand, CommandError

from scoring.services import SurveyCloseError, survey_close
from surveys.services import area_find


class Command(BaseCommand):
    help = "Close an area's survey now (before its deadline: close early) and compute its results."

    def add_arguments(self, parser):
        parser.add_argument("area", help="Area slug")
        parser.add_argument("--programme", help="Programme slug, if several have this area")

    def handle(self, *args, area, programme, **options):
        try:
            found = area_find(slug=area, programme_slug=programme)
            closed = survey_close(survey=found.survey, now=None)
        except (LookupError, SurveyCloseError) as error:
            raise CommandError(str(error)) from error
        if closed:
            self.stdout.write(f"Closed {found.name}: results computed.")
        else:
            self.stdout.write(f"{found.name} was already closed: nothing changed.")
