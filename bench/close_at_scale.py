"""Closing a national programme at scale: the real services against a hand-written floor.

    python bench/close_at_scale.py --responses 1000000 --areas 200

Loads synthetic responses straight into PostgreSQL (one INSERT ... SELECT over
generate_series), then, at a tenth of the responses and at all of them, times in one run:
(a) closing every survey and computing the programme summary through the real services,
and (b) the floor: one hand-written SQL query computing every statement's count and sum
per area over the same table. Prints both times, their ratio and the peak memory of this
process (which does the worker's job). Figures, not a test: nothing here asserts a timing.

It uses its own database (relaudit_bench, or BENCH_DB_NAME, created and dropped on the server
named by BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
# Its own database on that server; BENCH_DB_NAME lets two benches run side by side.
BENCH_DB = os.environ.get("BENCH_DB_NAME", "relaudit_bench")


def recreate_database() -> str:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return SERVER.rsplit("/", 1)[0] + "/" + BENCH_DB


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "relaudit.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def create_surveys(areas: int) -> list[int]:
    from datetime import timedelta

    from django.utils import timezone

    from surveys.models import Area, Instrument, Programme, Survey

    instrument = Instrument.objects.get(version="2017-09")
    programme = Programme.objects.create(name="Bench programme", slug="bench")
    closes_at = timezone.now() - timedelta(minutes=1)
    ids = []
    for number in range(areas):
        area = Area.objects.create(
            programme=programme, name=f"Area {number}", slug=f"area-{number}"
        )
        survey = Survey.objects.create(
            area=area,
            instrument=instrument,
            opens_at=closes_at - timedelta(days=14),
            closes_at=closes_at,
        )
        ids.append(survey.pk)
    return ids


def load_responses(survey_ids: list[int], start: int, count: int) -> None:
    """Insert responses start+1 .. start+count, spread evenly over the surveys (interleaved,
    as responses from many areas arrive over the same weeks)."""
    from django.db import connection

    from surveys.models import RATING_CODES, Instrument, rating_field

    instrument_id = Instrument.objects.get(version="2017-09").pk
    columns = [rating_field(code) for code in RATING_CODES]
    # Ratings skew to the middle of the scale; about 3% of statements are left unanswered.
    ratings = ", ".join(
        "CASE WHEN random() < 0.03 THEN NULL ELSE floor(random() * 3 + random() * 3)::smallint END"
        for _ in columns
    )
    order = "'[" + ", ".join(f'"{code}"' for code in RATING_CODES) + "]'::jsonb"
    sql = f"""
        INSERT INTO surveys_response (survey_id, instrument_id, submission_key, submitted_on,
            is_late, statement_order, comment, organisation_type, primary_role,
            primary_role_other, time_in_system, {", ".join(columns)})
        SELECT (%(ids)s::bigint[])[1 + g %% %(areas)s::int], %(instrument)s::bigint, gen_random_uuid(),
            current_date, false, {order},
            CASE WHEN random() < 0.4 THEN repeat('A comment about joint working. ', 20) ELSE '' END,
            (ARRAY['health_provider', 'health_commissioner', 'social_care_commissioner',
                   'social_care_provider', 'voluntary_sector', 'other',
                   'health_provider,social_care_provider', ''])[1 + floor(random() * 8)::int],
            (ARRAY['senior_executive', 'direct_service_delivery', 'operational_management',
                   'administrative', 'other', 'administrative,other', ''])
                [1 + floor(random() * 7)::int],
            '',
            (ARRAY['under_1_year', '1_to_3_years', 'over_3_years', ''])
                [1 + floor(random() * 4)::int],
            {ratings}
        FROM generate_series(%(first)s::int, %(last)s::int) AS g
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "ids": survey_ids,
                "areas": len(survey_ids),
                "instrument": instrument_id,
                "first": start + 1,
                "last": start + count,
            },
        )
        cursor.execute("VACUUM ANALYZE surveys_response")


def floor_query_seconds(survey_ids: list[int]) -> float:
    from django.db import connection

    from surveys.models import RATING_CODES, rating_field

    aggregates = ", ".join(
        f"count({rating_field(c)}), sum({rating_field(c)})" for c in RATING_CODES
    )
    sql = (
        f"SELECT survey_id, {aggregates} FROM surveys_response "
        "WHERE survey_id = ANY(%s) GROUP BY survey_id"
    )
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, [survey_ids])
        rows = cursor.fetchall()
        elapsed = time.perf_counter() - started
    assert len(rows) == len(survey_ids)
    return elapsed


def same_work_floor_seconds(survey_ids: list[int]) -> float:
    """The floor of the same work: one hand-written query per demographic question that
    counts every statement's options per area, lateness and group (what closing needs)."""
    from django.db import connection

    from surveys.choices import DEMOGRAPHIC_QUESTIONS
    from surveys.models import RATING_CODES, SCALE_POINTS, rating_field

    counts = ", ".join(
        f"count(*) FILTER (WHERE {rating_field(c)} = {p})"
        for c in RATING_CODES
        for p in range(SCALE_POINTS)
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for question in DEMOGRAPHIC_QUESTIONS:
            cursor.execute(
                f"SELECT survey_id, is_late, {question}, count(*), {counts} "
                "FROM surveys_response WHERE survey_id = ANY(%s) "
                f"GROUP BY survey_id, is_late, {question}",
                [survey_ids],
            )
            cursor.fetchall()
    return time.perf_counter() - started


def close_seconds() -> tuple[float, int]:
    from scoring.models import ProgrammeSnapshot, SurveySnapshot
    from scoring.services import surveys_close
    from surveys.models import Survey

    SurveySnapshot.objects.all().delete()
    ProgrammeSnapshot.objects.all().delete()
    Survey.objects.update(closed_at=None)
    started = time.perf_counter()
    closed = surveys_close(surveys=Survey.objects.all(), notify=False)
    return time.perf_counter() - started, len(closed)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--areas", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="Keep the bench database")
    args = parser.parse_args()

    database_url = recreate_database()
    django_setup(database_url)
    survey_ids = create_surveys(args.areas)
    steps = sorted({max(args.responses // 10, args.areas), args.responses})
    print(f"{args.areas} areas; PostgreSQL database {BENCH_DB}; figures in seconds")
    print(
        f"{'responses':>10} {'load':>8} {'close':>8} {'floor':>8} {'ratio':>7} "
        f"{'same-work floor':>15} {'ratio':>7} {'peak MB':>8}"
    )
    loaded = 0
    for total in steps:
        started = time.perf_counter()
        load_responses(survey_ids, loaded, total - loaded)
        load = time.perf_counter() - started
        loaded = total
        floor_query_seconds(survey_ids)  # warm the cache for both measurements alike
        close, closed = close_seconds()
        floor = floor_query_seconds(survey_ids)
        same_work = same_work_floor_seconds(survey_ids)
        assert closed == args.areas
        print(
            f"{total:>10} {load:>8.2f} {close:>8.2f} {floor:>8.2f} {close / floor:>7.1f} "
            f"{same_work:>15.2f} {close / same_work:>7.2f} {peak_memory_mb():>8.0f}",
            flush=True,
        )
    print(
        "floor: count and sum per area; same-work floor: one hand-written query per question "
        "counting every option per area and group"
    )
    print("goals: close within 2x the same-work floor, peak memory < 500 MB, < 60 s at 1M")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(SERVER, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
