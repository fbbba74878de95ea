"""Each area's change since the last wave on one page (programme leads): a heatmap of
change whose columns are the frameworks, attributes, dimensions and domains, sortable by any
of them. Every cell of the page is one Benjamini-Hochberg family; each cell comes through
scoring.wave_changes, so each wave's suppression holds and a merger is pooled only when all
its predecessors are shown (and the row says it was merged)."""

from __future__ import annotations

from dataclasses import dataclass

from surveys.models import AreaLineage, ComparableWording, Programme

from .across_areas import column_groups
from .comparison_basis import Measure, Measures
from .reader import instrument_for, part_label
from .summary import instrument_meta
from .wave_changes import (
    DECLINED,
    IMPROVED,
    Change,
    changes_compared,
    changes_decided,
    pooled_counts,
)
from .wave_reading import deadline_counts, versions_answered

COLUMN_PARTS = ("frameworks", "attributes", "dimensions", "domains")
GROUP_NAMES = {
    "frameworks": "Framework",
    "attributes": "Attribute",
    "dimensions": "Dimension",
    "domains": "Proximity domain",
}


@dataclass(frozen=True)
class Column:
    measure: Measure
    name: str
    group: str

    @property
    def abbreviation(self) -> str:
        return (
            "".join(word[0] for word in self.name.split()).upper()
            if " " in self.name
            else (self.name[:3])
        )


@dataclass(frozen=True)
class ChangeRow:
    area_name: str
    area_slug: str
    responses: int | None
    lineage: str  # "", "merged from A and B", "split from A", "renamed from A", "new area"
    cells: tuple[Change, ...]

    def value(self, key: str) -> float | None:
        return next((c.difference for c in self.cells if c.key == key), None)


@dataclass(frozen=True)
class ProgrammeChanges:
    previous: Programme
    columns: tuple[Column, ...]
    rows: tuple[ChangeRow, ...]
    left_out: tuple[tuple[str, str], ...]  # (area name, why it has no row)
    sort: str
    descending: bool

    @property
    def cells(self) -> int:
        return sum(1 for row in self.rows for c in row.cells if c.status == "compared")

    @property
    def declared(self) -> tuple[int, int]:
        tags = [c.tag for row in self.rows for c in row.cells]
        return tags.count(IMPROVED), tags.count(DECLINED)

    @property
    def groups(self) -> list[tuple[str, int]]:
        return column_groups(self.columns)


def _lineage_words(names: list[str], split_from: bool, same_name: bool) -> str:
    if not names:
        return "new area: nothing to compare with"
    if len(names) > 1:
        return "merged from " + ", ".join(names[:-1]) + f" and {names[-1]}"
    if split_from:
        return f"split from {names[0]}"
    return "" if same_name else f"follows {names[0]}"


def programme_changes(
    *, programme: Programme, sort: str = "area", descending: bool = False
) -> ProgrammeChanges | None:
    """The page, or None when the programme has no last wave."""
    previous = programme.previous_wave()
    if previous is None:
        return None
    areas = list(programme.areas.select_related("survey__instrument").order_by("name"))
    links = list(
        AreaLineage.objects.filter(area__programme=programme).values_list(
            "area_id", "predecessor_id", "predecessor__name"
        )
    )
    predecessors: dict[int, list[tuple[int, str]]] = {}
    successors: dict[int, int] = {}
    for area_id, pk, name in links:
        predecessors.setdefault(area_id, []).append((pk, name))
        successors[pk] = successors.get(pk, 0) + 1
    ids = [a.pk for a in areas] + [pk for _a, pk, _n in links]
    summaries, responses = deadline_counts(area_ids=ids)
    versions = versions_answered(area_ids=ids)
    found = {a.survey.instrument.version for a in areas if hasattr(a, "survey")}
    if not found:
        return None
    instrument = instrument_for(max(found))
    measures = Measures.of(instrument_meta(instrument))
    columns = tuple(
        Column(measure=m, name=part_label(m.key), group=GROUP_NAMES[m.part])
        for m in measures.items
        if m.part in COLUMN_PARTS
    )
    comparable_cache: dict[tuple[frozenset, frozenset], set[str]] = {}
    cells, left_out, meta = {}, [], {}
    for area in areas:
        before_ids = [pk for pk, _name in sorted(predecessors.get(area.pk, []), key=lambda p: p[1])]
        if area.pk not in summaries:
            left_out.append((area.name, "no results yet"))
            continue
        if not before_ids:
            left_out.append((area.name, "a new area, with no predecessor in the last wave"))
            continue
        earlier = frozenset().union(*(versions.get(pk, set()) for pk in before_ids))
        later = frozenset(versions.get(area.pk, set()))
        if (earlier, later) not in comparable_cache:
            comparable_cache[earlier, later] = ComparableWording.comparable_codes(
                earlier=set(earlier), later=set(later)
            )
        cells[area.pk] = changes_compared(
            before=pooled_counts([summaries.get(pk) for pk in before_ids]),
            after=summaries[area.pk],
            measures=measures,
            comparable=comparable_cache[earlier, later],
            only=[c.measure for c in columns],
        )
        names = sorted(name for _pk, name in predecessors[area.pk])
        meta[area.pk] = (
            area,
            responses.get(area.pk) if summaries[area.pk] else None,
            _lineage_words(
                names,
                split_from=len(names) == 1 and successors.get(before_ids[0], 0) > 1,
                same_name=names == [area.name],
            ),
        )
    decided = changes_decided(cells)
    rows = [
        ChangeRow(
            area_name=area.name,
            area_slug=area.slug,
            responses=responses,
            lineage=lineage,
            cells=tuple(decided[pk][c.measure.key] for c in columns),
        )
        for pk, (area, responses, lineage) in meta.items()
    ]
    keys = {c.measure.key for c in columns}
    sort = sort if sort in keys | {"area", "responses"} else "area"
    rows.sort(key=lambda r: r.area_name, reverse=descending and sort == "area")
    if sort != "area":
        # Figures sort with the empty ones last, whichever the direction.
        def figure(row):
            return row.responses if sort == "responses" else row.value(sort)

        shown = [r for r in rows if figure(r) is not None]
        shown.sort(key=figure, reverse=descending)
        rows = shown + [r for r in rows if figure(r) is None]
    return ProgrammeChanges(
        previous=previous,
        columns=columns,
        rows=tuple(rows),
        left_out=tuple(left_out),
        sort=sort,
        descending=descending,
    )
