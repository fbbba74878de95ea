"""Complementary suppression on hand-made groups, and a property test: random group sizes
and late arrivals, the subtraction attacks on every pair of snapshots produced."""

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scoring.snapshot_writing import latest_step as _latest_step
from scoring.summary import summary_build
from scoring.tallies import SurveyTally, Tally, group_keys
from surveys.anonymity import COMPLEMENTARY, suppression_reasons
from surveys.choices import DEMOGRAPHIC_QUESTIONS
from surveys.models import RATING_CODES

from .subtraction import complement_distribution_sizes, complement_sizes, difference_sizes, safe


def test_9_1_20_suppresses_two():
    assert suppression_reasons({"a": 9, "b": 1, "c": 20}, 10) == {
        "a": "below_threshold",
        "b": "below_threshold",
    }


def test_9_9_20_suppresses_two_recoverable_together_only():
    reasons = suppression_reasons({"a": 9, "b": 9, "c": 20}, 10)
    assert set(reasons) == {"a", "b"}  # 18 hidden together: at least the threshold


def test_9_and_20_suppresses_both():
    assert suppression_reasons({"a": 9, "b": 20}, 10) == {
        "a": "below_threshold",
        "b": COMPLEMENTARY,
    }


def test_all_small_suppresses_all():
    assert set(suppression_reasons({"a": 3, "b": 4, "c": 2}, 10)) == {"a", "b", "c"}


def test_the_next_smallest_goes_first_and_ties_go_by_option_order():
    reasons = suppression_reasons({"a": 5, "b": 30, "c": 12, "d": 12}, 10)
    assert reasons == {"a": "below_threshold", "c": COMPLEMENTARY}


def test_nothing_hidden_when_the_small_groups_are_empty():
    assert suppression_reasons({"a": 0, "b": 25}, 10) == {"a": "below_threshold"}


# --- Property: whatever the sizes and the late arrivals, no subtraction gives < T. ---

T = 10
GROUPS = {q: group_keys(q) for q in DEMOGRAPHIC_QUESTIONS}


def tally_of(people: list[tuple[dict, int, bool]]) -> SurveyTally:
    """A tally from (groups by question, rating of every statement, late) per person."""
    tally = SurveyTally()
    for groups, rating, late in people:
        one = Tally(respondents=1, late=int(late))
        for code in RATING_CODES:
            one.distributions[code][rating] = 1
        tally.overall.add(one)
        for question, key in groups.items():
            tally.breakdowns[question][key].add(one)
    return tally


def summary_of(tally: SurveyTally, breakdowns: SurveyTally, late: int, kind: str) -> dict:
    from scoring.summary import StatementMeta

    metas = [StatementMeta(code, "relational_value", "integrity", "culture", "", False)
             for code in RATING_CODES]  # fmt: skip
    return summary_build(
        tally=tally, breakdown_tally=breakdowns, late=late, metas=metas, min_group_size=T,
        area="x", programme="p", instrument_version="v", snapshot=kind, computed_at="",
    ).to_json()  # the stored JSON, as every download carries it  # fmt: skip


person = st.tuples(
    st.fixed_dictionaries({q: st.sampled_from(keys) for q, keys in GROUPS.items()}),
    st.integers(0, 5),
)


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    on_time=st.lists(person, min_size=0, max_size=40),
    batches=st.lists(st.lists(person, min_size=1, max_size=8), max_size=5),
)
def test_no_pair_of_snapshots_reveals_fewer_than_the_threshold(on_time, batches):
    from django.conf import settings

    assert settings.RELAUDIT_MIN_GROUP_SIZE == T  # the default, which _latest_step reads
    people = [(groups, rating, False) for groups, rating in on_time]
    deadline = tally_of(people)
    snapshots = [summary_of(deadline, deadline, 0, "deadline")]
    published = deadline
    for batch in batches:
        people += [(groups, rating, True) for groups, rating in batch]
        fresh = tally_of(people)
        published = _latest_step(fresh, published)
        snapshots.append(summary_of(published, deadline, fresh.overall.late, "latest"))
    for summary in snapshots:
        assert safe(complement_sizes(summary), T)
        assert safe(complement_distribution_sizes(summary), T)
    for i, before in enumerate(snapshots):
        for after in snapshots[i + 1 :]:
            assert safe(difference_sizes(before, after), T)
