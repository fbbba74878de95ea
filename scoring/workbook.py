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
    # Filled as it is written: the sheets a long one continued on (SHEET_ROWS).
    continued: list[str] = field(default_factory=list)


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


# A sheet holds 1,048,576 rows, the header included: longer data continues on sheets
# named "<title> 2", "<title> 3", ... each with the same header.
SHEET_ROWS = 1_048_576


def _worksheet(workbook: Workbook, title: str, columns: Sequence[Column]):
    """A write-only sheet with its widths, frozen header row and header: these go first."""
    ws = workbook.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width or WIDTHS[column.kind]
    ws.freeze_panes = "B2" if len(columns) > 3 else "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, spreadsheet_safe(column.name))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.append(header)
    return ws


def _filter(ws, columns, written: int) -> None:
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(written, 1) + 1}"


def _plain(value):
    if value == "":
        return None
    return value if value.__class__ is not str else spreadsheet_safe(value)


def _write(workbook: Workbook, sheet: Sheet, *, sheet_rows: int = SHEET_ROWS) -> None:
    """One sheet, streamed (write-only), continued on further sheets past sheet_rows rows
    (header included): their titles go in sheet.continued for the Read me."""
    ws, written = _worksheet(workbook, sheet.title, sheet.columns), 0
    # Text and whole counts need no style: plain values, written fastest (most cells of a
    # large file); means, percentages and dates get their number format.
    styled = [column.kind in (MEAN, PERCENT, DATE) for column in sheet.columns]
    for row in sheet.rows:
        if written == sheet_rows - 1:
            _filter(ws, sheet.columns, written)
            sheet.continued.append(f"{sheet.title[:27]} {len(sheet.continued) + 2}")
            ws, written = _worksheet(workbook, sheet.continued[-1], sheet.columns), 0
        cells = zip(row, sheet.columns, styled, strict=True)
        ws.append([_cell(ws, v, c, False) if style else _plain(v) for v, c, style in cells])
        written += 1
    _filter(ws, sheet.columns, written)


def readme_sheet(about: list[tuple[str, str]], sheets: Sequence[Sheet], codebook) -> Sheet:
    """The Read me: what the file is, then every sheet and column, then the codebook
    (scoring.codebook: the one place a download's words are written). Its rows are read
    after the data sheets are written, so they name the sheets a long one continued on."""

    def rows():
        yield from (("About", name, text) for name, text in about)
        for sheet in sheets:
            for title in (sheet.title, *sheet.continued):
                about_sheet = sheet.about if title == sheet.title else (
                    f"{sheet.about} Continued from “{sheet.title}”: a sheet holds "
                    f"{SHEET_ROWS:,} rows at most, its header included."
                )  # fmt: skip
                yield ("Sheet", title, about_sheet)
                yield from ((title, c.name, c.meaning) for c in sheet.columns)
        yield from codebook

    columns = [Column("section", width=16), Column("item", width=34), Column("meaning", width=110)]
    return Sheet("Read me", "This sheet.", columns, rows())


def workbook_xlsx(
    readme: Sheet, sheets: Sequence[Sheet], *, out=None, sheet_rows: int = SHEET_ROWS
) -> bytes | None:
    """The Read me first, then the data sheets. Write-only: rows stream into the file, so a
    large export (the programme's response rows) stays small in memory. Written to `out` (a
    binary file) if given, else returned as bytes. The Read me's rows are written last."""
    workbook = Workbook(write_only=True)
    readme_ws = _worksheet(workbook, readme.title, readme.columns)
    for sheet in sheets:
        _write(workbook, sheet, sheet_rows=sheet_rows)
    written = 0
    for row in readme.rows:
        readme_ws.append([_cell(readme_ws, v, c, c is readme.columns[-1])
                          for v, c in zip(row, readme.columns, strict=True)])  # fmt: skip
        written += 1
    _filter(readme_ws, readme.columns, written)
    if out is not None:
        workbook.save(out)
        return None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ReadMe:
    """What the Read me of a one-table download says (scoring.codebook has the words)."""

    about: Sequence[tuple[str, str]]  # what the file is: (item, text)
    sheet: str  # one sentence about the data sheet
    columns: Mapping[str, Column]  # by name: kind, width and meaning of each column
    codebook: Sequence[tuple[str, str, str]] = ()  # (section, item, meaning)


def table_xlsx(table: Table, readme: ReadMe, *, out=None, sheet_rows: int = SHEET_ROWS):
    """A table as XLSX, opening on its Read me: every column explained. Into `out` if
    given (see workbook_xlsx), else as bytes."""
    columns = [readme.columns.get(name, Column(name)) for name in table.columns]
    sheet = Sheet(table.title, readme.sheet, columns, table.rows)
    readme_rows = readme_sheet(list(readme.about), [sheet], readme.codebook)
    return workbook_xlsx(readme_rows, [sheet], out=out, sheet_rows=sheet_rows)
