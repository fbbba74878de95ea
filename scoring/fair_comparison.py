"""An area against the rest of the programme: one narrow reader for the area comparison page
and the area report's key findings.

`area_against_rest(survey=..., kind=...)` gives, per framework, attribute, dimension, domain
and statement, the difference from the rest of the programme, its 95% Welch interval, the
Benjamini-Hochberg decision over the page's family and the tag; its `standardised` and
`subgroups` (scoring.area_groups) are worked out when first read.

The audience decides the basis (scoring.comparison_basis): area reviewers compare with the
programme as a lead last published it (the default), programme leads may ask for it as it
stands (live=True). Everything comes from stored counts: the area's snapshot tally (its
overall counts), the basis's moments and, for respondent groups, the area summary's shown
breakdowns, so a group the summary hides is never used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db.models import Case, JSONField, Value, When
from django.db.models.fields.json import KeyTransform

from surveys.kept import kept_for_a_minute
from surveys.models import Instrument, Survey

from .area_groups import GroupsOfArea, MixNote, StandardisedRow, SubgroupSection
from .comparison_basis import Measure, Measures, ProgrammeBasis, live_basis, published_basis
from .models import SurveySnapshot
from .reader import instrument_for, part_label
from .statistics import (
    CONFIDENCE,
    HIGHER,
    LOWER,
    Finding,
    comparisons_from_arrays,
    findings,
    moment_array_columns,
    welch_arrays,
)
from .summary import instrument_meta
from .tallies import DEADLINE

PART_LABELS = {
    "frameworks": "Frameworks",
    "attributes": "Attributes (rows of the relational value matrix)",
    "dimensions": "Dimensions (columns of the matrix)",
    "domains": "Relational proximity domains",
    "statements": "Relational value statements",
}


PART_NAMES = {
    "frameworks": "framework",
    "attributes": "attribute",
    "dimensions": "dimension",
    "domains": "proximity domain",
    "statements": "statement",
}


@dataclass(frozen=True)
class MeasureFinding:
    """The area against the rest on one measure, with the page family's decision."""

    measure: Measure
    label: str  # a statement's wording, or a pooled measure's name
    detail: str  # a proximity domain's statement wording, else ""
    area_mean: float | None
    rest_mean: float | None
    finding: Finding

    part = property(lambda self: self.measure.part)
    key = property(lambda self: self.measure.key)
    difference = property(lambda self: self.finding.comparison.difference)
    ci_low = property(lambda self: self.finding.comparison.ci_low)
    ci_high = property(lambda self: self.finding.comparison.ci_high)
    p_value = property(lambda self: self.finding.comparison.p_value)
    adjusted_p_value = property(lambda self: self.finding.adjusted_p_value)
    discovery = property(lambda self: self.finding.discovery)
    tag = property(lambda self: self.finding.tag)

    @property
    def part_name(self) -> str:
        """What kind of measure it is, in words ("statement", "attribute", ...)."""
        return PART_NAMES[self.part]

    @property
    def direction(self) -> str:
        """ "higher" or "lower" where the difference is declared, else "" (for the page)."""
        return {HIGHER: "higher", LOWER: "lower"}.get(self.tag, "")


@dataclass(frozen=True)
class AreaComparison:
    """An area's comparison page. `live` says which basis: False is the programme as a lead
    last published it (`as_at` its date), True the programme as it stands (leads only)."""

    kind: str
    live: bool
    as_at: datetime | None
    rest_areas: int  # how many areas the rest of the programme holds
    measures: tuple[MeasureFinding, ...]  # one family, in page order
    groups: GroupsOfArea  # the inputs of the standardised means and subgroup differences

    def part(self, part: str) -> list[MeasureFinding]:
        return [m for m in self.measures if m.part == part]

    @property
    def parts(self) -> list[tuple[str, str, list[MeasureFinding]]]:
        """(part, its heading, its findings) in page order."""
        return [(p, label, self.part(p)) for p, label in PART_LABELS.items() if self.part(p)]

    def finding(self, key: str) -> MeasureFinding:
        return next(m for m in self.measures if m.key == key)

    @cached_property
    def _by_statement(self) -> dict[str, MeasureFinding]:
        return {m.measure.codes[0]: m for m in self.measures if len(m.measure.codes) == 1}

    def statement(self, code: str) -> MeasureFinding | None:
        """The comparison of one statement: its own, or its proximity domain's where the
        domain is measured by that statement alone (the family holds it once)."""
        return self._by_statement.get(code)

    @property
    def differences(self) -> list[MeasureFinding]:
        """Measures clearly higher or lower than the rest, largest difference first."""
        return sorted(self.higher + self.lower, key=lambda m: (-abs(m.difference), m.key))

    @property
    def higher(self) -> list[MeasureFinding]:
        """Measures clearly higher than the rest, largest difference first."""
        found = [m for m in self.measures if m.tag == HIGHER]
        return sorted(found, key=lambda m: -m.difference)

    @property
    def lower(self) -> list[MeasureFinding]:
        """Measures clearly lower than the rest, largest difference first."""
        return sorted((m for m in self.measures if m.tag == LOWER), key=lambda m: m.difference)

    @property
    def unclear(self) -> int:
        """Tested measures without a clear difference."""
        return self.family_size - len(self.higher) - len(self.lower)

    @property
    def family_size(self) -> int:
        """Comparisons tested in the page's family (untested ones are not members)."""
        return sum(1 for m in self.measures if m.p_value is not None)

    @cached_property
    def standardised(self) -> list[StandardisedRow]:
        return self.groups.standardised()

    @cached_property
    def mix_notes(self) -> list[MixNote]:
        return self.groups.mix_notes()

    @cached_property
    def subgroups(self) -> list[SubgroupSection]:
        return self.groups.subgroups()


Snapshots = dict[str, tuple[dict, dict]]  # kind -> (overall tally, breakdown tallies)


def area_snapshots(*, survey: Survey) -> Snapshots:
    """The area's stored counts by kind: its overall tally, and the breakdowns' (JSON) of
    the deadline snapshot, which both kinds' breakdowns are (None for the latest)."""
    return areas_snapshots(surveys=[survey]).get(survey.pk, {})


def areas_snapshots(*, surveys: list[Survey]) -> dict[int, Snapshots]:
    """area_snapshots of many surveys in one query, by survey pk."""
    deadline_breakdowns = Case(
        When(kind=DEADLINE, then=KeyTransform("breakdowns", "tally")),
        default=Value(None, output_field=JSONField()),
        output_field=JSONField(),
    )
    rows = SurveySnapshot.objects.filter(survey__in=surveys).values_list(
        "survey_id", "kind", KeyTransform("overall", "tally"), deadline_breakdowns
    )
    result: dict[int, Snapshots] = {}
    for survey_id, kind, overall, breakdowns in rows:
        result.setdefault(survey_id, {})[kind] = (overall, breakdowns)
    return result


def measures_of(instrument: Instrument) -> tuple[Measures, dict[str, str]]:
    """An instrument's measures, and its statements' wording by code: read once a minute
    per process, like the wording itself (Instrument.statements_in_order)."""

    def read():
        wording = {s.code: s.text for s in instrument.statements.all()}
        return Measures.of(instrument_meta(instrument)), wording

    return kept_for_a_minute(("measures", instrument.version), read)


def area_against_rest(
    *, survey: Survey, kind: str, live: bool = False, snapshots: Snapshots | None = None
) -> AreaComparison | None:
    """The area's comparison page, or None: no results of this kind, an area below the
    threshold (counts only, never compared), no basis (nothing published, for a reviewer)
    or no other area to compare with. `comparison_unavailable` says which, in words.
    `snapshots`: the area's, where the caller has read them (area_snapshots' shape)."""
    if snapshots is None:
        snapshots = area_snapshots(survey=survey)
    if kind not in snapshots:
        return None
    measures, wording = measures_of(instrument_for(survey.instrument.version))
    programme = survey.area.programme
    basis = (
        live_basis(programme=programme, kind=kind, measures=measures)
        if live
        else published_basis(programme=programme, kind=kind, measures=measures)
    )
    if basis is None:
        return None
    return compare_area(
        area_id=survey.area_id,
        snapshots=snapshots,
        kind=kind,
        basis=basis,
        measures=measures,
        wording=wording,
    )


def compare_area(
    *,
    area_id: int,
    snapshots: Snapshots,
    kind: str,
    basis: ProgrammeBasis,
    measures: Measures,
    wording: dict[str, str],
) -> AreaComparison | None:
    """area_against_rest from what it reads: the area's stored counts and a basis (for the
    bench, and any caller comparing many areas against one basis read once)."""
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    overall = snapshots[kind][0]
    rest = basis.rest(area_id=area_id)
    if overall["respondents"] < threshold or rest is None:
        return None
    area_table = measures.table(measures.statement_moments(overall["distributions"]))
    area_means, *area_columns = moment_array_columns(area_table, measures.widths)
    rest_means, *rest_columns = moment_array_columns(measures.table(rest), measures.widths)
    compared = comparisons_from_arrays(
        *welch_arrays(area_means, *area_columns, rest_means, *rest_columns), CONFIDENCE
    )
    keys = [m.key for m in measures.items]
    decided = findings(comparisons=dict(zip(keys, compared, strict=True)))
    deadline_overall, breakdowns = snapshots[DEADLINE]
    raw = measures.table(measures.statement_moments(deadline_overall["distributions"]))
    return AreaComparison(
        kind=kind,
        live=basis.live,
        as_at=basis.as_at,
        rest_areas=len(set(basis.areas) - {area_id}),
        measures=tuple(
            MeasureFinding(
                measure=m,
                label=wording[m.key] if m.part == "statements" else part_label(m.key),
                detail=wording[m.codes[0]] if m.part == "domains" and len(m.codes) == 1 else "",
                area_mean=_figure(area_means[j]),
                rest_mean=_figure(rest_means[j]),
                finding=decided[m.key],
            )
            for j, m in enumerate(measures.items)
        ),
        groups=GroupsOfArea(
            breakdowns=breakdowns,
            measures=measures,
            wording=wording,
            mix=basis.mix,
            mix_hidden=basis.mix_hidden,
            raw_means=moment_array_columns(raw, measures.widths)[0],
            threshold=threshold,
        ),
    )


def _figure(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def comparison_unavailable(*, survey: Survey, kind: str, live: bool = False) -> str:
    """Why area_against_rest gave nothing, in a sentence for the page."""
    snapshots = area_snapshots(survey=survey)
    if kind not in snapshots:
        return "No results have been computed for this area yet."
    threshold = settings.RELAUDIT_MIN_GROUP_SIZE
    if snapshots[kind][0]["respondents"] < threshold:
        return (
            f"This area has fewer than {threshold} responses: it is reported as counts only, "
            "and never compared."
        )
    if not live:
        measures, _wording = measures_of(instrument_for(survey.instrument.version))
        basis = published_basis(programme=survey.area.programme, kind=kind, measures=measures)
        if basis is None:
            return (
                "No programme figures have been published for comparison yet (or they were "
                "published before comparisons were recorded): a programme lead publishes them "
                "from the programme report."
            )
    return "No other area of the programme has results to compare with yet."
