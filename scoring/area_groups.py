"""An area's respondent groups on its comparison page: its means standardised to the
programme's mix of organisation type and of role (case mix), and the largest differences
between its groups.

Only the groups the area's summary shows are used: their counts are read from the summary's
breakdowns, where a hidden group (below the threshold, or hidden as a complement) has none.
So neither output can be combined with the crude mean to work a hidden group out. The
programme's mix likewise holds only the groups its summary shows (scoring.comparison_basis).
Breakdowns are as at the deadline for both snapshots, as the report's are, so the raw mean
set beside a standardised one is the deadline's too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings

from surveys.anonymity import COMPLEMENTARY
from surveys.choices import DEMOGRAPHIC_QUESTIONS, DID_NOT_ANSWER

from .comparison_basis import MIX_QUESTIONS, Measure, Measures
from .reader import QUESTION_LABELS, group_label, part_label
from .standardisation import StandardisedMean, standardised_mean, stratum_weights
from .statistics import Finding, Moments
from .subgroups import subgroup_family
from .summary_shape import SummaryData

SUBGROUP_LIMIT = 10  # differences listed per question (the family is every pair)


@dataclass(frozen=True)
class MixNote:
    """For one question: the groups a standardised mean is taken over, and why others are
    not (said on the page)."""

    question: str
    label: str
    published: bool  # False: the programme's mix by this question is not shown yet
    used: tuple[str, ...]  # labels, for the framework means
    too_small: tuple[str, ...]  # in the programme's mix, fewer than the threshold here
    hidden_as_complement: tuple[str, ...]  # hidden here so a smaller group stays hidden
    share_covered: float  # of the programme's respondents, by the groups used
    not_in_mix: tuple[str, ...] = ()  # hidden in the programme's figures: not in its mix


@dataclass(frozen=True)
class StandardisedRow:
    measure: Measure
    label: str
    raw_mean: float | None  # as at the deadline, as the breakdowns are
    by_question: dict[str, StandardisedMean]
    fewer_groups: bool  # standardised over fewer groups than the framework means


@dataclass(frozen=True)
class GroupGap:
    measure: Measure
    label: str
    higher: str
    lower: str
    finding: Finding


@dataclass(frozen=True)
class SubgroupSection:
    question: str
    label: str
    groups: tuple[str, ...]  # the shown groups compared (labels)
    pairs: int
    declared: int
    largest_declared: tuple[GroupGap, ...]
    largest: tuple[GroupGap, ...]  # whether declared or not


@dataclass(frozen=True)
class GroupsOfArea:
    summary: SummaryData
    measures: Measures
    wording: dict[str, str]
    mix: dict[str, dict[str, int]]
    mix_hidden: dict[str, tuple[str, ...]]
    raw: dict[str, Moments]  # the area as at the deadline, by measure key

    def label(self, measure: Measure) -> str:
        return (
            self.wording[measure.key] if measure.part == "statements" else part_label(measure.key)
        )

    @cached_property
    def shown(self) -> dict[str, dict[str, dict[str, Moments]]]:
        """question -> shown group with respondents -> measure key -> moments."""
        result = {}
        for question, groups in self.summary.breakdowns.items():
            result[question] = {
                key: self.measures.pool(
                    self.measures.statement_moments(
                        {code: list(s.distribution or (0,) * 6) for code, s in g.statements.items()}
                    )
                )
                for key, g in groups.items()
                if not g.suppressed and g.n
            }
        return result

    def mix_notes(self) -> list[MixNote]:
        notes = []
        headline = self.measures.items[0].key
        for question in MIX_QUESTIONS:
            mix = self.mix.get(question) or {}
            groups = self.summary.breakdowns.get(question, {})
            not_in_mix = tuple(group_label(question, k) for k in self.mix_hidden.get(question, ()))
            if not mix:
                notes.append(MixNote(question, QUESTION_LABELS[question], False, (), (), (), 0.0))
                continue
            used = standardised_mean(
                strata={k: g[headline] for k, g in self.shown.get(question, {}).items()},
                weights=stratum_weights(respondents=mix),
                min_stratum_size=settings.RELAUDIT_MIN_GROUP_SIZE,
            )
            complement = {
                k for k in used.groups_too_small
                if k in groups and groups[k].suppressed_reason == COMPLEMENTARY
            }  # fmt: skip
            notes.append(
                MixNote(
                    question=question,
                    label=QUESTION_LABELS[question],
                    published=True,
                    used=tuple(group_label(question, k) for k in used.groups_used),
                    too_small=tuple(
                        group_label(question, k)
                        for k in used.groups_too_small
                        if k not in complement
                    ),
                    hidden_as_complement=tuple(group_label(question, k) for k in complement),
                    share_covered=used.share_covered,
                    not_in_mix=not_in_mix,
                )
            )
        return notes

    def standardised(self) -> list[StandardisedRow]:
        """Each measure's raw mean beside its means standardised by organisation type and by
        role, over the groups shown here that the programme's mix holds."""
        weights = {q: stratum_weights(respondents=m) for q, m in self.mix.items() if m}
        headline = {}
        rows = []
        for measure in self.measures.items:
            by_question = {
                question: standardised_mean(
                    strata={k: g[measure.key] for k, g in self.shown.get(question, {}).items()},
                    weights=weights[question],
                    min_stratum_size=settings.RELAUDIT_MIN_GROUP_SIZE,
                )
                for question in MIX_QUESTIONS
                if question in weights
            }
            used = {q: s.groups_used for q, s in by_question.items()}
            headline = headline or used
            rows.append(
                StandardisedRow(
                    measure=measure,
                    label=self.label(measure),
                    raw_mean=self.raw[measure.key].mean,
                    by_question=by_question,
                    fewer_groups=used != headline,
                )
            )
        return rows

    def subgroups(self) -> list[SubgroupSection]:
        """For each question, the largest differences between the groups shown (people who
        did not answer it are no group to compare), the question's pairs one family."""
        sections = []
        for question in DEMOGRAPHIC_QUESTIONS:
            groups = {k: g for k, g in self.shown.get(question, {}).items() if k != DID_NOT_ANSWER}
            family = subgroup_family(
                measures={
                    m.key: {k: g[m.key] for k, g in groups.items()} for m in self.measures.items
                },
                limit=SUBGROUP_LIMIT,
            )

            sections.append(
                SubgroupSection(
                    question=question,
                    label=QUESTION_LABELS[question],
                    groups=tuple(group_label(question, k) for k in groups),
                    pairs=family.pairs,
                    declared=family.declared,
                    largest_declared=self._gaps(question, family.largest_declared),
                    largest=self._gaps(question, family.largest),
                )
            )
        return sections

    def _gaps(self, question: str, differences) -> tuple[GroupGap, ...]:
        return tuple(
            GroupGap(
                measure=(measure := self.measures.by_key[d.measure]),
                label=self.label(measure),
                higher=group_label(question, d.higher),
                lower=group_label(question, d.lower),
                finding=d.finding,
            )
            for d in differences
        )
