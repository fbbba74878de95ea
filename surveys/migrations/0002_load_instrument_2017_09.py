from django.db import migrations

from surveys.instruments import INSTRUMENTS_DIR, instrument_load_file


def load(apps, schema_editor):
    instrument_load_file(
        INSTRUMENTS_DIR / "2017-09.json",
        instrument_model=apps.get_model("surveys", "Instrument"),
        statement_model=apps.get_model("surveys", "Statement"),
    )


def unload(apps, schema_editor):
    apps.get_model("surveys", "Instrument").objects.filter(version="2017-09").delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
