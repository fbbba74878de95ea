"""Redis stopped while respondents submit: every response is saved and every respondent sees
the confirmation; once Redis is back, the worker and beat close the survey and its summary
counts every response. A Redis of the test's own (the one the rest of the suite uses stays
up), gunicorn serving the respondents over HTTP, a real worker and beat; on PostgreSQL."""

import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
from collections import Counter
from urllib.parse import urlencode

import pytest

from surveys.models import RATING_CODES
from tests.processes import (
    ServiceProcesses,
    clock_moved,
    database_url,
    free_port,
    services_or_skip,
    wait_for,
)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class OwnRedis:
    """A redis-server on its own port that the test can stop (SIGKILL) and start again."""

    def __init__(self):
        self.port, self.process = free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, seconds=10, what="redis-server to start")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def own_redis():
    services_or_skip()
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    redis = OwnRedis()
    redis.start()
    yield redis
    if redis.process.poll() is None:
        redis.stop()


@pytest.fixture
def stack(own_redis, tmp_path):
    """gunicorn and a Celery worker and beat, all using the test's own Redis as broker and
    (the web side) as cache."""
    port = free_port()
    env = {
        "DJANGO_SETTINGS_MODULE": "relaudit.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": own_redis.url,
        # DEBUG only so that pages need no collected static files; nothing else depends on it.
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "RELAUDIT_BEAT_SECONDS": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    processes = ServiceProcesses(tmp_path, {**os.environ, **env})
    processes.start_web()
    wait_for(lambda: _get(port, "/")[0] == 200, seconds=30, what="gunicorn", logs=tmp_path)
    yield port, processes
    processes.stop()


def _get(port: int, path: str, cookie: str = "") -> tuple[int, str, dict]:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers={"Accept-Encoding": "gzip", "Cookie": cookie})
        response = conn.getresponse()
    except OSError:
        return 0, "", {}
    body = response.read()
    if response.getheader("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, body.decode(), dict(response.getheaders())


def respond(port: int, token: str, rating: int) -> bool:
    """One respondent, as a browser: the page, every statement rated, the confirmation."""
    status, html, headers = _get(port, f"/s/{token}/questions/")
    assert status == 200
    cookie = re.search(r"csrftoken=[^;]+", headers["Set-Cookie"]).group(0)
    form = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1],
        "form_token": re.search(r'name="form_token" value="([^"]+)"', html)[1],
        **{code: str(rating) for code in RATING_CODES},
    }
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST", f"/s/{token}/questions/", urlencode(form),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
         "Origin": f"http://127.0.0.1:{port}"},
    )  # fmt: skip
    posted = conn.getresponse()
    posted.read()
    assert posted.status == 302, posted.status
    status, thanks, _headers = _get(port, posted.getheader("Location"), cookie)
    return status == 200 and "Thank you" in thanks


def test_redis_stopped_while_responses_are_submitted_loses_nothing(stack, own_redis, make_survey):
    port, processes = stack
    survey = make_survey("Wirral", opens_in=-1, closes_in=1)
    ratings = [index % 6 for index in range(12)]

    confirmed = [respond(port, survey.token, rating) for rating in ratings[:6]]
    own_redis.stop()  # broker and cache gone
    confirmed += [respond(port, survey.token, rating) for rating in ratings[6:]]
    assert confirmed == [True] * 12
    assert survey.responses.count() == 12

    # Two days on, past the deadline: the worker and beat run with their clocks moved (the
    # deadline stays where respondents saw it), and find the broker down.
    two_days_on = clock_moved("+2d")
    processes.start_worker(env=two_days_on)
    processes.start_beat(env=two_days_on)
    wait_for(
        lambda: processes.log_count("worker", "Cannot connect"),
        seconds=60, what="the worker to find Redis down", logs=processes,
    )  # fmt: skip
    survey.refresh_from_db()
    assert survey.closed_at is None  # nothing could be computed without Redis ...

    own_redis.start()  # ... and once it is back (empty: nothing queued survived) ...
    snapshot = wait_for(
        lambda: survey.snapshots.filter(kind="deadline").first(),
        seconds=120, what="the close once Redis is back", logs=processes,
    )  # fmt: skip
    summary = snapshot.summary  # ... the summary counts every response, rightly
    assert summary["counts"]["responses"] == 12
    expected = [Counter(ratings)[position] for position in range(6)]
    for code in RATING_CODES:
        assert summary["statements"][code]["distribution"] == expected, code
