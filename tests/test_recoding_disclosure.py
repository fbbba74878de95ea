"""Recoding a few people's roles after the deadline cannot single them out: a reviewer
holds the deadline breakdowns and the latest ones (roles as recoded) of the same people.
Checked by linear algebra over every set of people the two releases' shown figures could
pin down, for random groups and recodings, and end to end on an area's stored snapshots."""

from datetime import timedelta
from fractions import Fraction
from itertools import product

from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scoring.models import SurveySnapshot
from scoring.services import surveys_close_due
from surveys.anonymity import suppression_after_regrouping, suppression_reasons
from surveys.services import other_role_recode

T = 10
KEYS = ["a", "b", "c", "d", "other"]


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column]:
                factor = rows[i][column] / rows[rank][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def pinned_small_sets(cells: dict, before_hidden: set, after_hidden: set) -> list[int]:
    """Sizes of the unions of cells (people by group before and after) whose indicator is
    a combination of what a reader knows: each shown group of either release, each release's
    hidden groups together, and the total. Every known figure is a sum over whole cells, so
    a set it pins down is a union of cells."""
    atoms = [pair for pair, n in cells.items() if n]
    known = [[Fraction(1)] * len(atoms)]
    for hidden, side in ((before_hidden, 0), (after_hidden, 1)):
        for key in KEYS:
            if key not in hidden:
                known.append([Fraction(int(pair[side] == key)) for pair in atoms])
        if hidden:
            known.append([Fraction(int(pair[side] in hidden)) for pair in atoms])
    base = _rank(known)
    small = []
    for choice in product((0, 1), repeat=len(atoms)):
        size = sum(cells[pair] for pair, chosen in zip(atoms, choice, strict=True) if chosen)
        if 0 < size < T and _rank(known + [[Fraction(c) for c in choice]]) == base:
            small.append(size)
    return small


@st.composite
def regroupings(draw):
    before = {key: draw(st.integers(0, 30)) for key in KEYS}
    # An area of fewer than the threshold is reported as counts only: no breakdowns.
    before["a"] = max(before["a"], T - sum(before.values()) + before["a"])
    moves = {}
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(KEYS[:4]))
        source = draw(st.sampled_from(["other", "d"]))
        if source == target:
            continue
        available = before[source] - sum(n for (s, _t), n in moves.items() if s == source)
        count = draw(st.integers(0, max(available, 0)))
        if count:
            moves[(source, target)] = moves.get((source, target), 0) + count
    return before, moves


@hypothesis_settings(max_examples=150, deadline=None)
@given(regroupings())
def test_no_set_of_fewer_than_ten_is_pinned_down_by_both_releases(case):
    before, moves = case
    after = dict(before)
    for (source, target), n in moves.items():
        after[source] -= n
        after[target] += n
    before_hidden = set(suppression_reasons(before, T))
    after_hidden = set(suppression_after_regrouping(after, [(before, before_hidden, moves)], T))
    cells = dict(moves)
    for key in KEYS:
        cells[(key, key)] = before[key] - sum(n for (s, _t), n in moves.items() if s == key)
    assert pinned_small_sets(cells, before_hidden, after_hidden) == []


def test_without_the_rule_two_recoded_people_would_be_singled_out():
    """The attack the rule stops: two people recoded from "other" into "a", both groups
    shown before and after: "a" now minus "a" then is those two."""
    before = {"a": 20, "b": 20, "c": 20, "d": 0, "other": 15}
    moves = {("other", "a"): 2}
    cells = {("a", "a"): 20, ("b", "b"): 20, ("c", "c"): 20, ("other", "other"): 13, **moves}
    assert pinned_small_sets(cells, set(), set()) == [2]  # naive: nothing hidden after
    after = {"a": 22, "b": 20, "c": 20, "d": 0, "other": 13}
    hidden = set(suppression_after_regrouping(after, [(before, set(), moves)], T))
    assert {"a", "other"} <= hidden
    assert pinned_small_sets(cells, set(), hidden) == []


def test_an_area_recomputed_after_a_small_recoding_hides_what_would_single_them_out(
    settings, due_survey, respond, lead
):
    settings.RELAUDIT_MIN_GROUP_SIZE = T
    for role, count in (("direct_service_delivery", 20), ("operational_management", 20),
                        ("senior_executive", 20), ("other", 15)):  # fmt: skip
        for i in range(count):
            r = respond(due_survey, {"RV-INT-CUL": i % 6}, role=(role,))
            if role == "other" and i < 2:
                r.primary_role_other = "Social worker"
                r.save()
    surveys_close_due()
    other_role_recode(
        programme=due_survey.area.programme, text="Social worker", role="direct_service_delivery"
    )
    surveys_close_due(now=timezone.now() + timedelta(minutes=5))
    deadline, latest = (
        SurveySnapshot.objects.get(survey=due_survey, kind=kind).summary["breakdowns"][
            "primary_role"
        ]
        for kind in ("deadline", "latest")
    )
    for key in ("direct_service_delivery", "other"):
        assert not deadline[key]["suppressed"]
        assert latest[key]["suppressed"] and latest[key]["suppressed_reason"] == "complementary"
    for key in ("operational_management", "senior_executive"):
        assert latest[key] == deadline[key]  # untouched groups stay as they were
