"""The programme report's position effect: mean score by the position a statement was
shown at, from the order stored with every response."""

from scoring.models import ProgrammeSnapshot
from scoring.services import surveys_close_due
from surveys.models import RATING_CODES, Response


def test_scores_by_position_and_against_each_statements_mean(
    settings, due_survey, respond, django_capture_on_commit_callbacks
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 2
    negative = set(
        due_survey.instrument.statements.filter(is_negative=True).values_list("code", flat=True)
    )

    def rating(code, score):  # the rating that gives this score (reverse-scored negatives)
        return 5 - score if code in negative else score

    forward, backward = list(RATING_CODES), list(reversed(RATING_CODES))
    # Whatever the order, the first statement shown scores 5 and the rest 1: a pure
    # position effect.
    for order in (forward, backward, forward, backward):
        scores = {code: 1 for code in RATING_CODES} | {order[0]: 5}
        r = respond(due_survey, {code: rating(code, score) for code, score in scores.items()})
        Response.objects.filter(pk=r.pk).update(statement_order=order)
    with django_capture_on_commit_callbacks(execute=True):
        surveys_close_due()
    effect = ProgrammeSnapshot.objects.get(kind="latest").position_effect
    first, second = effect["by_position"][0], effect["by_position"][1]
    assert first["position"] == 1 and first["answers"] == 4 and first["mean"] == 5.0
    assert second["mean"] == 1.0
    assert first["relative"] == 2.0  # 5 against the statement's mean of 3 (5, 1, 5, 1 ... )
    assert effect["by_statement"]["RV-INT-CUL"]["first"] == 5.0
    assert effect["by_statement"]["RV-INT-CUL"]["last"] == 1.0


def test_a_position_effect_being_computed_is_not_computed_twice(
    due_survey, respond, django_capture_on_commit_callbacks, monkeypatch
):
    """At 1M responses it takes longer than a beat interval: while one task has claimed it,
    the beat enqueues no other, and a second task skips it; a claim left by a task that
    died is taken over after POSITION_EFFECT_CLAIM."""
    from datetime import timedelta

    from django.utils import timezone

    from scoring import services, tasks

    respond(due_survey, {"RV-INT-CUL": 3})
    enqueued = []
    monkeypatch.setattr(services, "enqueue", lambda task, *args: enqueued.append(task))
    with django_capture_on_commit_callbacks(execute=True):
        services.surveys_close_due()
    task = tasks.programme_position_effect_compute_task.name
    assert enqueued == [task]  # nobody has claimed it yet

    snapshots = ProgrammeSnapshot.objects.filter(position_effect__isnull=True)
    started = timezone.now()
    snapshots.update(position_effect_claimed_at=started)  # a task is on it
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.surveys_close_due(now=started + timedelta(minutes=1))
    assert enqueued == []
    services.programme_position_effect_compute(programme=due_survey.area.programme)
    assert ProgrammeSnapshot.objects.filter(position_effect__isnull=True).count() == 2

    later = started + services.POSITION_EFFECT_CLAIM + timedelta(seconds=1)  # it died
    with django_capture_on_commit_callbacks(execute=True):
        services.surveys_close_due(now=later)
    assert enqueued == [task]
    services.programme_position_effect_compute(programme=due_survey.area.programme, now=later)
    assert not ProgrammeSnapshot.objects.filter(position_effect__isnull=True).exists()
