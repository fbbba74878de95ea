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
