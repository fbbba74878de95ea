"""The code frame of a programme: the instrument's 35 statements (each under its attribute
and dimension, or its proximity domain), "enabler" and "barrier" (the annex's split), and
the themes a lead adds, nested one level.

A code is named by a key everywhere (forms, stored settlements, exports): statement:RV-INT-CUL,
enabler, barrier, theme:<id>.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from surveys.models import Instrument, Programme, Statement

from .coding_models import BARRIER, ENABLER, Theme
from .reader import FRAMEWORK_LABELS, instrument_for, part_label

POLARITY_LABELS = {ENABLER: "Enabler", BARRIER: "Barrier"}


def statement_key(code: str) -> str:
    return f"statement:{code}"


def theme_key(theme_id: int) -> str:
    return f"theme:{theme_id}"


@dataclass(frozen=True)
class ThemeNode:
    theme: Theme
    children: tuple[Theme, ...] = ()


@dataclass
class Frame:
    instrument: Instrument
    statements: list[Statement]
    themes: list[ThemeNode]
    labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for statement in self.statements:
            self.labels[statement_key(statement.code)] = statement.text
        self.labels.update(POLARITY_LABELS)
        for node in self.themes:
            self.labels[theme_key(node.theme.pk)] = node.theme.name
            for child in node.children:
                self.labels[theme_key(child.pk)] = f"{node.theme.name} / {child.name}"

    def has(self, key: str) -> bool:
        return key in self.labels

    def theme_parent(self) -> dict[int, int]:
        """Child theme id -> its parent's id: a comment coded with a child counts for both."""
        return {child.pk: node.theme.pk for node in self.themes for child in node.children}

    def statement_groups(self) -> list[tuple[str, list[Statement]]]:
        """Statements under headings, as the annex lays them out: each relational value
        attribute's six dimensions, then the proximity domains."""
        groups: dict[str, list[Statement]] = {}
        for statement in self.statements:
            if statement.attribute:
                heading = (
                    f"{FRAMEWORK_LABELS[statement.framework]}: {part_label(statement.attribute)}"
                )
            else:
                heading = FRAMEWORK_LABELS[statement.framework]
            groups.setdefault(heading, []).append(statement)
        return list(groups.items())


def programme_instrument(*, programme: Programme) -> Instrument:
    """The instrument whose statements are the frame: the newest its surveys use (read once
    a minute per process, as scoring.reader.instrument_for reads it)."""
    newest = (
        Instrument.objects.filter(surveys__area__programme=programme)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return instrument_for(newest) if newest else Instrument.objects.latest("version")


def frame_build(*, programme: Programme) -> Frame:
    instrument = programme_instrument(programme=programme)
    themes = list(Theme.objects.filter(programme=programme).order_by("name"))
    children: dict[int, list[Theme]] = {}
    for theme in themes:
        if theme.parent_id:
            children.setdefault(theme.parent_id, []).append(theme)
    return Frame(
        instrument=instrument,
        statements=instrument.statements_in_order(),
        themes=[
            ThemeNode(theme, tuple(children.get(theme.pk, ())))
            for theme in themes
            if not theme.parent_id
        ],
    )


def statement_where(statement: Statement) -> str:
    """ "Integrity/Culture" or "Proximity/Directness", as the reports write it."""
    if statement.attribute:
        return f"{part_label(statement.attribute)}/{part_label(statement.dimension)}"
    return f"Proximity/{part_label(statement.domain)}"
