"""Across the programme's areas, for programme leads (who see every area as it stands): the
heatmap of each area against the rest on the 30 matrix cells and 5 proximity domains, and
funnel plots of one measure. Read from the live basis (scoring.comparison_basis): closed
areas of at least the threshold only, from their stored counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings

from surveys.models import Area, Programme

from .comparison_basis import Measure, Measures, ProgrammeBasis, live_basis
from .funnels import Funnel, funnel
from .reader import instrument_for, part_label
from .statistics import (
    CONFIDENCE,
    HIGHER,
    LOWER,
    Finding,
    comparisons_from_arrays,
    heatmap_findings,
    moment_array_columns,
    welch_arrays,
)
from .summary import instrument_meta

NOT_CLOSED = "not closed yet"
MINUS = "\u2212"
PART_HEADINGS = {
    "frameworks": "Frameworks",
    "attributes": "Attributes",
    "dimensions": "Dimensions",
    "domains": "Proximity domains",
    "statements": "Relational value statements",
}


@dataclass(frozen=True)
class Column:
    measure: Measure
    abbreviation: str  # three letters: the dimension of a matrix cell, or the domain
    name: str  # that dimension or domain
    group: str  # the attribute of a matrix cell, or "Proximity"
    label: str  # the statement's wording


@dataclass(frozen=True)
class Cell:
    finding: Finding

    @property
    def direction(self) -> str:
        """ "higher" or "lower" by the difference's sign (the colour), "" without one."""
        difference = self.finding.comparison.difference
        if not difference:
            return ""
        return "higher" if difference > 0 else "lower"

    @property
    def clear(self) -> bool:
        return self.finding.tag in (HIGHER, LOWER)

    @property
    def text(self) -> str:
        """The difference in four characters, so that 35 columns fit at 1280 px: "+.12",
        "−.34" (a minus sign); a point or more to one decimal, "+1.2"; "–" where there is
        none. The area's comparison page gives every figure in full."""
        difference = self.finding.comparison.difference
        if difference is None:
            return "–"
        if abs(difference) >= 0.995:  # would print as a whole point or more
            text = f"{difference:+.1f}"
        else:
            text = f"{difference:+.2f}".replace("0.", ".", 1)
        return text.replace("-", MINUS)

    @property
    def marker(self) -> str:
        """Beside the colour, a text marker where the difference is declared."""
        return {"higher": "▲", "lower": "▼"}.get(self.direction, "") if self.clear else ""

    @property
    def css(self) -> str:
        classes = "relaudit-diff"
        if self.direction:
            classes += f" relaudit-diff--{self.direction}"
        return classes + (" relaudit-diff--clear" if self.clear else "")


@dataclass(frozen=True)
class Row:
    area: Area
    responses: int
    cells: tuple[Cell, ...]

    @property
    def declared(self) -> int:
        return sum(cell.clear for cell in self.cells)


@dataclass(frozen=True)
class Instrumented:
    """The measures of a programme's newest instrument and its statements' wording."""

    measures: Measures
    wording: dict[str, str]

    def label(self, measure: Measure) -> str:
        return (
            self.wording[measure.key] if measure.part == "statements" else part_label(measure.key)
        )


def _instrumented(programme: Programme) -> Instrumented | None:
    versions = set(
        programme.areas.filter(survey__isnull=False).values_list(
            "survey__instrument__version", flat=True
        )
    )
    if not versions:
        return None
    instrument = instrument_for(max(versions))
    return Instrumented(
        measures=Measures.of(instrument_meta(instrument)),
        wording={s.code: s.text for s in instrument.statements.all()},
    )


@dataclass(frozen=True)
class Context:
    """What both lead pages start from: the programme's measures, its live basis, its
    areas (by pk), and which areas are left out and why."""

    instrumented: Instrumented
    basis: ProgrammeBasis
    areas: dict[int, Area]
    left_out: list[tuple[Area, str]]

    @property
    def measures(self) -> Measures:
        return self.instrumented.measures


def across_areas_context(*, programme: Programme, kind: str) -> Context | None:
    """What the lead pages read: the measures and the live basis (None: no area at all)."""
    instrumented = _instrumented(programme)
    if instrumented is None:
        return None
    areas = {a.pk: a for a in programme.areas.select_related("survey").order_by("name")}
    basis = live_basis(programme=programme, kind=kind, measures=instrumented.measures)
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    left_out = [
        (area, f"fewer than {threshold} responses" if area.survey.closed_at else NOT_CLOSED)
        for pk, area in areas.items()
        if pk not in basis.areas and hasattr(area, "survey")
    ]
    return Context(instrumented=instrumented, basis=basis, areas=areas, left_out=left_out)


def heatmap_columns(instrumented: Instrumented) -> list[Column]:
    """The 30 relational value matrix cells, by attribute, then the 5 proximity domains."""
    measures, wording = instrumented.measures, instrumented.wording
    metas = {meta.code: meta for meta in measures.metas}
    cells = []
    for m in measures.items:
        meta = metas.get(m.key)
        if m.part == "statements" and meta.attribute:
            dimension = part_label(meta.dimension)
            cells.append(
                Column(
                    m, dimension[:3].upper(), dimension, part_label(meta.attribute), wording[m.key]
                )
            )
    domains = [
        Column(
            m, part_label(m.key)[:3].upper(), part_label(m.key), "Proximity", wording[m.codes[0]]
        )
        for m in measures.items
        if m.part == "domains"
    ]
    return cells + domains


@dataclass(frozen=True)
class Heatmap:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    left_out: list[tuple[Area, str]]
    sort: str
    descending: bool

    @property
    def groups(self) -> list[tuple[str, int]]:
        return column_groups(self.columns)

    @property
    def key(self) -> list[tuple[str, str]]:
        """Each abbreviation once, with the dimension or domain it stands for."""
        return list({c.abbreviation: c.name for c in self.columns}.items())

    @property
    def cells(self) -> int:
        return sum(1 for row in self.rows for c in row.cells if c.finding.comparison.p_value)

    @property
    def declared(self) -> tuple[int, int]:
        """Cells clearly higher and clearly lower than the rest."""
        cells = [c for row in self.rows for c in row.cells if c.clear]
        return (
            sum(c.direction == "higher" for c in cells),
            sum(c.direction == "lower" for c in cells),
        )


def programme_heatmap(
    *, programme: Programme, kind: str, sort: str = "area", descending: bool = False
) -> Heatmap | None:
    """Every area shown against the rest on each column, all cells one Benjamini-Hochberg
    family, rows sorted by `sort` ("area", "responses" or a column's key); None when no
    area has closed."""
    context = across_areas_context(programme=programme, kind=kind)
    return None if context is None else heatmap_of(context, sort=sort, descending=descending)


def heatmap_of(context: Context, *, sort: str = "area", descending: bool = False) -> Heatmap:
    """programme_heatmap from what it reads: every area against the rest on every column as
    arrays (areas x columns), then the one family."""
    measures, basis = context.measures, context.basis
    columns = heatmap_columns(context.instrumented)
    keys = [c.measure.key for c in columns]
    rows = []
    if basis.areas:
        index = [measures.items.index(c.measure) for c in columns]
        widths = measures.widths[index]
        pks = list(basis.areas)
        areas = np.stack([measures.table(basis.areas[pk])[index] for pk in pks])
        rest = measures.table(basis.programme)[index][None, :, :] - areas
        area_columns = moment_array_columns(areas, widths)
        rest_columns = moment_array_columns(rest, widths)
        compared = comparisons_from_arrays(
            *welch_arrays(*(c.ravel() for c in area_columns + rest_columns)), CONFIDENCE
        )
        width = len(keys)
        decided = heatmap_findings(
            comparisons={
                pk: dict(zip(keys, compared[i * width : (i + 1) * width], strict=True))
                for i, pk in enumerate(pks)
            },
            columns=keys,
        )
        rows = [
            Row(
                area=context.areas[pk],
                responses=basis.respondents[pk],
                cells=tuple(Cell(decided[pk][k]) for k in keys),
            )
            for pk in pks
        ]
    if sort not in ("area", "responses", *keys):
        sort = "area"
    rows.sort(key=_row_order(sort, keys), reverse=descending)
    return Heatmap(tuple(columns), tuple(rows), context.left_out, sort, descending)


def _row_order(sort: str, keys: list[str]):
    if sort == "area":
        return lambda row: row.area.name
    if sort == "responses":
        return lambda row: (row.responses, row.area.name)
    index = keys.index(sort)

    def by_difference(row: Row):
        difference = row.cells[index].finding.comparison.difference
        return (difference is not None, difference or 0.0, row.area.name)

    return by_difference


@dataclass(frozen=True)
class FunnelPage:
    measure: Measure
    label: str
    funnel: Funnel | None  # None: the areas' answers do not vary on this measure
    names: dict[str, str]  # area slug -> name
    left_out: list[tuple[Area, str]]

    @property
    def overdispersed(self) -> bool:
        return bool(self.funnel and self.funnel.tau2 > 0)


def measure_choices(*, programme: Programme) -> list[tuple[str, list[tuple[str, str]]]]:
    """The funnel's select: (group heading, [(measure key, label)]) in page order."""
    instrumented = _instrumented(programme)
    if instrumented is None:
        return []
    groups: dict[str, list[tuple[str, str]]] = {}
    for m in instrumented.measures.items:
        groups.setdefault(m.part, []).append((m.key, instrumented.label(m)))
    return [(PART_HEADINGS[part], options) for part, options in groups.items()]


def programme_funnel(*, programme: Programme, kind: str, measure_key: str) -> FunnelPage | None:
    """One measure's funnel over the areas; None when no area has closed. Raises KeyError
    for a measure the programme's instrument does not have."""
    context = across_areas_context(programme=programme, kind=kind)
    return None if context is None else funnel_of(context, measure_key=measure_key)


def funnel_of(context: Context, *, measure_key: str) -> FunnelPage:
    """programme_funnel from what it reads."""
    measure = context.measures.by_key[measure_key]
    label = context.instrumented.label(measure)
    names = {a.slug: a.name for a in context.areas.values()}
    moments = {
        context.areas[pk].slug: context.measures.pool(m, only=measure)[measure.key]
        for pk, m in context.basis.areas.items()
    }
    try:
        drawn = funnel(areas=moments) if moments else None
    except ValueError:
        drawn = None
    return FunnelPage(measure, label, drawn, names, context.left_out)


def column_groups(columns) -> list[tuple[str, int]]:
    """Column groups for a heatmap's header: (attribute or "Proximity", columns it spans)."""
    spans: list[tuple[str, int]] = []
    for column in columns:
        if spans and spans[-1][0] == column.group:
            spans[-1] = (column.group, spans[-1][1] + 1)
        else:
            spans.append((column.group, 1))
    return spans
