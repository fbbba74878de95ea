import random
from collections import Counter

from surveys.services import statement_order_new

from .conftest import shown_order


def test_the_shuffle_is_uniform_over_positions(survey):
    """Every statement lands in every position about equally often (seeded, so exact)."""
    rng = random.Random(42)
    draws = 35 * 400
    first = Counter()
    last = Counter()
    for _ in range(draws):
        order = statement_order_new(survey=survey, rng=rng)
        first[order[0]] += 1
        last[order[-1]] += 1
    expected = draws / 35
    # Chi-square with 34 degrees of freedom: 56 is its 99th percentile.
    for counts in (first, last):
        assert len(counts) == 35
        chi2 = sum((count - expected) ** 2 / expected for count in counts.values())
        assert chi2 < 56


def test_the_order_is_stable_across_validation_errors_and_stored(client, questionnaire, survey):
    html, token = questionnaire(survey)
    order = shown_order(html)
    too_long = "word " * 301
    response = client.post(
        f"/s/{survey.token}/questions/", {"form_token": token, "comment": too_long}
    )
    assert response.status_code == 400
    assert shown_order(response.content.decode()) == order
    response = client.post(
        f"/s/{survey.token}/questions/",
        {"form_token": token, order[0]: "4", "comment": "ok", "unrated": "submit"},
    )
    assert response.status_code == 302
    assert survey.responses.get().statement_order == order
