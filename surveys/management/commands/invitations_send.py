from django.core.management.base import BaseCommand, CommandError

from surveys.invitations import invitations_send
from surveys.services import area_find


class Command(BaseCommand):
    help = (
        "Email the invitation to every contact of an area not yet invited (through the "
        "outbox: sent by the workers, or by the next beat run if the broker is down)."
    )

    def add_arguments(self, parser):
        parser.add_argument("area", help="Area slug")
        parser.add_argument("--programme", help="Programme slug, if several have the area")

    def handle(self, *args, area, programme, **options):
        try:
            found = area_find(slug=area, programme_slug=programme)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if not hasattr(found, "survey"):
            raise CommandError(f"{found.name} has no survey yet.")
        if not found.contacts.exists():
            raise CommandError(f"{found.name} has no contacts: import them first.")
        queued = invitations_send(survey=found.survey)
        self.stdout.write(f"{found.name}: {queued} invitation(s) queued.")
