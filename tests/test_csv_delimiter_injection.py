"""CSV downloads quote every field and neutralise a formula trigger wherever a spreadsheet
might start a cell: at the start, or after a delimiter it may split at (a semicolon in
locales that separate with them, a comma, a tab, a pipe, a line break)."""

import csv
import io
import re

from relaudit.spreadsheets import Table, table_csv

TRIGGERS = ("=", "+", "-", "@")
CELLS = ["a;=1+1", "x,@SUM(1)", "b\t=2", "c|+3", "d\n-4+5", "e; =6", "=7", "plain, words"]


def starts_a_formula(piece: str) -> bool:
    return piece.lstrip(" ").startswith(TRIGGERS)


def test_no_piece_of_any_cell_can_start_a_formula():
    text = table_csv(Table("t", ["cell"], [[cell] for cell in CELLS] + [[1.5], [None]]))
    lines = text.splitlines()
    assert lines[0] == '"cell"' and '"1.5"' in lines and '""' in lines  # every field quoted
    rows = list(csv.reader(io.StringIO(text)))[1:]
    for (cell,), original in zip(rows, CELLS, strict=False):
        for piece in re.split(r"[,;\t|\r\n]", cell):
            assert not starts_a_formula(piece), (original, cell)
    # Read by a spreadsheet splitting on semicolons, with or without honouring quotes.
    for line in lines:
        for piece in line.split(";"):
            assert not starts_a_formula(piece.strip('"')), line
    assert rows[-3][0] == "plain, words" and rows[-2][0] == "1.5"
