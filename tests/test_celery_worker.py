"""Integration: a real `celery -A relaudit worker` and `beat` against Redis and PostgreSQL
close a survey when its deadline passes, store the summary and email the reviewer; then a
late response reaches the latest snapshot. Runs under CI=true (make test sets the broker)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from surveys.services import response_submit

ROOT = Path(__file__).resolve().parent.parent
BROKER = os.environ.get("RELAUDIT_TEST_BROKER_URL", "")
REQUIRED = os.environ.get("RELAUDIT_REQUIRE_SERVICES") == "true"

pytestmark = [pytest.mark.celery_worker]


def _redis_ready(url: str) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()  # a dedicated database: no stale tasks from an earlier run
        return True
    except redis.RedisError:
        return False


@pytest.fixture
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


@pytest.fixture
def celery_processes(services_or_skip, tmp_path):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relaudit.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": BROKER,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "SITE_ROOT": "https://relaudit.example.org",
        "RELAUDIT_BEAT_SECONDS": "1",
        "RELAUDIT_LATE_DEBOUNCE_SECONDS": "2",
    }
    celery = [sys.executable, "-m", "celery", "-A", "relaudit"]
    logs = {name: open(tmp_path / f"{name}.log", "w") for name in ("worker", "beat")}  # noqa: SIM115
    processes = [
        subprocess.Popen(
            [*celery, "worker", "--pool=solo", "--loglevel=INFO", "--without-mingle",
             "--without-gossip"],
            cwd=ROOT, env=env, stdout=logs["worker"], stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [*celery, "beat", "--loglevel=INFO", "--schedule", str(tmp_path / "beat-schedule")],
            cwd=ROOT, env=env, stdout=logs["beat"], stderr=subprocess.STDOUT,
        ),
    ]  # fmt: skip
    yield tmp_path
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    for log in logs.values():
        log.close()


def wait_for(check, *, seconds, what, logs):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    tails = {p.name: p.read_text()[-3000:] for p in logs.glob("*.log")}
    pytest.fail(f"Timed out waiting for {what}. Logs: {tails}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_closes_the_survey_at_its_deadline(
    celery_processes, make_survey, respond, reviewer
):
    workdir = celery_processes
    survey = make_survey("Northamptonshire", opens_in=-7, closes_in=1, late_days=1)
    survey.area.reviewers.add(reviewer)
    for rating in (1, 2, 4):
        respond(survey, {"RV-INT-CUL": rating}, comment="Said something.")
    survey.closes_at = timezone.now() + timedelta(seconds=3)
    survey.save(update_fields=["closes_at"])

    snapshot = wait_for(
        lambda: survey.snapshots.filter(kind="deadline").first(),
        seconds=90, what="the deadline snapshot", logs=workdir,
    )  # fmt: skip
    assert snapshot.summary["counts"] == {"responses": 3, "with_comment": 3, "late": 0}
    assert survey.area.programme.snapshots.filter(kind="latest").exists()

    mail_dir = workdir / "mail"
    sent = wait_for(
        lambda: [p.read_text() for p in mail_dir.glob("*")] if mail_dir.exists() else None,
        seconds=60, what="the results-ready email", logs=workdir,
    )  # fmt: skip
    assert "reviewer@example.org" in sent[0]
    assert "https://relaudit.example.org/results/" in sent[0]

    response_submit(
        survey=survey,
        submission_key=uuid.uuid4(),
        statement_order=["RV-INT-CUL"],
        ratings={"RV-INT-CUL": 5},
    )
    wait_for(
        lambda: survey.snapshots.get(kind="latest").summary["counts"]["late"] == 1,
        seconds=60, what="the late response in the latest snapshot", logs=workdir,
    )  # fmt: skip
    assert survey.snapshots.get(kind="deadline").summary == snapshot.summary
