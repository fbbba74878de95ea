"""How long the trend pages take to render for a series of three waves, beside a static page
on the same server.

    python bench/trend_render.py [--areas 200 --responses 20000 --repeat 20]

Builds three waves of --areas areas (each wave --responses responses loaded straight into
PostgreSQL, as bench/close_at_scale.py does), the second and third started through
programme_next_wave_start and every wave closed through the real services. Then, signed in
as an admin, it times the third wave's area report (with "Since the last wave" and the small
multiples across three waves), the lead's change heatmap (by area, and sorted by a column)
and the area report's PDF, each request beside one of the sign-in page (a static page: the
floor), and prints the median and slowest milliseconds, the CPU milliseconds and the median
ratio to the static page. Figures, not a test: nothing here asserts a timing.

Its own database (BENCH_DATABASE_NAME, default relaudit_bench) on the server named by
BENCH_DATABASE_URL.
"""

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from close_at_scale import (  # noqa: E402
    BENCH_DB,
    SERVER,
    create_surveys,
    django_setup,
    drop_database,
    load_responses,
    recreate_database,
)
from report_render import timed  # noqa: E402


def database_exists() -> bool:
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        return found.fetchone() is not None


def build_series(areas: int, responses: int):
    from django.utils import timezone

    from scoring.services import surveys_close
    from surveys.models import Programme, Survey
    from surveys.wave_services import programme_next_wave_start

    started = time.perf_counter()
    survey_ids = create_surveys(areas)
    load_responses(survey_ids, 0, responses)
    wave = Programme.objects.get(slug="bench")
    surveys_close(surveys=Survey.objects.filter(pk__in=survey_ids), notify=False)
    for number in (2, 3):
        now = timezone.now()
        wave = programme_next_wave_start(
            programme=wave,
            name=f"Bench wave {number}",
            opens_at=now - timedelta(days=14),
            closes_at=now + timedelta(days=1),
            instrument=Survey.objects.filter(pk__in=survey_ids).first().instrument,
        )
        survey_ids = list(Survey.objects.filter(area__programme=wave).values_list("pk", flat=True))
        load_responses(survey_ids, 0, responses)
        Survey.objects.filter(pk__in=survey_ids).update(closes_at=now - timedelta(minutes=1))
        surveys_close(surveys=Survey.objects.filter(pk__in=survey_ids), notify=False)
    print(f"built three waves of {areas} areas in {time.perf_counter() - started:.1f} s")
    return wave


def parts(wave) -> None:
    """Seconds of each step of the change heatmap's reading, once each (after a warm-up)."""
    from scoring.wave_programme import programme_changes
    from scoring.wave_reading import deadline_counts, versions_answered
    from surveys.models import AreaLineage

    programme_changes(programme=wave)
    ids = list(wave.areas.values_list("pk", flat=True))
    ids += list(
        AreaLineage.objects.filter(area__programme=wave).values_list("predecessor_id", flat=True)
    )
    for name, step in (
        ("deadline counts", lambda: deadline_counts(area_ids=ids)),
        ("versions answered", lambda: versions_answered(area_ids=ids)),
        ("whole reading", lambda: programme_changes(programme=wave)),
    ):
        started = time.perf_counter()
        step()
        print(f"heatmap step: {name:<20} {(time.perf_counter() - started) * 1000:>9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=200)
    parser.add_argument("--responses", type=int, default=20_000, help="per wave")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pdf-repeat", type=int, default=3)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database afterwards, and reuse a series a kept run built",
    )
    args = parser.parse_args()

    reuse = args.keep and database_exists()
    django_setup(SERVER.rsplit("/", 1)[0] + "/" + BENCH_DB if reuse else recreate_database())
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from surveys.models import Programme

    setup_test_environment()
    call_command("collectstatic", interactive=False, verbosity=0)
    built = Programme.objects.exclude(series=None).order_by("-wave", "-pk").first()
    if reuse and built is not None and built.previous_wave() is not None:
        wave = built
        print(f"reusing the kept series ({wave.areas.count()} areas a wave)")
    else:
        wave = build_series(args.areas, args.responses)
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(admin)
    area = wave.areas.order_by("pk").first()
    first = Programme.objects.get(slug="bench")
    static = "/accounts/login/"
    base = f"/results/{wave.slug}/"
    first_area = f"/results/{first.slug}/{first.areas.order_by('pk').first().slug}/"
    parts(wave)
    pages = {
        "static page (sign-in)": (static, args.repeat),
        "area report, wave 1": (f"{first_area}?snapshot=deadline", args.repeat),
        "area report, 3 waves": (f"{base}{area.slug}/?snapshot=deadline", args.repeat),
        "change heatmap": (f"{base}changes/", args.repeat),
        "change heatmap sorted": (f"{base}changes/?sort=trust&order=desc", args.repeat),
        "area report.pdf, wave 1": (f"{first_area}report.pdf?snapshot=deadline", args.pdf_repeat),
        "area report.pdf": (f"{base}{area.slug}/report.pdf?snapshot=deadline", args.pdf_repeat),
    }
    print(f"{'page':<24} {'median ms':>9} {'max ms':>9} {'cpu ms':>7} {'x static':>8}")
    for name, (url, times) in pages.items():
        if times < 1:
            continue
        figures = timed(client, url, static, times)
        print(
            f"{name:<24} {figures['median']:>9.1f} {figures['max']:>9.1f} "
            f"{figures['cpu']:>7.1f} {figures['ratio']:>8.1f}",
            flush=True,
        )

    if not args.keep:
        drop_database()


if __name__ == "__main__":
    main()
