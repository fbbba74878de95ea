"""The programme's response file at national scale: CSV and XLSX against PostgreSQL's COPY.

    python bench/export_at_scale.py [--responses 1000000 --areas 200] [--fresh]

Loads synthetic responses straight into PostgreSQL (as bench/close_at_scale.py does) and
closes every area through the real services, or reuses a bench database that already holds
that many (--fresh rebuilds it). Then, each in a subprocess of its own so that its peak
memory is its own, it writes to a temporary file: (a) responses.csv and (b) responses.xlsx
as a worker builds them (scoring.prepared: the same rows a download streams, k-anonymity
and all), and (c) the floor: `COPY (SELECT ...) TO STDOUT` of the same rows' columns (the
responses the export holds, with their area) as CSV. It prints, for each, the wall time,
its ratio to the floor, the growth of the process's peak resident memory while it ran (and
the peak itself), its CPU time, the file's size and its rows. Figures, not a test:
nothing here asserts a timing.

It uses its own database (BENCH_DATABASE_NAME, default relaudit_export_bench, on the server
named by BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test), kept between
runs so that the 1M rows are loaded once.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("BENCH_DATABASE_NAME", "relaudit_export_bench")

from close_at_scale import (  # noqa: E402
    BENCH_DB,
    SERVER,
    create_surveys,
    django_setup,
    load_responses,
    recreate_database,
)

DATABASE_URL = SERVER.rsplit("/", 1)[0] + "/" + BENCH_DB


def memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, in MB. Not getrusage's ru_maxrss: a
    process started by another keeps its parent's peak there across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def floor_sql() -> str:
    """The rows the export holds, as plain columns: in the latest results (late ones taken
    in, none excluded) of the areas the export includes."""
    from scoring.row_export import exported_surveys
    from surveys.models import RATING_CODES, Programme, rating_field

    ids = [s.pk for s in exported_surveys(programme=Programme.objects.get(slug="bench"))]
    ratings = ", ".join(f"r.{rating_field(code)}" for code in RATING_CODES)
    return (
        "SELECT a.slug, to_char(r.submitted_on, 'IYYY-\"W\"IW'), r.is_late, "
        "r.organisation_type, coalesce(nullif(r.primary_role_recoded, ''), r.primary_role), "
        f"r.time_in_system, {ratings} FROM surveys_response r "
        "JOIN surveys_survey s ON s.id = r.survey_id JOIN surveys_area a ON a.id = s.area_id "
        f"WHERE r.survey_id IN ({', '.join(map(str, ids))}) AND r.exclusion_id IS NULL "
        "AND (NOT r.is_late OR r.id <= s.late_taken_through) ORDER BY a.slug"
    )


def measure(what: str) -> dict:
    """In this (sub)process: write one file, report time, memory, size and rows."""
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "relaudit.settings"
    import django

    django.setup()  # not migrate (prepare did): its memory would hide the export's
    from django.db import connection

    from relaudit.spreadsheets import table_csv_chunks
    from scoring.row_export import responses_readme, responses_table
    from scoring.workbook import table_xlsx
    from surveys.models import Programme

    programme = Programme.objects.get(slug="bench")
    sql = floor_sql() if what == "floor" else ""
    connection.ensure_connection()
    before, cpu = memory_mb("VmRSS"), cpu_seconds()
    rows = 0
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        if what == "floor":
            copy = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)"
            with connection.cursor() as cursor, cursor.cursor.copy(copy) as stream:
                for block in stream:
                    out.write(block)
        elif what == "csv":
            for chunk in table_csv_chunks(responses_table(programme=programme)):
                out.write(chunk.encode())
        else:
            table = responses_table(programme=programme)
            table_xlsx(table, responses_readme(programme=programme), out=out)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        size = out.tell()
        if what != "xlsx":
            out.seek(0)
            rows = sum(block.count(b"\n") for block in iter(lambda: out.read(1 << 20), b"")) - 1
    peak = memory_mb("VmHWM")
    return {"seconds": seconds, "cpu": cpu, "grew": peak - before, "peak": peak, "mb": size / 1e6,
            "rows": rows}  # fmt: skip


def in_subprocess(what: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--measure", what],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ | {"LOG_LEVEL": "WARNING"},
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def prepare(responses: int, areas: int, fresh: bool) -> float:
    """The bench programme with `responses` closed responses: reused if already there.
    Returns the seconds spent loading and closing (0 if reused)."""
    if not fresh:
        try:
            with psycopg.connect(DATABASE_URL) as conn:
                held = conn.execute(
                    "SELECT count(*) FROM surveys_response r JOIN surveys_survey s "
                    "ON s.id = r.survey_id WHERE s.closed_at IS NOT NULL"
                ).fetchone()[0]
            if held == responses:
                django_setup(DATABASE_URL)
                return 0.0
        except psycopg.Error:
            pass
    started = time.perf_counter()
    django_setup(recreate_database())
    from scoring.services import surveys_close
    from surveys.models import Survey

    survey_ids = create_surveys(areas)
    load_responses(survey_ids, 0, responses)
    surveys_close(surveys=Survey.objects.filter(pk__in=survey_ids), notify=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--areas", type=int, default=200)
    parser.add_argument("--fresh", action="store_true", help="Rebuild the bench database")
    parser.add_argument("--measure", choices=["floor", "csv", "xlsx"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return

    built = prepare(args.responses, args.areas, args.fresh)
    print(
        f"{args.responses:,} responses in {args.areas} areas; database {BENCH_DB}"
        + (f" (loaded and closed in {built:.0f} s)" if built else " (reused)")
    )
    in_subprocess("floor")  # warm PostgreSQL's cache for every measurement alike
    print(
        f"{'file':<26} {'seconds':>8} {'x floor':>8} {'cpu s':>7} {'memory +MB':>10} "
        f"{'peak MB':>8} {'file MB':>8} {'rows':>10}"
    )
    names = {"floor": "floor: COPY ... TO STDOUT", "csv": "responses.csv", "xlsx": "responses.xlsx"}
    floor = None
    for what in ("floor", "csv", "xlsx"):
        f = in_subprocess(what)
        floor = floor or f["seconds"]
        rows = f"{f['rows']:,}" if f["rows"] else "-"
        print(
            f"{names[what]:<26} {f['seconds']:>8.1f} {f['seconds'] / floor:>8.1f} "
            f"{f['cpu']:>7.1f} {f['grew']:>10.0f} {f['peak']:>8.0f} {f['mb']:>8.1f} {rows:>10}",
            flush=True,
        )
    print(
        "cpu s: this process's CPU time (the floor's work is mostly PostgreSQL's); memory "
        "+MB: the process's peak resident memory (VmHWM) less its resident memory before it "
        "wrote the file (each in a process of its own); rows: data rows (the XLSX holds the "
        "same rows)"
    )


if __name__ == "__main__":
    main()
