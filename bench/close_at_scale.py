"""Closing a national programme at scale: the real services against a hand-written floor,
and the fair comparisons against the close.

    python bench/close_at_scale.py --responses 1000000 --areas 200

Loads synthetic responses straight into PostgreSQL (one INSERT ... SELECT over
generate_series), then, at a tenth of the responses and at all of them, times in one run:
(a) closing every survey and computing the programme summary through the real services,
(b) the floor: one hand-written SQL query computing every statement's count and sum per
area over the same table, and (c) every fair comparison (scoring.fair_comparison,
scoring.across_areas) from the stored counts: a lead's publication, every area against the
rest of the programme (as published and as it stands), every area page's standardised means
and subgroup differences, a funnel for each of the 48 statements and measures, and the
heatmap; then one page of each kind as a request reads it. Prints the times, their ratios
and the peak memory of this process (which does the worker's job). Figures, not a test:
nothing here asserts a timing.

It uses its own database (BENCH_DATABASE_NAME, default relaudit_bench, created and dropped
on the server named by BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test);
BENCH_DB_NAME, an earlier name for the same setting, is still read.
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
# Its own database on that server, so that two benches can run side by side.
BENCH_DB = os.environ.get("BENCH_DATABASE_NAME", os.environ.get("BENCH_DB_NAME", "relaudit_bench"))


def recreate_database() -> str:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return SERVER.rsplit("/", 1)[0] + "/" + BENCH_DB


def drop_database() -> None:
    """Close this process's connections to the bench database, then drop it."""
    from django.db import connections

    connections.close_all()
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


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


def fair_comparison_seconds() -> dict[str, float]:
    """Seconds for every fair comparison of the bench programme, from the stored counts
    (snapshots and the publication, never response rows), step by step."""
    from django.utils import timezone

    from scoring.across_areas import across_areas_context, funnel_of, heatmap_of
    from scoring.comparison_basis import publication_moments, published_basis
    from scoring.fair_comparison import areas_snapshots, compare_area, measures_of
    from scoring.programme_summary import programme_release_build
    from scoring.reader import instrument_for
    from scoring.services import programme_results_publish
    from surveys.models import Programme, Survey

    programme = Programme.objects.get(slug="bench")
    surveys = list(Survey.objects.filter(area__programme=programme).order_by("pk"))
    steps, mark = {}, [time.perf_counter()]

    def step(name: str) -> None:
        now = time.perf_counter()
        steps[name] = now - mark[0]
        mark[0] = now

    programme_results_publish(programme=programme)
    step("publish")  # a lead's action: builds the release as before, records the moments
    release = programme_release_build(programme=programme, now=timezone.now())
    mark[0] = time.perf_counter()
    publication_moments(areas=release.figures_areas["latest"], metas=release.metas)
    step("of which recording each area's moments")
    measures, wording = measures_of(instrument_for("2017-09"))
    published = published_basis(programme=programme, kind="latest", measures=measures)
    context = across_areas_context(programme=programme, kind="latest")  # the live basis
    live = context.basis
    stored = areas_snapshots(surveys=surveys)
    snapshots = {s.area_id: stored[s.pk] for s in surveys}
    step("read: every area's counts, both bases")
    pages = []
    for basis in (published, live):
        for area_id, stored in snapshots.items():
            pages.append(
                compare_area(
                    area_id=area_id,
                    snapshots=stored,
                    kind="latest",
                    basis=basis,
                    measures=measures,
                    wording=wording,
                )  # fmt: skip
            )
    step("every area against the rest, both bases")
    for measure in measures.items:
        funnel_of(context, measure_key=measure.key)
    step(f"{len(measures.items)} funnels")
    heatmap_of(context)
    step("heatmap")
    # The publication existed before; what fair comparisons add to it is recording moments.
    steps[COMPARISONS] = sum(v for k, v in steps.items() if k != "publish")
    mark[0] = time.perf_counter()
    for page in pages[: len(snapshots)]:  # the groups are the same on both bases
        page.standardised, page.mix_notes, page.subgroups  # noqa: B018 - computed when read
    step("every area page's case mix and group differences")
    steps[EVERYTHING] = (
        steps[COMPARISONS] + steps["every area page's case mix and group differences"]
    )
    return steps


COMPARISONS = "= every comparison, funnel and heatmap"
EVERYTHING = "= with every area page's extras"


def page_seconds() -> dict[str, float]:
    """One page of each kind, reading what it needs as a request does."""
    from scoring.across_areas import programme_funnel, programme_heatmap
    from scoring.fair_comparison import area_against_rest
    from surveys.models import Programme, Survey

    programme = Programme.objects.get(slug="bench")
    survey = Survey.objects.filter(area__programme=programme).order_by("pk").first()
    timings = {}
    for name, work in (
        (
            "an area's comparison page",
            lambda: _whole(area_against_rest(survey=survey, kind="latest")),
        ),
        (
            "a funnel",
            lambda: programme_funnel(programme=programme, kind="latest", measure_key="trust"),
        ),
        ("the heatmap", lambda: programme_heatmap(programme=programme, kind="latest")),
    ):
        started = time.perf_counter()
        work()
        timings[name] = time.perf_counter() - started
    return timings


def _whole(comparison):
    comparison.standardised, comparison.mix_notes, comparison.subgroups  # noqa: B018
    return comparison


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
        f"{'same-work floor':>15} {'ratio':>7} {'fair':>7} {'fair/close':>10} "
        f"{'+pages':>7} {'all/close':>9} {'peak MB':>8}"
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
        fair = fair_comparison_seconds()
        assert closed == args.areas
        comparisons, everything = fair[COMPARISONS], fair[EVERYTHING]
        print(
            f"{total:>10} {load:>8.2f} {close:>8.2f} {floor:>8.2f} {close / floor:>7.1f} "
            f"{same_work:>15.2f} {close / same_work:>7.2f} {comparisons:>7.2f} "
            f"{comparisons / close:>10.3f} {everything:>7.2f} {everything / close:>9.3f} "
            f"{peak_memory_mb():>8.0f}",
            flush=True,
        )
    print(
        "floor: count and sum per area; same-work floor: one hand-written query per question "
        "counting every option per area and group; fair: every area against the rest (as "
        "published and as it stands), every funnel and the heatmap, from the stored counts; "
        "+pages: with every area page's standardised means and group differences as well"
    )
    print(f"fair comparisons at {loaded:,} responses, seconds (the close took {close:.2f}):")
    for name, seconds in fair.items():
        print(f"  {name:<50} {seconds:>7.3f}")
    print("one page each, reading what it needs:")
    for name, seconds in page_seconds().items():
        print(f"  {name:<50} {seconds:>7.3f}")
    print("goals: close within 2x the same-work floor, peak memory < 500 MB, < 60 s at 1M;")
    print("       every fair comparison under a tenth of the close (fair/close < 0.1) at 1M")
    if not args.keep:
        drop_database()


if __name__ == "__main__":
    main()
