from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.invitations import contacts_import
from surveys.services import area_find
from surveys.uploads import UploadError


class Command(BaseCommand):
    help = (
        "Import an area's system contacts from CSV name,email,organisation[,role] (UTF-8, "
        "with or without BOM, or Windows-1252). All rows or none; the same file again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("area", help="Area slug")
        parser.add_argument("file", type=Path)
        parser.add_argument("--programme", help="Programme slug, if several have the area")

    def handle(self, *args, area, file, programme, **options):
        try:
            found = area_find(slug=area, programme_slug=programme)
            created, updated = contacts_import(area=found, raw=file.read_bytes())
        except (LookupError, OSError) as error:
            raise CommandError(str(error)) from error
        except UploadError as error:
            raise CommandError("Nothing was imported:\n" + "\n".join(error.errors)) from error
        self.stdout.write(f"{found.name}: {created} contact(s) added, {updated} updated.")
