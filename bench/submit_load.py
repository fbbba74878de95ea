"""The morning the invitations go out: full respondent journeys against the production stack.

    python bench/submit_load.py [--clients 32] [--seconds 20]

Starts, on loopback, the production stack as deployed: nginx (relaudit/nginx.conf) in front
of gunicorn with the production settings (2 workers, DEBUG off, PostgreSQL in its own
database, Redis as broker and cache) and a Celery worker, then runs a fixed number of
concurrent clients for a bounded time with wrk (bench/journey.lua: one respondent after
another per connection, gzip as browsers ask), three times over:

1. journeys: GET the questions page, POST a complete valid response, follow the redirect
   to the confirmation. Those that start in the timed seconds after a short warm-up (new
   connections to PostgreSQL, statements prepared) are recorded; the clients carry on with
   journeys until all of those have ended, so that each ran under the full load;
2. the questions page alone;
3. the floor: the same clients POSTing to a minimal view on the same server that inserts
   one row (surveys/bench_floor.py, routed only for this bench).

Prints requests a second and p50/p95/p99 latencies of each, their ratios, the page weight
over the wire (compressed HTML, CSS and JavaScript), and checks the responses stored against
the submissions answered with a redirect (and those still unanswered when wrk stopped, which
the server may have stored). wrk runs on the same 2 cores as the server (about 13% of one
core: it is C and LuaJIT). Figures, not a test: nothing asserts a timing.

`--direct` leaves nginx out, with wrk straight on gunicorn, which a deployment never does:
gunicorn 27's sync worker waits, after each response, for the client to close (up to 2 s),
so each worker then also waits on wrk's own work (see relaudit/gunicorn.py).
"""

import argparse
import gzip
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.processes import nginx_start  # noqa: E402  (the one way to run the deployment's nginx)

SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
DB = "relaudit_load"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
ENV = {
    **os.environ,
    "DATABASE_URL": SERVER.rsplit("/", 1)[0] + "/" + DB,
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
    "DJANGO_SETTINGS_MODULE": "relaudit.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + "x" * 60,
    "ALLOWED_HOSTS": "127.0.0.1",
    # Plain HTTP on loopback: no redirect to HTTPS, cookies sent without TLS.
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "RELAUDIT_BENCH_FLOOR": "true",
    "LOG_LEVEL": "WARNING",
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "2"),
    "GUNICORN_THREADS": os.environ.get("GUNICORN_THREADS", "1"),
}
BIN = Path(sys.executable).parent


def manage(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip


SETUP = """
from datetime import timedelta
from django.utils import timezone
from surveys.models import Area, Instrument, Programme, Survey
i = Instrument.objects.get(version="2017-09")
p = Programme.objects.create(name="Load", slug="load", organisation_name="Bench")
now = timezone.now()
for slug in ("bench", "bench-floor"):
    a = Area.objects.create(programme=p, name=slug, slug=slug)
    s = Survey.objects.create(area=a, instrument=i, opens_at=now - timedelta(days=1),
                              closes_at=now + timedelta(days=7))
print(Survey.objects.get(area__slug="bench").token)
"""


def start_proxy() -> subprocess.Popen:
    """nginx as deployed (relaudit/nginx.conf) on PORT, gunicorn moved behind it."""
    upstream = PORT + 1
    ENV["GUNICORN_BIND"] = f"127.0.0.1:{upstream}"
    workdir = Path(tempfile.mkdtemp(prefix="relaudit-nginx-"))
    return nginx_start(workdir, upstream_port=upstream, listen_port=PORT, stderr=subprocess.DEVNULL)


def start_stack(*, proxy: bool) -> tuple[str, list[subprocess.Popen]]:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    token = manage("shell", "-c", SETUP).strip().splitlines()[-1]
    extra = [start_proxy()] if proxy else []
    web = subprocess.Popen(
        [BIN / "gunicorn", "-c", "python:relaudit.gunicorn", "relaudit.wsgi"],
        cwd=ROOT, env=ENV, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = subprocess.Popen(
        [BIN / "celery", "-A", "relaudit", "worker", "--concurrency=1", "--loglevel=WARNING"],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(150):  # until gunicorn answers (through nginx, a 502 until then)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                break
        except OSError:
            pass
        time.sleep(0.2)
    else:
        sys.exit("the server never answered GET / with 200")
    return token, [web, worker, *extra]


WRK_SCRIPT = ROOT / "bench" / "journey.lua"
WARMUP = 3  # seconds of journeys not recorded
RESULT = re.compile(
    r"(RESULT|REQUESTS) ok=(\d+) failed=(\d+) posted=(\d+) p50=([\d.]+|inf) p95=([\d.]+|inf) p99=([\d.]+|inf)"
)


def load(kind: str, token: str, clients: int, seconds: float) -> dict:
    """Run wrk with `clients` connections (a thread each) and bench/journey.lua."""
    path = "/bench/floor/" if kind == "floor" else f"/s/{token}/questions/"
    # Journeys are recorded from WARMUP for `seconds`; wrk (and the load) runs on until every
    # recorded journey has ended (one takes well under a second).
    duration = WARMUP + seconds + 5 if kind == "journey" else seconds
    env = {
        **os.environ,
        "BENCH_KIND": kind,
        "BENCH_WARMUP": str(WARMUP),
        "BENCH_METHOD": "POST" if kind == "floor" else "GET",
        "BENCH_SECONDS": str(seconds),
    }
    output = subprocess.run(
        ["wrk", f"-t{clients}", f"-c{clients}", f"-d{duration:.0f}s", "--timeout", "30s",
         "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{PORT}{path}"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = {found.group(1): found.groups()[1:] for found in RESULT.finditer(output)}
    if "RESULT" not in lines:
        sys.exit(f"wrk printed no result:\n{output}")
    figures = {name: _figures(values, seconds) for name, values in lines.items()}
    for name in ("UNANSWERED", "UNFINISHED"):
        found = re.search(rf"{name} (\d+)", output)
        figures["RESULT"][name.lower()] = int(found.group(1)) if found else 0
    return figures


def _figures(values: tuple[str, ...], seconds: float) -> dict:
    ok, failed, posted = (int(value) for value in values[:3])
    p50, p95, p99 = (float(value) for value in values[3:])
    return {
        "ok": ok, "failed": failed, "posted": posted, "rate": ok / seconds,
        "p50": p50, "p95": p95, "p99": p99,
    }  # fmt: skip


def wire_bytes(path: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    body = response.read()
    raw = gzip.decompress(body) if response.getheader("Content-Encoding") == "gzip" else body
    headers = sum(len(k) + len(v) + 4 for k, v in response.getheaders())
    return len(body) + headers, len(raw)


def stored_responses() -> int:
    with psycopg.connect(ENV["DATABASE_URL"]) as conn:
        return conn.execute(
            "SELECT count(*) FROM surveys_response r JOIN surveys_survey s ON s.id = r.survey_id "
            "JOIN surveys_area a ON a.id = s.area_id WHERE a.slug = 'bench'"
        ).fetchone()[0]


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("bench/submit_load.py needs wrk: apt-get install wrk (.ci/system-packages)")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--direct", action="store_true", help="gunicorn without nginx in front (not as deployed)"
    )
    args = parser.parse_args()
    token, processes = start_stack(proxy=not args.direct)
    try:
        html = wire_bytes(f"/s/{token}/questions/")
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        conn.request("GET", f"/s/{token}/questions/")
        page = conn.getresponse().read().decode()
        assets = [wire_bytes(p) for p in re.findall(r'(?:href|src)="(/static/[^"]+)"', page)]
        print(
            f"{args.clients} clients (wrk) for {args.seconds:.0f} s each; gunicorn {ENV['GUNICORN_WORKERS']} workers{'' if args.direct else ' behind nginx'}, PostgreSQL, Redis, a worker"
        )
        journeys = load("journey", token, args.clients, args.seconds)
        results = {
            "journey": journeys["RESULT"],
            "  its requests": journeys["REQUESTS"],
            "page": load("page", token, args.clients, args.seconds)["RESULT"],
            "floor": load("floor", token, args.clients, args.seconds)["RESULT"],
        }
        print(f"{'':<18} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'failed':>7}")
        for kind, r in results.items():
            print(
                f"{kind:<18} {r['rate']:>8.1f} {r['p50']:>8.0f} {r['p95']:>8.0f} {r['p99']:>8.0f} {r['failed']:>7}"
            )
        j, f = results["journey"], results["floor"]
        print(
            f"journeys / floor: {j['rate'] / f['rate']:.2f} of the floor's rate "
            f"(a journey is 3 requests: {3 * j['rate'] / f['rate']:.2f} in requests)"
        )
        if j["unfinished"]:
            print(f"{j['unfinished']} recorded journeys had not ended when wrk stopped "
                  "(counted as the slowest)")  # fmt: skip
        print(f"p99 journey / p99 floor request: {j['p99'] / max(f['p99'], 1):.1f}x")
        print("goals: questions page >= 200/s; journeys >= 100/s with p99 < 300 ms at 32 clients")
        stored, answered, unanswered = stored_responses(), j["posted"], j["unanswered"]
        same = (
            "equal" if stored == answered
            else f"{stored - answered} more stored, with {unanswered} POSTs unanswered when wrk stopped"
            if answered < stored <= answered + unanswered
            else "DIFFERENT: a response lost or stored twice"
        )  # fmt: skip
        print(f"stored responses {stored}, submissions answered with a redirect {answered}: {same}")
        total = html[0] + sum(a[0] for a in assets)
        print(f"questions page over the wire: HTML {html[0] / 1024:.1f} KB (from {html[1] / 1024:.1f} KB), "
              f"with CSS and JS {total / 1024:.1f} KB; goal < 40 KB")  # fmt: skip
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        with psycopg.connect(SERVER, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
