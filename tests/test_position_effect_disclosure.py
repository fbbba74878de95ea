"""The position effect counts what the programme figures count: areas of at least the
threshold, their deadline responses, and late ones only once a group of at least the
threshold is in the latest results. One late response never moves it (it would give
back all 35 of that person's scores as count x mean differences)."""

import random

from scoring.models import ProgrammeSnapshot
from scoring.services import surveys_close_due, surveys_latest_recompute
from surveys.models import RATING_CODES, Response


def respond_in_order(survey, respond, rng, *, late=False):
    order = list(RATING_CODES)
    rng.shuffle(order)
    response = respond(survey, {code: rng.randrange(6) for code in RATING_CODES}, late=late)
    Response.objects.filter(pk=response.pk).update(statement_order=order)


def effects(kind="latest"):
    return ProgrammeSnapshot.objects.get(kind=kind).position_effect


def test_one_late_response_or_a_small_area_never_moves_it(
    settings, make_survey, respond, django_capture_on_commit_callbacks
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    rng = random.Random(5)
    big = make_survey("Halton", opens_in=-14, closes_in=-1, late_days=5)
    small = make_survey("Bury", opens_in=-14, closes_in=-1)
    for _ in range(14):
        respond_in_order(big, respond, rng)
    for _ in range(5):
        respond_in_order(small, respond, rng)
    with django_capture_on_commit_callbacks(execute=True):
        surveys_close_due()
    before = effects()
    assert before["responses"] == 14  # the small area is not added, as in the figures
    assert effects("deadline") == before

    respond_in_order(big, respond, rng, late=True)
    with django_capture_on_commit_callbacks(execute=True):
        surveys_latest_recompute(surveys=[big])
        surveys_close_due()
    assert effects() == before  # one late response: nothing to subtract

    for _ in range(9):  # a group of ten late responses joins at once
        respond_in_order(big, respond, rng, late=True)
    with django_capture_on_commit_callbacks(execute=True):
        surveys_latest_recompute(surveys=[big])
        surveys_close_due()
    after = effects()
    assert after["responses"] == 24
    for cell in after["by_position"]:  # a cell is shown only with at least 10 answers
        assert cell["answers"] is None or cell["answers"] >= 10
        assert (cell["mean"] is None) == (cell["answers"] is None)
