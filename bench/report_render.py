"""How long the results pages take to render, beside a static page on the same server.

    python bench/report_render.py [--responses 1000000 --areas 200]

First the demo programme (20 areas, 2,538 responses), then a synthetic programme of
--areas areas and --responses responses loaded straight into PostgreSQL (as
bench/close_at_scale.py does) and closed through the real services. For each, it times the
area report, the programme report (their "latest" pages, and their PDFs) and the sign-in
page (a static page: one small template, the floor) through Django's request handling in
this process, signed in as an admin. Each page's requests alternate with the static page's,
so both meet the same machine (other work on it slows both alike), and it prints the
median and the slowest of --repeat requests in milliseconds, the CPU milliseconds of this
process, and the median ratio to the static page beside it. Goals: the area report under 5
times the static page, the programme report under 10 times. Pages read stored summaries
only, so their time should not grow with responses. Figures, not a test: nothing here
asserts a timing.

It uses its own database (relaudit_bench, created and dropped on the server named by
BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test). With --keep the
database stays, and a later run with --reuse times the same programmes again without
building them (to compare two versions of the pages on the same data).
"""

import argparse
import statistics
import sys
import time
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


def timed(client, url: str, static: str, repeat: int) -> dict:
    """Median and slowest wall time, median CPU time, and the median ratio to the static
    page, each request of `url` beside one of `static`."""
    client.get(url, secure=True)  # warm: template loading, the first query's connection
    client.get(static, secure=True)
    walls, cpus, ratios = [], [], []
    for _ in range(repeat):
        samples = []
        for page in (static, url):
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(page, secure=True)
            samples.append(((time.perf_counter() - started) * 1000,
                            (time.process_time() - cpu) * 1000))  # fmt: skip
            assert response.status_code == 200, (page, response.status_code)
        (static_wall, _), (wall, cpu) = samples
        walls.append(wall)
        cpus.append(cpu)
        ratios.append(wall / static_wall)
    return {
        "median": statistics.median(walls),
        "max": max(walls),
        "cpu": statistics.median(cpus),
        "ratio": statistics.median(ratios),
    }


GOALS = {"area report": 5, "programme report": 10}


def report(label: str, programme, repeat: int, pdf_repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )[0]
    client = Client()
    client.force_login(admin)
    area = programme.areas.filter(survey__closed_at__isnull=False).order_by("pk").first()
    static = "/accounts/login/"
    pages = {
        "static page (sign-in)": (static, repeat),
        "area report": (f"/results/{programme.slug}/{area.slug}/", repeat),
        "programme report": (f"/results/{programme.slug}/", repeat),
        "area report.pdf": (f"/results/{programme.slug}/{area.slug}/report.pdf", pdf_repeat),
        "programme report.pdf": (f"/results/{programme.slug}/report.pdf", pdf_repeat),
    }
    for name, (url, times) in pages.items():
        if not times:
            continue
        figures = timed(client, url, static, times)
        goal = f"< {GOALS[name]}" if name in GOALS else ""
        print(
            f"{label:<31} {name:<22} {figures['median']:>9.1f} {figures['max']:>9.1f} "
            f"{figures['cpu']:>7.1f} {figures['ratio']:>7.1f} {goal:>5}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--areas", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pdf-repeat", type=int, default=3, help="PDFs take seconds each")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database for a later --reuse run"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="time the programmes a --keep run left"
    )
    args = parser.parse_args()

    if args.reuse:
        django_setup(SERVER.rsplit("/", 1)[0] + "/" + BENCH_DB)
    else:
        django_setup(recreate_database())
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from scoring.services import (
        programme_position_effect_compute,
        programme_results_publish,
        surveys_close,
    )
    from surveys.models import Programme, Survey

    setup_test_environment()  # the test client needs "testserver" allowed
    # Production settings serve hashed static files: collect them as a deployment does.
    call_command("collectstatic", interactive=False, verbosity=0)
    print(
        f"{'programme':<31} {'page':<22} {'median ms':>9} {'max ms':>9} {'cpu ms':>7} "
        f"{'x static':>7} {'goal':>5}"
    )
    if not args.reuse:
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo = Programme.objects.get(slug="local-system-reviews-2017-18")
    if not args.reuse:
        programme_position_effect_compute(programme=demo)
    report("demo (2,538 responses)", demo, args.repeat, args.pdf_repeat)

    if not args.reuse:
        survey_ids = create_surveys(args.areas)
        load_responses(survey_ids, 0, args.responses)
        bench = Programme.objects.get(slug="bench")
        surveys_close(surveys=Survey.objects.filter(pk__in=survey_ids), notify=False)
        started = time.perf_counter()
        programme_position_effect_compute(programme=bench)
        positions = time.perf_counter() - started
        programme_results_publish(programme=bench)  # areas compare with published figures
    bench = Programme.objects.get(slug="bench")
    report(f"{args.areas} areas, {args.responses:,} responses", bench, args.repeat, args.pdf_repeat)
    if not args.reuse:
        print(
            f"position effect (background task) for {args.responses:,} responses: {positions:.1f} s"
        )

    if not (args.keep or args.reuse):
        drop_database()


if __name__ == "__main__":
    main()
