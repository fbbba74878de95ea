from django.core.management.base import BaseCommand, CommandError

from surveys.instruments import InstrumentError, instrument_load_file


class Command(BaseCommand):
    help = "Load an instrument version (or a rewording of one) from its JSON description."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON in the shape of surveys/instruments/2017-09.json")

    def handle(self, *args, file, **options):
        try:
            instrument = instrument_load_file(file)
        except InstrumentError as error:
            raise CommandError(str(error)) from error
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Could not load {file}: {error!r}") from error
        count = instrument.statements.count()
        self.stdout.write(f"Loaded instrument {instrument.version}: {count} statements")
