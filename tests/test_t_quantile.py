import pytest

from scoring.summary import t_critical_95


@pytest.mark.parametrize(
    "df,expected",
    [(1, 12.7062), (2, 4.3027), (10, 2.2281), (30, 2.0423), (31, 2.0395), (40, 2.0211),
     (60, 2.0003), (120, 1.9799), (100000, 1.9600)],
)  # fmt: skip
def test_t_critical_values_match_the_tables(df, expected):
    assert t_critical_95(df) == pytest.approx(expected, abs=2e-4)
