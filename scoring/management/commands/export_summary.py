import json

from django.core.management.base import BaseCommand, CommandError

from scoring.exports import summary_csv
from scoring.reader import summary_read
from scoring.selectors import area_snapshot, programme_snapshot
from scoring.tallies import DEADLINE, LATEST
from surveys.models import Programme
from surveys.services import area_find


class Command(BaseCommand):
    help = (
        "Print an area's summary (or, with --programme and no area, the programme's) as JSON "
        "or CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("area", nargs="?", help="Area slug")
        parser.add_argument("--programme", help="Programme slug")
        parser.add_argument("--snapshot", choices=[DEADLINE, LATEST], default=LATEST)
        parser.add_argument("--format", choices=["json", "csv"], default="json", dest="fmt")

    def handle(self, *args, area, programme, snapshot, fmt, **options):
        if area:
            try:
                found = area_find(slug=area, programme_slug=programme)
            except LookupError as error:
                raise CommandError(str(error)) from error
            survey = getattr(found, "survey", None)
            record = survey and area_snapshot(survey=survey, kind=snapshot)
            missing = f"{found.name} has no {snapshot} results yet: its survey has not closed."
        elif programme:
            found = Programme.objects.filter(slug=programme).first()
            record = found and programme_snapshot(programme=found, kind=snapshot)
            missing = f"Programme {programme!r} has no {snapshot} summary yet."
        else:
            raise CommandError("Name an area slug, or --programme SLUG for the programme summary.")
        if record is None:
            raise CommandError(missing)
        if fmt == "csv":
            self.stdout.write(summary_csv(summary_read(record.summary_json)), ending="")
        else:
            self.stdout.write(json.dumps(record.summary, indent=2))
