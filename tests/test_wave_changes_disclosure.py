"""Attack: over random pairs of waves (an area and one or two predecessors, of any size,
their respondents in groups of any size), no change figure exists unless every group it
is made of holds at least the threshold in both waves: each wave's suppression holds, and a
merger's pooled figure never includes a hidden predecessor."""

import json
from pathlib import Path

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scoring.comparison_basis import Measures
from scoring.summary import StatementMeta, summary_build
from scoring.summary_shape import SummaryData
from scoring.tallies import SurveyTally, Tally
from scoring.wave_changes import changes_compared, group_cells, pooled_counts, shown_counts
from surveys.models import RATING_CODES

THRESHOLD = 10
GROUPS = ["health_provider", "voluntary_sector", "other", "did_not_answer"]
INSTRUMENT = json.loads(
    (Path(__file__).resolve().parent.parent / "surveys/instruments/2017-09.json").read_text()
)
METAS = [
    StatementMeta(
        s["code"],
        s["framework"],
        s["attribute"] or "",
        s["dimension"] or "",
        s["domain"] or "",
        s["polarity"] == "negative",
    )
    for s in INSTRUMENT["statements"]
]
MEASURES = Measures.of(METAS)

# One respondent: their organisation group and one scale position for every statement.
respondents = st.lists(
    st.tuples(st.sampled_from(GROUPS), st.integers(0, 5), st.integers(0, 5)), max_size=30
)


def tally_of(people) -> SurveyTally:
    tally = SurveyTally()
    for group, position, other_position in people:
        one = Tally(respondents=1)
        for j, code in enumerate(RATING_CODES):
            one.distributions[code][position if j % 2 else other_position] += 1
        tally.overall.add(one)
        tally.breakdowns["organisation_type"][group].add(one)
        tally.breakdowns["primary_role"]["did_not_answer"].add(one)
        tally.breakdowns["time_in_system"]["did_not_answer"].add(one)
    return tally


def stored_summary(tally: SurveyTally) -> SummaryData:
    """The summary as the deadline snapshot stores it, read back from its JSON."""
    summary = summary_build(
        tally=tally,
        metas=METAS,
        min_group_size=THRESHOLD,
        area="x",
        programme="p",
        instrument_version="2017-09",
        snapshot="deadline",
        computed_at="2027-01-01T00:00:00+00:00",
    )
    return SummaryData.from_json(json.loads(json.dumps(summary.to_json())))


@hypothesis_settings(max_examples=150, deadline=None)
@given(after=respondents, before=st.lists(respondents, min_size=1, max_size=2))
def test_no_change_figure_reveals_a_group_below_the_threshold_in_either_wave(after, before):
    after_tally = tally_of(after)
    before_tallies = [tally_of(people) for people in before]
    after_summary = stored_summary(after_tally)
    before_summaries = [stored_summary(t) for t in before_tallies]
    changes = changes_compared(
        before=pooled_counts([shown_counts(s) for s in before_summaries]),
        after=shown_counts(after_summary),
        measures=MEASURES,
        comparable=set(RATING_CODES),
    )
    for change in changes.values():
        if change.status != "hidden":
            assert after_tally.overall.respondents >= THRESHOLD
            assert all(t.overall.respondents >= THRESHOLD for t in before_tallies)
        else:
            assert change.before is None and change.after is None and change.comparison is None
    cells = group_cells(
        before=before_summaries,
        after=after_summary,
        measures=MEASURES,
        comparable=set(RATING_CODES),
        only=[m for m in MEASURES.items if m.part == "frameworks"],
    )
    for (question, key), group_changes in cells.items():
        shown = [c for c in group_changes.values() if c.status != "hidden"]
        if not shown:
            continue
        assert after_tally.breakdowns[question][key].respondents >= THRESHOLD
        for tally in before_tallies:
            assert tally.breakdowns[question][key].respondents >= THRESHOLD


def test_without_the_rule_a_merger_would_reveal_its_small_predecessor():
    """The attack the rule stops: pooled figure minus the shown predecessor's is the small
    one's. With the rule, the merged change is hidden."""
    small = [("other", 0, 0)] * 4
    large = [("health_provider", 5, 5)] * 20
    before = [stored_summary(tally_of(small)), stored_summary(tally_of(large))]
    assert shown_counts(before[0]) is None
    assert pooled_counts([shown_counts(s) for s in before]) is None
    changes = changes_compared(
        before=pooled_counts([shown_counts(s) for s in before]),
        after=shown_counts(stored_summary(tally_of(large))),
        measures=MEASURES,
        comparable=set(RATING_CODES),
    )
    assert {c.status for c in changes.values()} == {"hidden"}
