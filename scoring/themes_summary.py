"""Themes across the programme: each theme's comment count and its share of the coded
comments of each organisation type, role and time in the system, with quotes; and the
annex's VCSE analysis in one view: voluntary sector respondents against everyone else.

Counts come from the released counts and are suppressed as in scoring.what_people_said: in
each question's table a group's theme count and its coded comments are each hidden under
the threshold, with the complementary rule; a share is shown only where both are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from surveys.choices import DEMOGRAPHIC_QUESTIONS

from .coding_frame import Frame, theme_key
from .coding_models import Theme
from .what_people_said import (
    GroupTable,
    Quote,
    Scope,
    group_table,
    groups_summed,
    passage_quotes,
)

QUESTIONS = ("organisation_type", "primary_role", "time_in_system")
VCSE = "voluntary_sector"


@dataclass(frozen=True)
class ShareRow:
    label: str
    count: int | None  # comments with the theme; None: suppressed
    coded: int | None  # coded comments of the group; None: suppressed

    @property
    def share(self) -> float | None:
        if self.count is None or not self.coded:
            return None
        return 100 * self.count / self.coded


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    depth: int
    comments: int
    share: float | None  # of all coded comments
    tables: list[tuple[str, list[ShareRow]]]
    quotes: list[Quote]


def _share_rows(count_table: GroupTable, coded_table: GroupTable) -> list[ShareRow]:
    coded = {row.key: row.n for row in coded_table.rows}
    return [ShareRow(row.label, row.n, coded[row.key]) for row in count_table.rows]


def _coded_groups(scope: Scope, question: str) -> dict[str, int]:
    total: dict[str, int] = {}
    for release in scope.releases.values():
        for key, n in release.counts.get("coded_groups", {}).get(question, {}).items():
            total[key] = total.get(key, 0) + n
    return total


def theme_rows(*, scope: Scope, frame: Frame, with_quotes: bool = True) -> list[ThemeRow]:
    coded_tables = {q: group_table(q, _coded_groups(scope, q), None) for q in QUESTIONS}
    rows = []
    for node in frame.themes:
        for depth, theme in [(0, node.theme)] + [(1, child) for child in node.children]:
            key = theme_key(theme.pk)
            counts = scope.area_counts(key)
            comments = sum(c.get("comments", 0) for c in counts)
            tables = []
            for question in QUESTIONS:
                sizes, _parts = groups_summed(counts, question)
                count_table = group_table(question, sizes, None)
                tables.append((count_table.label, _share_rows(count_table, coded_tables[question])))
            rows.append(
                ThemeRow(
                    theme=theme,
                    depth=depth,
                    comments=comments,
                    share=100 * comments / scope.coded if scope.coded else None,
                    tables=tables,
                    quotes=passage_quotes(scope, key, frame)[:2]
                    if with_quotes and comments
                    else [],
                )
            )
    return rows


@dataclass(frozen=True)
class VcseRow:
    theme: Theme
    depth: int
    vcse: ShareRow
    others: ShareRow


def _pair(table: GroupTable, total: int, threshold_hidden: bool) -> tuple[int | None, int | None]:
    """VCSE's count as the organisation type table shows it, and everyone else's (the whole
    minus VCSE): hidden together, or the whole would give the hidden one back."""
    vcse = next(row for row in table.rows if row.key == VCSE)
    if vcse.n is None:
        return None, None
    others = total - vcse.n
    if threshold_hidden and others < settings.RELAUDIT_MIN_GROUP_SIZE:
        return None, None
    return vcse.n, others


def vcse_rows(*, scope: Scope, frame: Frame) -> list[VcseRow]:
    coded_sizes = _coded_groups(scope, "organisation_type")
    coded_table = group_table("organisation_type", coded_sizes, None)
    coded_vcse, coded_others = _pair(coded_table, scope.coded, True)
    rows = []
    for node in frame.themes:
        for depth, theme in [(0, node.theme)] + [(1, child) for child in node.children]:
            counts = scope.area_counts(theme_key(theme.pk))
            sizes, _parts = groups_summed(counts, "organisation_type")
            total = sum(c.get("comments", 0) for c in counts)
            vcse, others = _pair(group_table("organisation_type", sizes, None), total, True)
            rows.append(
                VcseRow(
                    theme,
                    depth,
                    ShareRow(
                        dict(DEMOGRAPHIC_QUESTIONS["organisation_type"])[VCSE], vcse, coded_vcse
                    ),
                    ShareRow(
                        "Everyone else (and VCSE staff whose type is not shown)",
                        others,
                        coded_others,
                    ),
                )
            )
    return rows
