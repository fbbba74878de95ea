"""Tables written as CSV or XLSX that a spreadsheet can open safely: every text cell that
a spreadsheet would run as a formula is neutralised (OWASP CSV injection guidance);
numbers stay numbers and keep full precision. Shared by both apps' downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """Neutralise formula injection: text that a spreadsheet would evaluate gets a leading
    apostrophe. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Table:
    title: str  # the XLSX sheet name
    columns: Sequence[str]
    rows: Iterable[Sequence]


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue()


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """One sheet per table. Write-only mode streams rows, so a large export stays small in
    memory."""
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([spreadsheet_safe(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
