"""Per-statement figures on a hand-computed fixture (annex, Figure 2 scoring)."""

import math

import pytest

from scoring.services import survey_close


@pytest.fixture
def summary(settings, due_survey, respond):
    settings.RELAUDIT_MIN_GROUP_SIZE = 1
    respond(due_survey, {"RV-INT-CUL": 5, "RP-DIR": 0, "RV-INT-VIS": 5}, comment="Good.")
    respond(due_survey, {"RV-INT-CUL": 3, "RP-DIR": 2})
    respond(due_survey, {"RV-INT-CUL": 1})
    survey_close(survey=due_survey)
    return due_survey.snapshots.get(kind="latest").summary


def test_a_positive_statement_scores_its_scale_position(summary):
    figures = summary["statements"]["RV-INT-CUL"]
    assert figures["n"] == 3
    assert figures["mean"] == 3.0  # (5 + 3 + 1) / 3
    assert figures["sd"] == 2.0  # sqrt((4 + 0 + 4) / 2)
    half_width = 4.302653 * 2.0 / math.sqrt(3)  # t(0.975, 2 df) = 4.30265 (tables: 4.3027)
    assert figures["ci95"] == pytest.approx([3 - half_width, 3 + half_width])
    assert figures["distribution"] == [0, 1, 0, 1, 0, 1]


def test_a_negative_statement_is_reverse_scored_but_its_distribution_is_raw(summary):
    figures = summary["statements"]["RP-DIR"]
    assert figures["n"] == 2
    assert figures["mean"] == 4.0  # raw 0 and 2 score 5 and 3
    assert figures["sd"] == pytest.approx(math.sqrt(2))
    assert figures["distribution"] == [1, 0, 1, 0, 0, 0]


def test_an_unanswered_statement_has_no_mean(summary):
    figures = summary["statements"]["RV-TRU-TEC"]
    assert figures == {"n": 0, "mean": None, "sd": None, "ci95": None, "distribution": [0] * 6}


def test_a_single_rating_has_a_mean_but_no_spread(summary):
    assert summary["statements"]["RV-INT-VIS"]["mean"] == 5.0
    assert summary["statements"]["RV-INT-VIS"]["sd"] is None
    assert summary["statements"]["RV-INT-VIS"]["ci95"] is None


def test_aggregates_are_pooled_over_item_scores_not_means_of_means(summary):
    # Integrity: RV-INT-CUL scores 5, 3, 1 and RV-INT-VIS 5: (5+3+1+5)/4, not (3+5)/2.
    assert summary["attributes"]["integrity"] == 3.5
    assert summary["dimensions"]["culture"] == 3.0
    assert summary["dimensions"]["vision"] == 5.0
    assert summary["domains"]["directness"] == 4.0
    assert summary["frameworks"] == {"relational_value": 3.5, "relational_proximity": 4.0}
    assert summary["attributes"]["trust"] is None


def test_counts(summary):
    assert summary["counts"] == {"responses": 3, "with_comment": 1, "late": 0}
