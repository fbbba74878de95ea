"""Raw samples behind stored counts, for checking scoring.statistics against libraries that
take raw data (statsmodels): the scores a distribution of counts stands for, and hypothesis
strategies for such distributions."""

import numpy as np
from hypothesis import strategies as st

from scoring.statistics import Moments

POSITIONS = 6


def scores(counts: list[int], *, reverse_scored: bool = False) -> np.ndarray:
    """The individual scores a distribution counts (position 0 first)."""
    values = np.arange(POSITIONS)
    if reverse_scored:
        values = values[::-1]
    return np.repeat(values, counts).astype(float)


def moments(counts: list[int], *, reverse_scored: bool = False) -> Moments:
    return Moments.from_distribution(counts, reverse_scored=reverse_scored)


def distributions(*, min_n: int = 0, max_count: int = 60):
    """Counts per scale position with at least `min_n` respondents in all."""
    return st.lists(
        st.integers(min_value=0, max_value=max_count), min_size=POSITIONS, max_size=POSITIONS
    ).filter(lambda counts: sum(counts) >= min_n)


def varied(counts: list[int]) -> bool:
    """At least two different scores: a sample variance above zero."""
    return sum(1 for c in counts if c) >= 2
