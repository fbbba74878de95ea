"""The response-rate estimate splits an area's responses into those through declared
contacts' links and the rest. The admin and each contact see branch counts, small ones as
"fewer than 10": the split must not let anyone subtract their way to a small branch."""

from hypothesis import given
from hypothesis import strategies as st

from surveys.anonymity import split_disclosable, suppression_reasons
from surveys.selectors import area_participation

T = 10


@given(
    sizes=st.dictionaries(st.integers(0, 7), st.integers(0, 40), min_size=1, max_size=8),
    declared=st.sets(st.integers(0, 7)),
)
def test_a_shown_split_never_gives_back_a_small_group_of_branches(sizes, declared):
    """The attack: each side's total minus its branches shown as numbers is its hidden
    branches together; each side's total alone is a group of branches too."""
    declared &= set(sizes)
    if not split_disclosable(sizes, declared, T):
        return
    hidden = suppression_reasons(sizes, T)
    for side in (declared, set(sizes) - declared):
        total = sum(sizes[key] for key in side)
        shown = sum(sizes[key] for key in side if key not in hidden)
        for described in (total, total - shown):
            assert described == 0 or described >= T


def test_too_few_through_declared_links_shows_no_figure(survey, contacts, respond):
    ann = survey.area.contacts.get(name="Ann Smith")
    ann.declared_reach = 40
    ann.save()
    for branch, count in ((ann, 4), (None, 30)):
        for _ in range(count):
            response = respond(survey, {"RV-INT-CUL": 1})
            response.branch = branch
            response.save()
    p = area_participation(survey=survey)
    assert not p.split_shown and p.rate is None
    assert "4" not in p.explanation.split("declared")[1]  # the 4 are never said
    assert "too few responses came through their links" in p.explanation
