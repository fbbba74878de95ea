"""Suggestions rank statements best first with a score, and are deterministic: the same
passage gets the same suggestion whatever passages are computed with it."""

import json
from pathlib import Path

import pytest

from scoring.suggestions import StatementText, statement_texts_from_instrument, suggestions_compute

INSTRUMENT = Path(__file__).resolve().parent.parent / "surveys" / "instruments" / "2017-09.json"
PASSAGES = [
    "It can take days to get hold of anyone at the council; phones ring out.",
    "We can be open and honest with colleagues in the other organisations.",
    "Senior managers keep changing, so every plan starts again from scratch.",
]


@pytest.fixture(scope="module")
def statements():
    return statement_texts_from_instrument(instrument=json.loads(INSTRUMENT.read_text()))


def test_statements_are_ranked_best_first_with_scores(statements):
    suggestions = suggestions_compute(passages=PASSAGES, statements=statements, top=35)

    assert [s.passage for s in suggestions] == PASSAGES
    codes = {s.code for s in statements}
    for suggestion in suggestions:
        ranked = suggestion.statements
        assert {code for code, _ in ranked} == codes
        scores = [score for _, score in ranked]
        assert scores == sorted(scores, reverse=True)
        assert all(-1 <= score <= 1 for score in scores)
        assert scores[0] > scores[-1]
    default = suggestions_compute(passages=PASSAGES[:1], statements=statements)
    assert len(default[0].statements) == 5


def test_clear_passages_rank_their_statement_first(statements):
    suggestions = suggestions_compute(passages=PASSAGES, statements=statements)
    first = [s.statements[0][0] for s in suggestions]

    assert first[1] == "RV-TRU-CUL"  # "We can be open and honest in our dealings with each other."


def test_suggestions_are_deterministic_and_independent_of_the_batch(statements):
    together = suggestions_compute(passages=PASSAGES, statements=statements)
    again = suggestions_compute(passages=PASSAGES, statements=statements)
    alone = [suggestions_compute(passages=[p], statements=statements)[0] for p in PASSAGES]
    padded = suggestions_compute(passages=[*PASSAGES, "word " * 400], statements=statements)[:3]

    assert together == again == alone == padded


def test_ties_keep_the_statements_order():
    same = [StatementText(code=code, text="Our buildings enable seamless care.") for code in "BAC"]

    suggestion = suggestions_compute(passages=["buildings"], statements=same)[0]

    assert [code for code, _ in suggestion.statements] == ["B", "A", "C"]
