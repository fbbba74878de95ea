"""A programme's breakdowns beside its areas' (a lead sees both). An analyst who knows
every shown figure can work out any sum of hidden cells that the shown figures pin down:
checked here by linear algebra over every set of hidden cells, for random programmes."""

from fractions import Fraction
from itertools import combinations

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from surveys.anonymity import COMPLEMENTARY, suppression_across_parts, suppression_reasons

T = 10
KEYS = ["a", "b", "c", "d"]


def pinned_sums_too_small(parts: list[dict[str, int]], *releases) -> list[int]:
    """Every sum of hidden area cells that the shown figures determine and that describes 1
    to T - 1 people. The analyst's equations: each area's hidden total; in each release of
    the programme (the suppression reasons, and how many of the areas it adds up, the
    first ones), each group shown minus its shown area cells, and its hidden groups
    together."""
    cells, equations = [], []
    for index, part in enumerate(parts):
        hidden = suppression_reasons(part, T)
        if sum(part[key] for key in hidden) == 0:
            continue  # every hidden cell is known to be 0
        cells += [(index, key) for key in hidden]
    if not cells:
        return []
    values = [parts[index][key] for index, key in cells]
    for index in {i for i, _ in cells}:
        equations.append([int(i == index) for i, _ in cells])
    for reasons, areas in releases:
        hidden_in_programme = set(reasons)
        for key in KEYS:
            if key not in hidden_in_programme:
                equations.append([int(k == key and i < areas) for i, k in cells])
        if hidden_in_programme:
            equations.append([int(k in hidden_in_programme and i < areas) for i, k in cells])
    basis = _row_echelon(equations)
    too_small = []
    for size in range(1, len(cells) + 1):
        for chosen in combinations(range(len(cells)), size):
            vector = [Fraction(int(i in chosen)) for i in range(len(cells))]
            if _in_span(vector, basis):
                total = sum(values[i] for i in chosen)
                if 0 < total < T:
                    too_small.append(total)
    return too_small


def _row_echelon(rows: list[list[int]]) -> list[tuple[int, list[Fraction]]]:
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        vector = _reduce([Fraction(x) for x in row], basis)
        pivot = next((i for i, x in enumerate(vector) if x != 0), None)
        if pivot is not None:
            basis.append((pivot, [x / vector[pivot] for x in vector]))
    return basis


def _reduce(vector: list[Fraction], basis) -> list[Fraction]:
    for pivot, row in basis:
        if vector[pivot] != 0:
            factor = vector[pivot]
            vector = [x - factor * y for x, y in zip(vector, row, strict=True)]
    return vector


def _in_span(vector, basis) -> bool:
    return not any(_reduce(vector, basis))


def programme_sizes(parts):
    return {key: sum(part[key] for part in parts) for key in KEYS}


def test_a_group_that_one_area_hides_is_hidden_in_the_programme():
    """Halton hides its 3 in group c (and its 12 in b with them); York shows its 12 in c:
    the programme's c minus York's would give Halton's 3."""
    halton = {"a": 15, "b": 12, "c": 3, "d": 0}
    york = {"a": 15, "b": 0, "c": 12, "d": 0}
    reasons = suppression_across_parts(programme_sizes([halton, york]), [halton, york], T)
    assert reasons["c"] == COMPLEMENTARY
    assert "a" not in reasons  # hidden in no area: shown
    assert pinned_sums_too_small([halton, york], (reasons, 2)) == []
    # The areas' own rule alone would leave the 3 to be read.
    naive = suppression_reasons(programme_sizes([halton, york]), T)
    assert 3 in pinned_sums_too_small([halton, york], (naive, 2))


def test_groups_hidden_in_many_areas_stay_shown_when_nothing_small_is_pinned():
    """Four areas each hide a few people of group c: their hidden cells can only be read
    together (more than the threshold), so the programme shows c."""
    parts = [{"a": 20, "b": 12, "c": 4 + i, "d": 0} for i in range(4)]
    reasons = suppression_across_parts(programme_sizes(parts), parts, T)
    assert "c" not in reasons and "b" not in reasons
    assert pinned_sums_too_small(parts, (reasons, len(parts))) == []


area_sizes = st.fixed_dictionaries({key: st.integers(0, 25) for key in KEYS}).filter(
    lambda sizes: sum(sizes.values()) >= T  # smaller areas are not added to a programme
)


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.lists(area_sizes, min_size=1, max_size=3))
def test_no_pinned_sum_of_hidden_cells_describes_fewer_than_the_threshold(parts):
    reasons = suppression_across_parts(programme_sizes(parts), parts, T)
    assert pinned_sums_too_small(parts, (reasons, len(parts))) == []


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.lists(area_sizes, min_size=2, max_size=3), st.integers(1, 2))
def test_nor_does_a_release_minus_an_earlier_publication(parts, published_with):
    """A lead publishes with the first areas closed; the rest close later."""
    published_with = min(published_with, len(parts) - 1)
    earlier = parts[:published_with]
    first = suppression_across_parts(programme_sizes(earlier), earlier, T)
    later = suppression_across_parts(
        programme_sizes(parts),
        parts,
        T,
        earlier_hidden=list(first),
        parts_since=parts[published_with:],
    )
    assert pinned_sums_too_small(parts, (first, published_with), (later, len(parts))) == []
