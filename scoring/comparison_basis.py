"""What fair comparisons are computed from: each area's statement moments (how many scores,
their sum and the sum of their squares) from its stored counts, never from response rows,
and the programme's mix of respondents from a programme summary's breakdowns.

Two bases, by audience:

- **live**, for programme leads (who see every area and the programme as it stands): the
  closed areas of at least the threshold as their snapshots stand now (the overall part of
  `SurveySnapshot.tally`), the mix from the programme snapshot's breakdowns;
- **published**, for area reviewers: the programme as a lead last published it, from the
  moments recorded at publication (`ProgrammePublication.moments`: each added area's, as
  added) and its published breakdowns. It changes only when a lead publishes again, like
  the rounded means reviewers compare with, so it cannot be differenced area by area as
  surveys close one after another.

Either way only areas of at least the threshold are in a basis (the programme adds only
those) and the mix holds only the groups the programme summary shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db.models.fields.json import KeyTransform

from surveys.models import Programme

from .models import ProgrammePublication, ProgrammeSnapshot, SurveySnapshot
from .statistics import Moments
from .summary import StatementMeta, groupings
from .summary_shape import breakdowns_from_json
from .tallies import Tally

PARTS = ("frameworks", "attributes", "dimensions", "domains", "statements")
SINGULAR = {"frameworks": "framework", "attributes": "attribute", "dimensions": "dimension"}
SINGULAR["domains"] = "domain"
MIX_QUESTIONS = ("organisation_type", "primary_role")


@dataclass(frozen=True)
class Measure:
    """A statement or a pooled measure: `part` ("statements", "attributes", ...), its key
    (a statement code or a name such as "integrity", unique across parts) and its codes."""

    part: str
    key: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Measures:
    """The measures a page compares, in page order (frameworks, attributes, dimensions,
    domains, statements), with the sums that pool statement moments into them."""

    metas: tuple[StatementMeta, ...]
    items: tuple[Measure, ...]

    @classmethod
    def of(cls, metas: list[StatementMeta]) -> Measures:
        """Every measure once: one that pools the same statements as an earlier one (a
        proximity domain measured by its one statement) would be the same comparison twice,
        so the statement is left out and the domain kept."""
        grouped = groupings(metas)
        candidates = [
            Measure(part, key, tuple(m.code for m in members))
            for part in PARTS[:-1]
            for key, members in grouped[SINGULAR[part]].items()
        ] + [Measure("statements", m.code, (m.code,)) for m in metas]
        seen, items = set(), []
        for measure in candidates:
            if measure.codes not in seen:
                seen.add(measure.codes)
                items.append(measure)
        if len({m.key for m in items}) != len(items):
            raise ValueError("Measure keys must be unique across parts")
        return cls(metas=tuple(metas), items=tuple(items))

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.metas)

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each measure's place in `items`, by key."""
        return {m.key: i for i, m in enumerate(self.items)}

    @cached_property
    def by_key(self) -> dict[str, Measure]:
        return {m.key: m for m in self.items}

    @cached_property
    def _pooling(self) -> np.ndarray:
        """measures x statements: 1 where a measure pools a statement."""
        column = {code: i for i, code in enumerate(self.codes)}
        matrix = np.zeros((len(self.items), len(self.codes)), dtype=np.int64)
        for row, measure in enumerate(self.items):
            matrix[row, [column[c] for c in measure.codes]] = 1
        return matrix

    @cached_property
    def _scores(self) -> np.ndarray:
        """statements x scale positions: the score of each position, reversed for the
        negatively worded statements (as the annex scores them)."""
        positions = np.arange(6, dtype=np.int64)
        return np.array([positions[::-1] if m.is_negative else positions for m in self.metas])

    def statement_moments(self, distributions: dict[str, list[int]]) -> np.ndarray:
        """statements x (n, total, squares) from counts per scale position of each code."""
        counts = np.array([distributions[code] for code in self.codes], dtype=np.int64)
        scores = self._scores
        return np.stack(
            [counts.sum(1), (counts * scores).sum(1), (counts * scores * scores).sum(1)], axis=1
        )

    @cached_property
    def widths(self) -> np.ndarray:
        """How many statements each measure pools."""
        return self._pooling.sum(1)

    def table(self, statement_moments: np.ndarray) -> np.ndarray:
        """measures x (n, total, squares) from statements x (n, total, squares)."""
        return self._pooling @ statement_moments

    def pool(
        self, statement_moments: np.ndarray, *, only: Measure | None = None
    ) -> dict[str, Moments]:
        """Every measure's moments (by key), or `only` that one's, from statements x (n,
        total, squares)."""
        rows = slice(None) if only is None else [self.items.index(only)]
        pooled = (self._pooling[rows] @ statement_moments).tolist()
        widths = self._pooling[rows].sum(1).tolist()
        items = self.items if only is None else (only,)
        return {
            m.key: Moments(n, total, squares, width)
            for m, (n, total, squares), width in zip(items, pooled, widths, strict=True)
        }


@dataclass(frozen=True)
class ProgrammeBasis:
    """The areas a comparison's "rest of the programme" is made of, and the programme's mix."""

    live: bool
    as_at: datetime | None  # the publication's date, or when the programme was computed
    areas: dict[int, np.ndarray]  # area pk -> statements x (n, total, squares)
    mix: dict[str, dict[str, int]]  # question -> shown programme group -> respondents
    mix_hidden: dict[str, tuple[str, ...]]  # question -> programme groups not shown
    respondents: dict[int, int] = field(default_factory=dict)  # area pk -> (live only)

    @cached_property
    def programme(self) -> np.ndarray | None:
        """The sum of the areas (None when there are none)."""
        return sum(self.areas.values()) if self.areas else None

    def rest(self, *, area_id: int) -> np.ndarray | None:
        """The programme without this area (as it was added, if it was); None when there
        is no other area."""
        if not set(self.areas) - {area_id}:
            return None
        own = self.areas.get(area_id)
        return self.programme if own is None else self.programme - own


def _mix(breakdowns_json: dict) -> tuple[dict, dict]:
    breakdowns = breakdowns_from_json(breakdowns_json)
    mix, hidden = {}, {}
    for question in MIX_QUESTIONS:
        groups = breakdowns.get(question, {})
        mix[question] = {k: g.n for k, g in groups.items() if not g.suppressed and g.n}
        hidden[question] = tuple(k for k, g in groups.items() if g.suppressed)
    return mix, hidden


def live_basis(*, programme: Programme, kind: str, measures: Measures) -> ProgrammeBasis:
    """The programme as it stands (leads only): the closed areas of at least the threshold,
    from the overall counts stored with their snapshots."""
    rows = SurveySnapshot.objects.filter(
        survey__area__programme=programme, survey__closed_at__isnull=False, kind=kind
    ).values_list("survey__area_id", KeyTransform("overall", "tally"))
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    added = {area_id: overall for area_id, overall in rows if overall["respondents"] >= threshold}
    areas = {
        pk: measures.statement_moments(overall["distributions"]) for pk, overall in added.items()
    }
    snapshot = ProgrammeSnapshot.objects.filter(programme=programme, kind=kind).first()
    mix, hidden = _mix(snapshot.summary["breakdowns"]) if snapshot else ({}, {})
    return ProgrammeBasis(
        live=True,
        as_at=snapshot.computed_at if snapshot else None,
        areas=areas,
        mix=mix,
        mix_hidden=hidden,
        respondents={pk: overall["respondents"] for pk, overall in added.items()},
    )


def published_basis(
    *, programme: Programme, kind: str, measures: Measures
) -> ProgrammeBasis | None:
    """The programme as a lead last published it (what area reviewers compare with); None
    when nothing is published, or only before publications recorded their moments. A
    publication never changes once made (publishing again gives it a new date), so its
    basis is read once per process for each publication and measures (a few are kept)."""
    found = (
        ProgrammePublication.objects.filter(programme=programme, kind=kind)
        .values_list("pk", "published_at")
        .first()
    )
    if found is None:
        return None
    key = (*found, measures.codes)
    if key not in _PUBLISHED:
        if len(_PUBLISHED) >= _PUBLISHED_KEPT:
            _PUBLISHED.pop(next(iter(_PUBLISHED)))
        _PUBLISHED[key] = _published_read(pk=found[0], measures=measures)
    return _PUBLISHED[key]


_PUBLISHED: dict[tuple, ProgrammeBasis | None] = {}
_PUBLISHED_KEPT = 16


def _published_read(*, pk: int, measures: Measures) -> ProgrammeBasis | None:
    publication = ProgrammePublication.objects.only(
        "published_at", "moments", "breakdowns_json"
    ).get(pk=pk)
    if "areas" not in publication.moments:
        return None
    areas = {
        int(area_id): np.array([by_code[code] for code in measures.codes], dtype=np.int64)
        for area_id, by_code in publication.moments["areas"].items()
    }
    mix, hidden = _mix(json.loads(publication.breakdowns_json))
    return ProgrammeBasis(
        live=False, as_at=publication.published_at, areas=areas, mix=mix, mix_hidden=hidden
    )


def publication_moments(*, areas: dict[int, Tally], metas: list[StatementMeta]) -> dict:
    """What a publication records for the reviewers' comparisons: each area added into the
    published figures, its statement moments as added ({"areas": {pk: {code: [n, total,
    squares]}}}). Enough to take any one area out again; never shown as such."""
    measures = Measures.of(metas)
    return {
        "areas": {
            str(pk): dict(
                zip(
                    measures.codes,
                    measures.statement_moments(tally.distributions).tolist(),
                    strict=True,
                )
            )
            for pk, tally in areas.items()
        }
    }
