"""The demo's second wave: a synthetic re-run of the demo programme's areas a year on, with
some areas changed, two areas merged into one and one statement reworded (not marked
comparable), so that the trend pages show at once. Generated from a seed."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .demo import _response, published_results, target_means
from .models import AreaLineage, Instrument, Programme, Response, Survey
from .wave_services import instrument_version_reword, programme_next_wave_start

DEMO_SECOND_WAVE = "Local system reviews 2027-28"
DEMO_SERIES = "Local system reviews"
REWORDED_VERSION = "2027-01"
# The annex reworded Infrastructure statements mid-programme; the demo rewords one.
REWORDED = {"RV-INT-INF": "Our buildings and shared spaces help us give joined-up care."}
# Areas whose relationships changed clearly, by review order: (shift, dimensions shifted).
CHANGED = {
    3: (0.7, None),  # better across the board
    5: (-0.6, None),  # worse across the board
    7: (0.8, {"technology", "infrastructure"}),  # shared records arrived
    9: (-0.7, {"people", "culture"}),  # leadership changed
}


@transaction.atomic
def demo_second_wave_create(
    *, programme: Programme, scale: float = 1.0, seed: int = 2018, now=None
) -> Programme:
    """Start the second wave from the demo programme and fill it with responses: every area
    re-run (the first two merged into one), all past their deadline."""
    now = now or timezone.now()
    rng = random.Random(f"{seed}:second-wave")
    instrument = Instrument.objects.get(version="2017-09")
    reworded = Instrument.objects.filter(version=REWORDED_VERSION).first()
    if reworded is None:
        reworded = instrument_version_reword(
            instrument=instrument, version=REWORDED_VERSION, rewordings=REWORDED
        )
    wave = programme_next_wave_start(
        programme=programme,
        name=DEMO_SECOND_WAVE,
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=2),
        instrument=reworded,
        series_name=DEMO_SERIES,
    )
    areas = list(wave.areas.order_by("review_order"))
    first, second = areas[0], areas[1]
    first.name = f"{first.name} and {second.name}"
    first.slug = slugify(first.name)[:100]
    first.save(update_fields=["name", "slug"])
    AreaLineage.objects.create(
        area=first,
        predecessor=second.predecessors()[0],
        note="The two systems merged in April 2027",
    )
    second.delete()
    published = {a["area"]: a for a in published_results()["areas_in_review_order"]}
    statements = list(reworded.statements.all())
    codes = [s.code for s in statements]
    negative = {s.code: s.is_negative for s in statements}
    dimension = {s.code: s.dimension for s in statements}
    means = target_means(published_results(), instrument)
    for area in wave.areas.order_by("review_order").select_related("survey"):
        survey = area.survey
        sources = [published[p.name] for p in area.predecessors() if p.name in published]
        responses = sum(s["responses"] for s in sources) or 40
        total = max(1, round(responses * scale * rng.uniform(0.8, 1.2)))
        shift, dimensions = CHANGED.get(area.review_order, (rng.gauss(0, 0.08), None))
        shifted = {
            code: mean + (shift if dimensions is None or dimension[code] in dimensions else 0)
            for code, mean in means.items()
        }
        offset = rng.gauss(0, 0.15)
        with_comment = set(rng.sample(range(total), total // 4))
        batch = [
            _response(
                rng, survey, reworded, shifted, negative, codes, offset, i in with_comment, now
            )
            for i in range(total)
        ]
        Response.objects.bulk_create(batch, batch_size=1000)
    Survey.objects.filter(area__programme=wave).update(randomise_order=True)
    return wave
