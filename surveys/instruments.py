"""Instrument versions as data: the reference JSON (see surveys/instruments/) into the
Instrument and Statement tables. Used by the initial data migration and `instrument_load`."""

import json
from pathlib import Path

from django.db import transaction

from .models import RATING_CODES, SCALE_POINTS, Instrument, Statement

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"


class InstrumentError(ValueError):
    pass


def instrument_load(data: dict, *, instrument_model=Instrument, statement_model=Statement):
    """Create (or reword) an instrument version from its JSON description.

    The model classes are parameters so that a data migration can pass its historical ones.
    """
    codes = [item["code"] for item in data["statements"]]
    if sorted(codes) != sorted(RATING_CODES):
        missing = sorted(set(RATING_CODES) - set(codes))
        unknown = sorted(set(codes) - set(RATING_CODES))
        raise InstrumentError(
            f"Instrument {data.get('version')} must have exactly the 35 statement codes "
            f"(missing: {missing or 'none'}; unknown: {unknown or 'none'})."
        )
    labels = [point["label"] for point in sorted(data["scale"], key=lambda p: p["position"])]
    if len(labels) != SCALE_POINTS:
        raise InstrumentError(f"The scale must have {SCALE_POINTS} points, not {len(labels)}.")
    with transaction.atomic():
        instrument, _ = instrument_model.objects.update_or_create(
            version=data["version"], defaults={"name": data["instrument"], "scale": labels}
        )
        for position, item in enumerate(data["statements"], start=1):
            statement_model.objects.update_or_create(
                instrument=instrument,
                code=item["code"],
                defaults={
                    "position": position,
                    "framework": item["framework"],
                    "attribute": item["attribute"] or "",
                    "dimension": item["dimension"] or "",
                    "domain": item["domain"] or "",
                    "is_negative": item["polarity"] == "negative",
                    "text": item["text"],
                },
            )
    return instrument


def instrument_load_file(path: Path | str, **models):
    return instrument_load(json.loads(Path(path).read_text(encoding="utf-8")), **models)
