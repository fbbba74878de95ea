"""Enabler or barrier: clearly opposite passages get opposite readings before anyone has
coded a passage, and coded passages pull an unclear one towards the reading people gave
similar passages."""

import json
from pathlib import Path

import pytest

from scoring.suggestions import (
    BARRIER,
    ENABLER,
    CodedExample,
    statement_texts_from_instrument,
    suggestions_compute,
)

INSTRUMENT = Path(__file__).resolve().parent.parent / "surveys" / "instruments" / "2017-09.json"
OPPOSITES = [
    (
        "Relationships have improved hugely and we support each other well.",
        "Relationships have got worse and nobody supports anyone.",
    ),
    (
        "We trust each other and can talk openly about problems.",
        "There is a culture of blame and people are afraid to speak up.",
    ),
    (
        "It is easy to reach the right person quickly.",
        "It is impossible to reach anyone; phones ring out and emails go unanswered.",
    ),
]
UNCLEAR = "Patients wait on the ward for weeks before a care package is found."
WAITS = [
    "Older people stay in hospital for weeks waiting for home care.",
    "Patients are stuck on wards for a month before a package is arranged.",
    "People wait in hospital for weeks for a care home place.",
]


@pytest.fixture(scope="module")
def statements():
    return statement_texts_from_instrument(instrument=json.loads(INSTRUMENT.read_text()))


def signed(suggestion) -> float:
    sign = 1 if suggestion.polarity == ENABLER else -1
    return sign * suggestion.polarity_score


@pytest.mark.parametrize(("enabler", "barrier"), OPPOSITES)
def test_opposite_passages_get_opposite_readings_cold(statements, enabler, barrier):
    good, bad = suggestions_compute(passages=[enabler, barrier], statements=statements)

    assert (good.polarity, bad.polarity) == (ENABLER, BARRIER)
    assert good.polarity_score > 0 and bad.polarity_score > 0


def test_coded_readings_pull_a_similar_passage_their_way(statements):
    coded = [CodedExample(text=text, code="RP-COM", polarity=BARRIER) for text in WAITS]

    cold = suggestions_compute(passages=[UNCLEAR], statements=statements)[0]
    learnt = suggestions_compute(passages=[UNCLEAR], statements=statements, coded=coded)[0]

    assert signed(learnt) < signed(cold) - 0.3
