"""Passages people have coded move suggestions towards their statement. The passage below
is first checked not to be suggested for RV-RES-INF on its wording alone, so the test can
fail: it passes only if the coded passages are what moved it."""

import json
from pathlib import Path

import pytest

from scoring.suggestions import (
    BARRIER,
    CodedExample,
    statement_texts_from_instrument,
    suggestions_compute,
)

INSTRUMENT = Path(__file__).resolve().parent.parent / "surveys" / "instruments" / "2017-09.json"
PASSAGE = "Parking at the clinic is a nightmare."
CODED = [
    CodedExample(text=text, code="RV-RES-INF", polarity=BARRIER)
    for text in (
        "The car park at the hospital is always full.",
        "There is never anywhere to park near the office.",
    )
]


@pytest.fixture(scope="module")
def statements():
    return statement_texts_from_instrument(instrument=json.loads(INSTRUMENT.read_text()))


def ranked_codes(suggestion):
    return [code for code, _ in suggestion.statements]


def score_of(suggestion, code):
    return dict(suggestion.statements)[code]


def test_coded_passages_move_a_passage_to_their_statement(statements):
    cold = suggestions_compute(passages=[PASSAGE], statements=statements, top=35)[0]
    coded = suggestions_compute(passages=[PASSAGE], statements=statements, coded=CODED, top=35)[0]

    assert ranked_codes(cold).index("RV-RES-INF") >= 5
    assert ranked_codes(coded)[0] == "RV-RES-INF"
    assert score_of(coded, "RV-RES-INF") > score_of(cold, "RV-RES-INF") + 0.1


def test_coded_passages_of_another_topic_leave_a_passage_alone(statements):
    unrelated = "We can be open and honest with colleagues in the other organisations."
    cold = suggestions_compute(passages=[unrelated], statements=statements)[0]
    coded = suggestions_compute(passages=[unrelated], statements=statements, coded=CODED)[0]

    assert ranked_codes(cold)[0] == ranked_codes(coded)[0] == "RV-TRU-CUL"


def test_a_coded_passage_needs_a_known_polarity(statements):
    wrong = CodedExample(text="Parking is hard.", code="RV-RES-INF", polarity="negative")

    with pytest.raises(ValueError, match="Polarity"):
        suggestions_compute(passages=[PASSAGE], statements=statements, coded=[wrong])
