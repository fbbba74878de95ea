"""Programmes with known answers for the fair comparison tests: areas of given sizes whose
respondents' scores are drawn around a level per area (and per group, where given), stored
as response rows, so a test can compute the same figures directly from the rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.utils import timezone

from surveys.models import RATING_CODES, Area, Instrument, Programme, Response, Survey, rating_field

NEGATIVE = {"RP-DIR", "RP-CON", "RP-MUL", "RP-PAR"}


@dataclass
class AreaSpec:
    name: str
    respondents: int
    level: float = 2.6  # mean score the answers are drawn around
    groups: list[tuple[dict, int, float]] = field(default_factory=list)  # (demographics, n, shift)
    closes_in_days: int = -1  # negative: already past its deadline
    late: int = 0  # responses after the deadline (within a grace period)


def scores_for(rng: np.random.Generator, level: float) -> dict[str, int]:
    """One respondent's raw scale positions (0-5), their scores drawn around `level`: a
    negatively worded statement stores 5 - score, as the questionnaire does."""
    person = rng.normal(0, 0.6)
    positions = {}
    for code in RATING_CODES:
        score = int(np.clip(np.rint(level + person + rng.normal(0, 0.9)), 0, 5))
        positions[code] = 5 - score if code in NEGATIVE else score
    return positions


def add_response(survey: Survey, positions: dict, *, late=False, org="", role="", time=""):
    return Response.objects.create(
        survey=survey,
        instrument=survey.instrument,
        submission_key=uuid.uuid4(),
        submitted_on=timezone.localdate(),
        is_late=late,
        statement_order=list(RATING_CODES),
        organisation_type=org,
        primary_role=role,
        time_in_system=time,
        **{rating_field(code): value for code, value in positions.items()},
    )


def build_programme(specs: list[AreaSpec], *, slug: str = "world", seed: int = 7) -> Programme:
    """A programme with one survey per spec, its responses stored; nothing closed yet.
    Every respondent answers every statement. Respondents beyond the groups given have no
    demographics (the "did not answer" groups)."""
    rng = np.random.default_rng(seed)
    instrument = Instrument.objects.get(version="2017-09")
    programme = Programme.objects.create(name=f"Programme {slug}", slug=slug)
    now = timezone.now()
    for spec in specs:
        area = Area.objects.create(
            programme=programme, name=spec.name, slug=spec.name.lower().replace(" ", "-")
        )
        closes_at = now + timedelta(days=spec.closes_in_days)
        survey = Survey.objects.create(
            area=area,
            instrument=instrument,
            opens_at=closes_at - timedelta(days=20),
            closes_at=closes_at,
            late_until=closes_at + timedelta(days=30) if spec.late else None,
        )
        grouped = 0
        for demographics, count, shift in spec.groups:
            for _ in range(count):
                add_response(survey, scores_for(rng, spec.level + shift), **demographics)
            grouped += count
        for _ in range(spec.respondents - grouped):
            add_response(survey, scores_for(rng, spec.level))
        for _ in range(spec.late):
            add_response(survey, scores_for(rng, spec.level), late=True)
    return programme


def survey_of(programme: Programme, name: str) -> Survey:
    return Survey.objects.get(area__programme=programme, area__name=name)


def item_scores(rows, codes) -> np.ndarray:
    """The scores (after reverse scoring) of the given statements in the response rows:
    respondents x statements."""
    return np.array(
        [[5 - r.ratings[c] if c in NEGATIVE else r.ratings[c] for c in codes] for r in rows],
        dtype=float,
    )
