"""An area's respondent groups on its comparison page: its means standardised to the
programme's mix of organisation type and of role (case mix), and the largest differences
between its groups.

Counts come from the area's deadline tally (breakdowns are as at the deadline for both
snapshots, as the report's are), and only the groups the area's summary shows are used:
which ones is decided by `surveys.anonymity.suppression_reasons` over the same counts, the
rule the summary applies, so a group hidden below the threshold or as a complement is never
in a standardised mean or a difference, and neither output can be set against the crude
mean to work a hidden group out. The programme's mix likewise holds only the groups its
summary shows (scoring.comparison_basis). The raw mean set beside a standardised one is the
deadline's too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from surveys.anonymity import COMPLEMENTARY, suppression_reasons
from surveys.choices import DEMOGRAPHIC_QUESTIONS, DID_NOT_ANSWER

from .comparison_basis import MIX_QUESTIONS, Measure, Measures
from .reader import QUESTION_LABELS, group_label, part_label
from .standardisation import StandardisedMean, standardised_means, stratum_weights
from .statistics import Finding
from .subgroups import subgroup_family_of_table

SUBGROUP_LIMIT = 10  # differences listed per question (the family is every pair)


@dataclass(frozen=True)
class MixNote:
    """For one question: the groups a standardised mean is taken over, and why others are
    not (said on the page)."""

    question: str
    label: str
    published: bool  # False: the programme's mix by this question is not shown yet
    used: tuple[str, ...]  # labels, for the first measure (the relational value framework)
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
    fewer_groups: bool  # standardised over fewer groups than the first measure


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
    breakdowns: dict  # the deadline tally's: question -> group -> Tally JSON
    measures: Measures
    wording: dict[str, str]
    mix: dict[str, dict[str, int]]
    mix_hidden: dict[str, tuple[str, ...]]
    raw_means: np.ndarray  # the area's means as at the deadline, by measure
    threshold: int

    def label(self, measure: Measure) -> str:
        return (
            self.wording[measure.key] if measure.part == "statements" else part_label(measure.key)
        )

    @cached_property
    def reasons(self) -> dict[str, dict[str, str]]:
        """question -> hidden group -> why (the summary's rule over the same counts)."""
        return {
            question: suppression_reasons(
                {key: tally["respondents"] for key, tally in groups.items()}, self.threshold
            )
            for question, groups in self.breakdowns.items()
        }

    @cached_property
    def shown(self) -> dict[str, dict[str, np.ndarray]]:
        """question -> shown group with respondents -> measures x (n, total, squares)."""
        return {
            question: {
                key: self.measures.table(self.measures.statement_moments(tally["distributions"]))
                for key, tally in groups.items()
                if key not in self.reasons[question] and tally["respondents"]
            }
            for question, groups in self.breakdowns.items()
        }

    @cached_property
    def _standardised(self) -> dict[str, list[StandardisedMean]]:
        return {
            question: standardised_means(
                strata=self.shown.get(question, {}),
                statements=self.measures.widths,
                weights=stratum_weights(respondents=self.mix[question]),
                min_stratum_size=self.threshold,
            )
            for question in MIX_QUESTIONS
            if self.mix.get(question)
        }

    def mix_notes(self) -> list[MixNote]:
        notes = []
        for question in MIX_QUESTIONS:
            label = QUESTION_LABELS[question]
            if question not in self._standardised:
                notes.append(MixNote(question, label, False, (), (), (), 0.0))
                continue
            first = self._standardised[question][0]
            reasons = self.reasons.get(question, {})
            complement = {k for k in first.groups_too_small if reasons.get(k) == COMPLEMENTARY}
            name = group_label
            notes.append(
                MixNote(
                    question=question,
                    label=label,
                    published=True,
                    used=tuple(name(question, k) for k in first.groups_used),
                    too_small=tuple(
                        name(question, k) for k in first.groups_too_small if k not in complement
                    ),
                    hidden_as_complement=tuple(name(question, k) for k in complement),
                    share_covered=first.share_covered,
                    not_in_mix=tuple(name(question, k) for k in self.mix_hidden.get(question, ())),
                )
            )
        return notes

    def standardised(self) -> list[StandardisedRow]:
        """Each measure's raw mean beside its means standardised by organisation type and by
        role, over the groups shown here that the programme's mix holds."""
        first = {q: means[0].groups_used for q, means in self._standardised.items()}
        rows = []
        for j, measure in enumerate(self.measures.items):
            by_question = {q: means[j] for q, means in self._standardised.items()}
            raw = self.raw_means[j]
            rows.append(
                StandardisedRow(
                    measure=measure,
                    label=self.label(measure),
                    raw_mean=None if np.isnan(raw) else float(raw),
                    by_question=by_question,
                    fewer_groups=any(s.groups_used != first[q] for q, s in by_question.items()),
                )
            )
        return rows

    def subgroups(self) -> list[SubgroupSection]:
        """For each question, the largest differences between the groups shown (people who
        did not answer it are no group to compare), the question's pairs one family."""
        sections = []
        for question in DEMOGRAPHIC_QUESTIONS:
            groups = {k: g for k, g in self.shown.get(question, {}).items() if k != DID_NOT_ANSWER}
            keys = list(groups)
            family = subgroup_family_of_table(
                groups=keys,
                moments=np.stack(list(groups.values())) if groups else np.zeros((0, 0, 3)),
                statements=self.measures.widths,
                measure_keys=[m.key for m in self.measures.items],
                limit=SUBGROUP_LIMIT,
            )
            sections.append(
                SubgroupSection(
                    question=question,
                    label=QUESTION_LABELS[question],
                    groups=tuple(group_label(question, k) for k in keys),
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
