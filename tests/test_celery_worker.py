"""Integration: a real `celery -A relaudit worker` and `beat` against Redis and PostgreSQL
close a survey when its deadline passes, store the summary and email the reviewer; then a
late response reaches the latest snapshot. Runs under CI=true (make test sets the broker)."""

import os
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from surveys.services import response_submit
from tests.processes import BROKER, ServiceProcesses, database_url, services_or_skip, wait_for

pytestmark = [pytest.mark.celery_worker]


@pytest.fixture
def services():
    services_or_skip()


@pytest.fixture
def celery_processes(services, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relaudit.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "SITE_ROOT": "https://relaudit.example.org",
        "RELAUDIT_BEAT_SECONDS": "1",
        "RELAUDIT_LATE_DEBOUNCE_SECONDS": "2",
    }
    processes = ServiceProcesses(tmp_path, env)
    processes.start_worker()
    processes.start_beat()
    yield processes
    processes.stop()


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
    # Received into the latest snapshot; its figures (and the late count reviewers see)
    # wait for a group of at least the threshold (issue 16).
    wait_for(
        lambda: survey.snapshots.get(kind="latest").tally["late_received"] == 1,
        seconds=60, what="the late response in the latest snapshot", logs=workdir,
    )  # fmt: skip
    assert survey.snapshots.get(kind="latest").summary["counts"]["late"] == 0
    assert survey.snapshots.get(kind="deadline").summary == snapshot.summary


def _load_responses(survey, count: int) -> None:
    """Many responses straight into PostgreSQL, so that closing takes long enough to be
    interrupted."""
    from surveys.models import RATING_CODES, rating_field

    columns = [rating_field(code) for code in RATING_CODES]
    ratings = ", ".join("floor(random() * 6)::smallint" for _ in columns)
    # Column names come from the instrument's own codes, never from input.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO surveys_response (survey_id, instrument_id, submission_key,
                submitted_on, is_late, statement_order, comment, organisation_type, primary_role,
                primary_role_other, time_in_system, {", ".join(columns)})
            SELECT %s, %s, gen_random_uuid(), current_date, false, '[]'::jsonb, '',
                (ARRAY['health_provider', 'voluntary_sector', ''])[1 + g %% 3], 'administrative',
                '', 'over_3_years', {ratings}
            FROM generate_series(1, %s) AS g""",
            [survey.pk, survey.instrument_id, count],
        )


def _closing_query_running() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
            "AND query LIKE %s AND pid <> pg_backend_pid()",
            ["%FILTER (WHERE%surveys_response%"],
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_while_closing_leaves_one_close_after_restart(
    celery_processes, make_survey
):
    """SIGKILL the worker in the middle of the closing queries: its transaction rolls back,
    and after a restart the beat's next run closes the survey, once."""
    workdir = celery_processes
    survey = make_survey("Cumbria", opens_in=-7, closes_in=1)
    _load_responses(survey, 300_000)
    survey.closes_at = timezone.now()
    survey.save(update_fields=["closes_at"])
    wait_for(_closing_query_running, seconds=60, what="the close to start", logs=workdir)
    worker = next(p for p in celery_processes.processes if "worker" in p.args)
    worker.kill()  # no clean shutdown: the transaction dies with its connection
    worker.wait(timeout=20)
    survey.refresh_from_db()
    assert survey.closed_at is None and not survey.snapshots.exists()  # nothing half-written
    celery_processes.start_worker()
    snapshot = wait_for(
        lambda: survey.snapshots.filter(kind="deadline").first(),
        seconds=120, what="the close after the restart", logs=workdir,
    )  # fmt: skip
    assert snapshot.summary["counts"]["responses"] == 300_000
    # A few more beat runs change nothing. (The worker logs as Django's LOGGING says: level
    # and logger name, not Celery's own "[... INFO/MainProcess]" format.)
    run = "INFO celery.app.trace Task scoring.tasks.surveys_close_due_task"
    runs = celery_processes.log_count("worker", run) + 3
    wait_for(
        lambda: celery_processes.log_count("worker", run) >= runs,
        seconds=60, what="three more beat runs", logs=workdir,
    )  # fmt: skip
    survey.refresh_from_db()
    assert survey.snapshots.count() == 2 and survey.closed_at is not None
    assert snapshot.computed_at == survey.snapshots.get(kind="deadline").computed_at
