"""Spreadsheets an analyst can use without reading code: a "Read me" sheet first (what
every sheet and column holds, the codebook of statements and scores, what the snapshots and
suppression mean), then data sheets whose numbers are numbers (two decimals where they are
means), whose suppressed cells are empty with the reason in a column beside them, with
column widths, a frozen header row and filters. Every text cell is formula-safe
(relaudit.spreadsheets)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from relaudit.spreadsheets import spreadsheet_safe

TEXT, COUNT, MEAN, PERCENT, DATE = "text", "count", "mean", "percent", "date"
FORMATS = {COUNT: "0", MEAN: "0.00", PERCENT: "0.00", DATE: "yyyy-mm-dd"}
WIDTHS = {TEXT: 24, COUNT: 11, MEAN: 10, PERCENT: 11, DATE: 12}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    meaning: str = ""
    width: int | None = None  # characters; by kind if not given


@dataclass
class Sheet:
    title: str
    about: str  # one sentence for the Read me
    columns: Sequence[Column]
    rows: list[Sequence] = field(default_factory=list)


def two_decimals(value):
    """A mean as the reports show it: rounded to two decimals, still a number."""
    return None if value is None else round(value, 2)


def _cell(value, kind: str):
    if value is None or value == "":
        return None
    if kind in (MEAN, PERCENT) and isinstance(value, float):
        return round(value, 2)
    return spreadsheet_safe(value)


def _write(workbook: Workbook, sheet: Sheet) -> None:
    ws = workbook.create_sheet(title=sheet.title[:31])
    ws.append([column.name for column in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.rows:
        ws.append([_cell(value, c.kind) for value, c in zip(row, sheet.columns, strict=True)])
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width or WIDTHS[column.kind]
        if column.kind in FORMATS:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = FORMATS[column.kind]
    ws.freeze_panes = "B2" if len(sheet.columns) > 3 else "A2"
    last = get_column_letter(len(sheet.columns))
    ws.auto_filter.ref = f"A1:{last}{max(len(sheet.rows), 1) + 1}"


def readme_sheet(about: list[tuple[str, str]], sheets: Sequence[Sheet], codebook) -> Sheet:
    """The Read me: what the file is, then every sheet and column, then the codebook."""
    rows = [("About", name, text) for name, text in about]
    for sheet in sheets:
        rows.append(("Sheet", sheet.title, sheet.about))
        rows += [(sheet.title, c.name, c.meaning) for c in sheet.columns]
    rows += list(codebook)
    return Sheet(
        "Read me",
        "This sheet.",
        [Column("section", width=16), Column("item", width=34), Column("meaning", width=110)],
        rows,
    )


def workbook_xlsx(readme: Sheet, sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _write(workbook, readme)
    for row in workbook["Read me"].iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        _write(workbook, sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
