"""Two or three waves of a programme with results, built through the services."""

from datetime import timedelta

import numpy as np
from django.utils import timezone

from scoring.services import surveys_close
from surveys.models import RATING_CODES, Area, Programme, Survey
from surveys.wave_services import programme_next_wave_start
from tests.comparison_world import add_response


def respond_around(survey: Survey, *, count: int, level: float, seed: int, instrument=None):
    """`count` responses scattered around `level` (0-5 positions), deterministic."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        positions = {
            code: int(np.clip(round(rng.normal(level, 1.1)), 0, 5)) for code in RATING_CODES
        }
        response = add_response(survey, positions)
        if instrument is not None:
            type(response).objects.filter(pk=response.pk).update(instrument=instrument)


def close_now(programme: Programme) -> None:
    """Move the programme's deadlines into the past and compute its results."""
    now = timezone.now()
    Survey.objects.filter(area__programme=programme).update(
        opens_at=now - timedelta(days=20), closes_at=now - timedelta(hours=1), late_until=None
    )
    surveys_close(surveys=Survey.objects.filter(area__programme=programme), notify=False)


def next_wave(programme: Programme, name: str, instrument=None) -> Programme:
    now = timezone.now()
    survey = Survey.objects.filter(area__programme=programme).first()
    return programme_next_wave_start(
        programme=programme,
        name=name,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=5),
        instrument=instrument or survey.instrument,
    )


def area(programme: Programme, name: str) -> Area:
    return Area.objects.get(programme=programme, name=name)
