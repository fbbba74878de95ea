"""One client bursting wrong access codes stalls nobody else: the throttle answers at once
(400, then 429) and never sleeps in a worker. gunicorn with two sync workers, as deployed,
on PostgreSQL; the clients are told apart by X-Forwarded-For from a trusted proxy.

The one timing asserted here is the behaviour itself (another visitor is served while the
burst runs), with a wide margin: the median of five requests under half a second, where a
sleeping throttle made them wait seconds."""

import http.client
import re
import statistics
import threading
import time
from urllib.parse import urlencode

import pytest

from tests.processes import REQUIRED, ServiceProcesses, database_url, free_port, wait_for

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BURSTING, OTHER = "198.51.100.1", "203.0.113.9"


@pytest.fixture
def served(tmp_path):
    import os

    from django.db import connection

    if connection.vendor != "postgresql":
        if REQUIRED:
            pytest.fail("CI runs this on PostgreSQL")
        pytest.skip("needs PostgreSQL (DATABASE_URL), which gunicorn shares with the test")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relaudit.settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "true",  # pages without collected static files; nothing else depends on it
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "TRUSTED_PROXIES": "127.0.0.1/32",  # as nginx would be
    }
    processes = ServiceProcesses(tmp_path, env)
    processes.start_web()
    wait_for(lambda: home(port, OTHER)[0] == 200, seconds=30, what="gunicorn", logs=tmp_path)
    yield port
    processes.stop()


def home(port: int, client: str) -> tuple[int, str, str]:
    """GET / as `client`: (status, csrf cookie, form token)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/", headers={"X-Forwarded-For": client})
        response = conn.getresponse()
        html = response.read().decode(errors="replace")
    except OSError:
        return 0, "", ""
    cookie = re.search(r"csrftoken=[^;]+", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return response.status, cookie.group(0) if cookie else "", token.group(1) if token else ""


def wrong_code(port: int, cookie: str, token: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        "POST", "/", urlencode({"csrfmiddlewaretoken": token, "code": "ZZZZ-ZZZZ"}),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
         "Origin": f"http://127.0.0.1:{port}", "X-Forwarded-For": BURSTING},
    )  # fmt: skip
    response = conn.getresponse()
    response.read()
    return response.status


def test_another_client_is_answered_at_once_while_one_bursts_wrong_codes(served):
    port = served
    stop, answered, statuses = threading.Event(), [], []
    _status, cookie, token = home(port, BURSTING)

    def burst():
        while not stop.is_set():
            statuses.append(wrong_code(port, cookie, token))
            answered.append(1)

    threads = [threading.Thread(target=burst) for _ in range(9)]
    for thread in threads:
        thread.start()
    try:
        # Past the point where the old throttle began to sleep (5 wrong codes).
        wait_for(lambda: len(answered) >= 12, seconds=60, what="the burst to get going")
        waits = []
        for _ in range(5):
            started = time.monotonic()
            assert home(port, OTHER)[0] == 200
            waits.append(time.monotonic() - started)
        assert not stop.is_set() and len(answered) >= 12  # the burst was still running
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert statistics.median(waits) < 0.5, waits
    assert set(statuses) <= {400, 429}
