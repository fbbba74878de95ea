"""Tables that a spreadsheet can open safely: every text cell that a spreadsheet would run
as a formula is neutralised (OWASP CSV injection guidance); numbers stay numbers. Shared
by both apps' downloads: CSV is written here, XLSX (with its Read me) by scoring.workbook
through the same spreadsheet_safe.

A CSV cell may be split again where it holds a delimiter: a spreadsheet set to a locale
that separates with semicolons reads `a;=1+1` as `a` and `=1+1`, and runs the second. So
every field is quoted, and a trigger after any delimiter (comma, semicolon, tab, pipe, line
break), not only at the start, gets an apostrophe before it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A trigger at the start (after any spaces), or after a delimiter a spreadsheet may split
# the cell at: the apostrophe goes just before the trigger.
TRIGGER_AFTER_DELIMITER = re.compile(r"([,;\t|\r\n]\s*)(?=[=+\-@])")
LEADING_TRIGGER = re.compile(r"^\s*[=+\-@]")


def spreadsheet_safe(value):
    """Neutralise formula injection: text that a spreadsheet could evaluate, whole or split
    at a delimiter, gets an apostrophe before each trigger. Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    if len(value) <= SHORT:
        return _short_text_safe(value)
    return _text_safe(value)


# Short texts (codes, slugs, weeks: most cells of a large export) are remembered once made
# safe; a long one (a comment) is never kept.
SHORT = 64


@lru_cache(maxsize=4096)
def _short_text_safe(value: str) -> str:
    return _text_safe(value)


def _text_safe(value: str) -> str:
    safe = TRIGGER_AFTER_DELIMITER.sub(r"\1'", value)
    if safe.startswith(FORMULA_TRIGGERS) or LEADING_TRIGGER.match(safe):
        safe = "'" + safe
    return safe


@dataclass(frozen=True)
class Table:
    title: str  # the XLSX sheet name
    columns: Sequence[str]
    rows: Iterable[Sequence]


def table_csv(table: Table) -> str:
    return "".join(table_csv_chunks(table))


def table_csv_chunks(table: Table, rows_per_chunk: int = 500) -> Iterator[str]:
    """The CSV in pieces of rows_per_chunk rows, as the rows come: a streamed download (or
    a file written by a worker) never holds the whole table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(table.columns)
    for number, row in enumerate(table.rows, start=1):
        writer.writerow([v if v.__class__ is not str else spreadsheet_safe(v) for v in row])
        if number % rows_per_chunk == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
