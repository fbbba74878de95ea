import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.services import programme_import
from surveys.uploads import UploadError


class Command(BaseCommand):
    help = (
        "Create or update a programme's areas and surveys from a CSV file with the columns "
        "area,opens_at,closes_at[,late_until][,sent_to] (ISO 8601 dates), then print each "
        "survey's area, link and access code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (UTF-8)")
        parser.add_argument("--programme", required=True, help="Programme name")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print a JSON list instead"
        )

    def handle(self, *args, file, programme, as_json, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Could not read {file}: {error}") from error
        try:
            imported = programme_import(programme_name=programme, csv_text=text)
        except UploadError as error:
            raise CommandError("Nothing was imported.\n" + "\n".join(error.errors)) from error
        rows = [
            {
                "area": item.survey.area.name,
                "slug": item.survey.area.slug,
                "url": item.survey.link,
                "code": item.survey.formatted_access_code,
            }
            for item in imported
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row, item in zip(rows, imported, strict=True):
            verb = "created" if item.created else "updated"
            self.stdout.write(
                f"{row['area']} ({verb})\n  link: {row['url']}\n  code: {row['code']}"
            )
