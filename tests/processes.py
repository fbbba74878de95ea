"""Real processes for the integration tests: a Celery worker and beat, gunicorn, Redis."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BROKER = os.environ.get("RELAUDIT_TEST_BROKER_URL", "")
REQUIRED = os.environ.get("RELAUDIT_REQUIRE_SERVICES") == "true"


def _redis_ready(url: str) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()  # a dedicated database: no stale tasks from an earlier run
        return True
    except redis.RedisError:
        return False


def services_or_skip():
    if not BROKER:
        pytest.skip("set RELAUDIT_TEST_BROKER_URL (make test does under CI=true)")
    if connection.vendor != "postgresql":
        if REQUIRED:
            pytest.fail("CI must run this test on PostgreSQL: set DATABASE_URL")
        pytest.skip("the worker needs a database it can share: set DATABASE_URL to PostgreSQL")
    if not _redis_ready(BROKER):
        if REQUIRED:
            pytest.fail(f"Redis is not reachable at {BROKER}")
        pytest.skip(f"Redis is not reachable at {BROKER}")


class ServiceProcesses:
    """A real worker and beat (and gunicorn when asked); the worker can be killed and started
    again."""

    def __init__(self, workdir: Path, env: dict):
        self.workdir, self.env, self.processes, self.logs = workdir, env, [], []
        self.celery = [sys.executable, "-m", "celery", "-A", "relaudit"]

    def _start(self, name: str, *args: str, env: dict | None = None) -> None:
        self._launch(name, [*self.celery, *args], env=env)

    def _launch(self, name: str, argv: list[str], env: dict | None = None) -> None:
        log = open(self.workdir / f"{name}.log", "a")  # noqa: SIM115
        self.logs.append(log)
        self.processes.append(
            subprocess.Popen(
                argv,
                cwd=ROOT,
                env={**self.env, **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )

    def start_web(self) -> None:
        """gunicorn as deployed (GUNICORN_BIND and GUNICORN_WORKERS from the environment)."""
        self._launch(
            "web",
            [sys.executable, "-m", "gunicorn", "-c", "python:relaudit.gunicorn", "relaudit.wsgi"],
        )

    def start_worker(self, env: dict | None = None) -> None:
        self._start("worker", "worker", "--pool=solo", "--loglevel=INFO", "--without-mingle",
                    "--without-gossip", env=env)  # fmt: skip

    def start_beat(self, env: dict | None = None) -> None:
        self._start("beat", "beat", "--loglevel=INFO", "--schedule",
                    str(self.workdir / "beat-schedule"), env=env)  # fmt: skip

    def log_count(self, name: str, text: str) -> int:
        """How many lines of a process's log contain `text` (say, a task's successes)."""
        path = self.workdir / f"{name}.log"
        return sum(text in line for line in path.read_text().splitlines()) if path.exists() else 0

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self.logs:
            log.close()

    def __truediv__(self, name):  # workdir / "mail", as before
        return self.workdir / name

    def glob(self, pattern):
        return self.workdir.glob(pattern)


def wait_for(check, *, seconds, what, logs=None):
    """Poll `check` until it returns something true; on timeout, fail with the tails of the
    processes' logs (`logs`: a ServiceProcesses or a folder of *.log files)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    tails = {p.name: p.read_text()[-3000:] for p in logs.glob("*.log")} if logs else {}
    pytest.fail(f"Timed out waiting for {what}. Logs: {tails}")


def database_url() -> str:
    """The test database, for processes that must share it."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_start(workdir: Path, *, upstream_port: int, listen_port: int, stderr) -> subprocess.Popen:
    """nginx with the deployment's own relaudit/nginx.conf, on loopback ports instead of
    docker-compose's service names (tests/test_proxy.py and bench/submit_load.py --proxy)."""
    config = (ROOT / "relaudit" / "nginx.conf").read_text()
    for old, new in (
        ("server web:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("listen 8080;", f"listen 127.0.0.1:{listen_port};"),
        ("pid /tmp/nginx.pid;", f"pid {workdir}/nginx.pid;"),
    ):
        assert old in config, f"relaudit/nginx.conf no longer says {old!r}"
        config = config.replace(old, new)
    (workdir / "nginx.conf").write_text(config)
    return subprocess.Popen(
        ["nginx", "-p", str(workdir), "-c", str(workdir / "nginx.conf"), "-e", "stderr",
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=stderr,
    )  # fmt: skip


FAKETIME_LIBRARY = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def clock_moved(offset: str) -> dict:
    """Environment that runs a process with its clock moved by `offset` ("+2d"), through
    Debian's libfaketime: a process sees a deadline pass without the test racing the real
    clock. Its monotonic clock moves by the same offset, so intervals and sleeps behave
    (keeping it real breaks Python's sleep under libfaketime 0.9.10: EINVAL)."""
    if not FAKETIME_LIBRARY.exists():
        message = "libfaketime is not installed (.ci/system-packages installs it)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return {"LD_PRELOAD": str(FAKETIME_LIBRARY), "FAKETIME": offset}
