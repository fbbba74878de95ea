"""An area since the last wave, read from stored deadline summaries: the narrow reader of the
area report's "Since the last wave" section, its small multiples and the PDF.

Which areas an area is compared with comes from its lineage (surveys.AreaLineage); which
statements, from the instrument versions stored with the responses of both waves
(ComparableWording.comparable_codes). Every figure passes through scoring.wave_changes, so
each wave's suppression holds in every change."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models.functions import Left

from surveys.models import Area, AreaLineage, ComparableWording, Programme, Response

from .comparison_basis import Measures
from .fair_comparison import PART_LABELS
from .models import SurveySnapshot
from .reader import QUESTION_LABELS, group_label, part_label, summary_parse
from .summary import StatementMeta
from .summary_shape import SummaryData
from .tallies import DEADLINE
from .wave_changes import (
    DECLINED,
    IMPROVED,
    Change,
    changes_compared,
    changes_decided,
    group_cells,
    pooled_counts,
    shown_counts,
)

TREND_PARTS = ("frameworks", "attributes", "dimensions", "domains")
GROUP_PARTS = ("frameworks",)


def deadline_summaries(*, area_ids: Iterable[int]) -> dict[int, SummaryData]:
    """Each area's summary at its deadline (areas without results are left out), parsed
    once per process (scoring.reader.summary_parse: a deadline summary never changes)."""
    rows = SurveySnapshot.objects.filter(
        survey__area_id__in=list(area_ids), kind=DEADLINE
    ).values_list("survey__area_id", "summary_json")
    return {area_id: summary_parse(text) for area_id, text in rows}


HEAD = 16_000  # characters: a summary's counts and statements come first, in some 6,000


def deadline_counts(*, area_ids: Iterable[int]) -> tuple[dict[int, dict | None], dict[int, int]]:
    """Each area's shown statement counts at its deadline (as scoring.wave_changes.
    shown_counts: None where hidden) and its responses, without reading the breakdowns:
    for pages over hundreds of areas. They are stored with the snapshot when it is written
    (SurveySnapshot.shown_counts); a snapshot without them has the head of its summary text
    read instead (the rest is breakdowns), or the whole text when the head is too short."""
    ids = list(area_ids)
    snapshots = SurveySnapshot.objects.filter(kind=DEADLINE)
    result, responses, unstored, whole = {}, {}, [], []
    for area_id, stored in snapshots.filter(survey__area_id__in=ids).values_list(
        "survey__area_id", "shown_counts"
    ):
        if stored is None:
            unstored.append(area_id)
        else:
            result[area_id], responses[area_id] = stored["statements"], stored["responses"]
    if unstored:
        for area_id, head in snapshots.filter(survey__area_id__in=unstored).values_list(
            "survey__area_id", Left("summary_json", HEAD)
        ):
            try:
                result[area_id], responses[area_id] = _counts_of(head)
            except (ValueError, KeyError):
                whole.append(area_id)
    if whole:
        for area_id, text in snapshots.filter(survey__area_id__in=whole).values_list(
            "survey__area_id", "summary_json"
        ):
            result[area_id], responses[area_id] = _counts_of(text)
    return result, responses


def _counts_of(text: str) -> tuple[dict | None, int]:
    statements, counts = _top_level(text, "statements"), _top_level(text, "counts")
    shown = {code: figures["distribution"] for code, figures in statements.items()}
    hidden = not shown or any(c is None for c in shown.values())
    return (None if hidden else shown), counts["responses"]


_DECODER = json.JSONDecoder()


def _top_level(text: str, key: str):
    """One top-level value of a stored summary's JSON text, decoded alone: the summary's
    keys come in a fixed order (scoring.summary_shape), "counts" and "statements" before
    the breakdowns, which are most of the text. A key inside a string value is escaped
    (\\"), so the first unescaped match is the top-level key; else the whole text is read."""
    marker = f'"{key}": '
    at = text.find(marker)
    if at < 0:
        return json.loads(text)[key]
    return _DECODER.raw_decode(text, at + len(marker))[0]


def versions_answered(*, area_ids: Iterable[int]) -> dict[int, set[int]]:
    """The instrument versions (pks) stored with each area's counted responses."""
    result: dict[int, set[int]] = {}
    rows = (
        Response.objects.counted()
        .filter(survey__area_id__in=list(area_ids))
        .values_list("survey__area_id", "instrument_id")
        .distinct()
    )
    for area_id, instrument_id in rows:
        result.setdefault(area_id, set()).add(instrument_id)
    return result


def measures_for(area: Area) -> tuple[Measures, dict[str, str]]:
    statements = area.survey.instrument.statements_in_order()
    metas = [
        StatementMeta(s.code, s.framework, s.attribute, s.dimension, s.domain, s.is_negative)
        for s in statements
    ]
    return Measures.of(metas), {s.code: s.text for s in statements}


def measure_label(measure, wording: dict[str, str]) -> str:
    return wording[measure.key] if measure.part == "statements" else part_label(measure.key)


def basis_label(*, area: Area, predecessors: list[Area], previous: Programme) -> str:
    """What the area is compared with, in words: never a silent pooling or split."""
    if not predecessors:
        return f"{area.name} has no predecessor in {previous.name}: nothing to compare with."
    names = [p.name for p in predecessors]
    if len(names) > 1:
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        return (
            f"Compared with the merged predecessors {listed} in {previous.name}: their "
            "results at the deadline added together."
        )
    (predecessor,) = predecessors
    others = list(
        AreaLineage.objects.filter(predecessor=predecessor)
        .exclude(area=area)
        .values_list("area__name", flat=True)
    )
    if others:
        return (
            f"Compared with {predecessor.name} in {previous.name}, which has since been split "
            f"(also into {', '.join(others)}): the whole of {predecessor.name}."
        )
    if predecessor.name != area.name:
        return f"Compared with {predecessor.name} in {previous.name}."
    return f"Compared with {area.name} in {previous.name}."


@dataclass(frozen=True)
class GroupChange:
    question: str
    group: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class TrendLine:
    """One measure's means across waves (None where hidden), for the small multiples."""

    label: str
    points: tuple[tuple[str, float | None], ...]


@dataclass(frozen=True)
class AreaSinceLastWave:
    area: Area
    previous: Programme
    predecessors: tuple[Area, ...]
    basis: str
    changes: tuple[Change, ...]  # page order, decided as one family
    labels: dict[str, str]
    groups: tuple[GroupChange, ...]  # decided as one family of their own
    wording_changed: tuple[tuple[str, str], ...]  # (code, new wording) not compared
    trends: tuple[TrendLine, ...]  # only with three waves or more

    @property
    def compared(self) -> bool:
        return any(c.status == "compared" for c in self.changes)

    @property
    def parts(self) -> list[tuple[str, str, list[Change]]]:
        return [
            (part, heading, [c for c in self.changes if c.part == part])
            for part, heading in PART_LABELS.items()
            if any(c.part == part for c in self.changes)
        ]

    def _tagged(self, tag: str) -> list[Change]:
        return sorted(
            (c for c in self.changes if c.tag == tag), key=lambda c: -abs(c.difference or 0)
        )

    @property
    def improved(self) -> list[Change]:
        """Measures that clearly improved, largest change first."""
        return self._tagged(IMPROVED)

    @property
    def declined(self) -> list[Change]:
        return self._tagged(DECLINED)


def area_since_last_wave(*, area: Area) -> AreaSinceLastWave | None:
    """The area's change since the last wave of its series; None when there is no last
    wave or the area has no results yet."""
    previous = area.programme.previous_wave()
    if previous is None:
        return None
    predecessors = area.predecessors()
    summaries = deadline_summaries(area_ids=[area.pk, *(p.pk for p in predecessors)])
    if area.pk not in summaries:
        return None
    measures, wording = measures_for(area)
    versions = versions_answered(area_ids=[area.pk, *(p.pk for p in predecessors)])
    earlier = set().union(*(versions.get(p.pk, set()) for p in predecessors))
    comparable = ComparableWording.comparable_codes(
        earlier=earlier, later=versions.get(area.pk, set())
    )
    before = pooled_counts([shown_counts(summaries.get(p.pk)) for p in predecessors])
    after = shown_counts(summaries[area.pk])
    (changes,) = changes_decided(
        {
            area.pk: changes_compared(
                before=before, after=after, measures=measures, comparable=comparable
            )
        }
    ).values()
    return AreaSinceLastWave(
        area=area,
        previous=previous,
        predecessors=tuple(predecessors),
        basis=basis_label(area=area, predecessors=predecessors, previous=previous),
        changes=tuple(changes.values()),
        labels={m.key: measure_label(m, wording) for m in measures.items},
        groups=_group_changes(summaries, area, predecessors, measures, comparable),
        wording_changed=tuple(
            (code, wording[code]) for code in measures.codes if code not in comparable
        )
        if predecessors
        else (),
        trends=_trends(area, measures, wording),
    )


def _group_changes(summaries, area, predecessors, measures, comparable):
    cells = group_cells(
        before=[summaries.get(p.pk) for p in predecessors],
        after=summaries[area.pk],
        measures=measures,
        comparable=comparable,
        only=[m for m in measures.items if m.part in GROUP_PARTS],
    )
    return tuple(
        GroupChange(
            question=QUESTION_LABELS.get(question, question),
            group=group_label(question, key),
            changes=tuple(changes.values()),
        )
        for (question, key), changes in changes_decided(cells).items()
        if any(c.status == "compared" for c in changes.values())
    )


def lineage_levels(area: Area) -> list[tuple[Programme, list[int]]]:
    """The area and its lineage back through the series: (wave, area pks) latest first."""
    levels = [(area.programme, [area.pk])]
    while True:
        rows = AreaLineage.objects.filter(area_id__in=levels[-1][1]).values_list(
            "predecessor_id", "predecessor__programme_id"
        )
        pks = sorted({pk for pk, _programme in rows})
        if not pks:
            return levels
        levels.append((Programme.objects.get(pk=rows[0][1]), pks))


def _trends(area: Area, measures: Measures, wording) -> tuple[TrendLine, ...]:
    levels = lineage_levels(area)
    if len(levels) < 3:
        return ()
    all_ids = [pk for _wave, pks in levels for pk in pks]
    summaries = deadline_summaries(area_ids=all_ids)
    versions = versions_answered(area_ids=all_ids)
    comparable = set(measures.codes)
    for (_w, later), (_e, earlier) in zip(levels, levels[1:], strict=False):
        comparable &= ComparableWording.comparable_codes(
            earlier=set().union(*(versions.get(pk, set()) for pk in earlier)),
            later=set().union(*(versions.get(pk, set()) for pk in later)),
        )
    items = [m for m in measures.items if m.part in TREND_PARTS and set(m.codes) <= comparable]
    rows = [measures.items.index(m) for m in items]
    means_by_wave = []
    for wave, pks in reversed(levels):
        counts = pooled_counts([shown_counts(summaries.get(pk)) for pk in pks])
        if counts is None:
            means_by_wave.append((wave.wave_label or wave.name, [None] * len(items)))
            continue
        table = measures.table(measures.statement_moments(counts))[rows]
        means = [total / n if n else None for n, total, _squares in table.tolist()]
        means_by_wave.append((wave.wave_label or wave.name, means))
    return tuple(
        TrendLine(
            label=measure_label(m, wording),
            points=tuple((wave, means[j]) for wave, means in means_by_wave),
        )
        for j, m in enumerate(items)
    )
