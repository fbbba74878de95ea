"""Spreadsheets an analyst can use without reading code: a "Read me" sheet first (what
every sheet and column holds, the codebook of statements and scores, what the snapshots and
suppression mean), then data sheets whose numbers are numbers (two decimals where they are
means), whose suppressed cells are empty with the reason in a column beside them, with
column widths, a frozen header row and filters. Every text cell is formula-safe
(relaudit.spreadsheets)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from relaudit.spreadsheets import Table, spreadsheet_safe

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
    # Read once, as the sheet is written: a generator streams a large export.
    rows: Iterable[Sequence] = field(default_factory=list)


def two_decimals(value):
    """A mean as the reports show it: rounded to two decimals, still a number."""
    return None if value is None else round(value, 2)


def _cell(ws, value, column: Column, wrap: bool):
    if value is None or value == "":
        return None
    if column.kind in (MEAN, PERCENT) and isinstance(value, float):
        value = round(value, 2)
    value = spreadsheet_safe(value)
    if column.kind not in FORMATS and not wrap:
        return value
    cell = WriteOnlyCell(ws, value)
    if column.kind in FORMATS:
        cell.number_format = FORMATS[column.kind]
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _write(workbook: Workbook, sheet: Sheet, *, wrap_last: bool = False) -> None:
    """One sheet, streamed (write-only): widths and the frozen header first, the filter
    over every row written last."""
    ws = workbook.create_sheet(title=sheet.title[:31])
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width or WIDTHS[column.kind]
    ws.freeze_panes = "B2" if len(sheet.columns) > 3 else "A2"
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, spreadsheet_safe(column.name))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.append(header)
    last = len(sheet.columns) - 1
    written = 0
    for row in sheet.rows:
        ws.append(
            [
                _cell(ws, value, column, wrap_last and i == last)
                for i, (value, column) in enumerate(zip(row, sheet.columns, strict=True))
            ]
        )
        written += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(written, 1) + 1}"


def readme_sheet(about: list[tuple[str, str]], sheets: Sequence[Sheet], codebook) -> Sheet:
    """The Read me: what the file is, then every sheet and column, then the codebook
    (scoring.codebook: the one place a download's words are written)."""
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
    """The Read me first, then the data sheets. Write-only: rows stream into the file, so a
    large export (the programme's response rows) stays small in memory."""
    workbook = Workbook(write_only=True)
    _write(workbook, readme, wrap_last=True)
    for sheet in sheets:
        _write(workbook, sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class ReadMe:
    """What the Read me of a one-table download says (scoring.codebook has the words)."""

    about: Sequence[tuple[str, str]]  # what the file is: (item, text)
    sheet: str  # one sentence about the data sheet
    columns: Mapping[str, Column]  # by name: kind, width and meaning of each column
    codebook: Sequence[tuple[str, str, str]] = ()  # (section, item, meaning)


def table_xlsx(table: Table, readme: ReadMe) -> bytes:
    """A table as XLSX, opening on its Read me: every column explained."""
    columns = [readme.columns.get(name, Column(name)) for name in table.columns]
    sheet = Sheet(table.title, readme.sheet, columns, table.rows)
    return workbook_xlsx(readme_sheet(list(readme.about), [sheet], readme.codebook), [sheet])
