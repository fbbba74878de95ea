"""A series' row-level responses: every wave's `responses.csv` rows (scoring.row_export,
with its disclosure rules: each wave's areas k-anonymous on their own, nothing of an open or
small area) with the wave and the area's lineage in front. A thin layer: the columns after
those two are exactly the programme file's, whatever they are.

The two added columns are functions of the programme and the area, which every row already
names, so they make no row easier to tell apart; rows of different waves share no
identifier, so a respondent of two waves cannot be linked. Only the waves the person
downloading leads are included."""

from __future__ import annotations

from collections.abc import Iterator

from surveys.models import AreaLineage, Programme

from .exports import Table
from .row_export import responses_table

LEADING = ("wave", "area_lineage")


def _lineage(wave: Programme) -> dict[str, str]:
    """Each area's predecessors in the wave before (slugs joined by "+"; "" for none)."""
    found: dict[str, list[str]] = {}
    for slug, before in AreaLineage.objects.filter(area__programme=wave).values_list(
        "area__slug", "predecessor__slug"
    ):
        found.setdefault(slug, []).append(before)
    return {slug: "+".join(sorted(slugs)) for slug, slugs in found.items()}


def series_responses_table(*, waves: list[Programme]) -> Table:
    """One row per exported response of each wave, waves in order."""
    tables = [(wave, responses_table(programme=wave)) for wave in waves]
    columns = [*LEADING, *(tables[0][1].columns if tables else ())]

    def rows() -> Iterator[list]:
        for wave, table in tables:
            area = list(table.columns).index("area")
            lineage = _lineage(wave)
            for row in table.rows:
                yield [wave.wave or 1, lineage.get(row[area], ""), *row]

    return Table("Responses", columns, rows())
