"""The estimated response rate uses only the branches it can measure: responses through
the links of contacts who declared a reach, over those contacts and their declared reach.
Responses through the area's own link or undeclared contacts are counted apart; the figure
never exceeds 100% ("more responses than declared reach" instead)."""

from hypothesis import given
from hypothesis import strategies as st

from surveys.selectors import Participation, area_participation


def through(survey, respond, contact, count):
    for _ in range(count):
        response = respond(survey, {"RV-INT-CUL": 2})
        response.branch = contact
        response.save()


def test_only_declared_branches_count_and_the_rest_is_said_to_be_outside(survey, contacts, respond):
    ann, bob = survey.area.contacts.order_by("name")
    ann.declared_reach = 18
    ann.save()
    through(survey, respond, ann, 12)
    through(survey, respond, bob, 10)  # Bob declared nothing
    through(survey, respond, None, 10)  # the area's own link
    p = area_participation(survey=survey)
    assert (p.responses, p.through_declared, p.outside, p.base) == (32, 12, 20, 19)
    assert p.rate == 12 / 19
    assert p.headline == "63%"
    assert "20 responses through the area's own link or the links of contacts who " \
        "declared nothing are outside the estimate" in p.explanation  # fmt: skip
    # More responses through the undeclared links change nothing.
    through(survey, respond, bob, 10)
    through(survey, respond, None, 10)
    assert area_participation(survey=survey).rate == 12 / 19


def test_more_responses_than_declared_reach_never_reads_above_100_percent(
    client, closed_area, reviewer
):
    from surveys.invitations import contacts_import

    contacts_import(area=closed_area.area, raw=b"name,email,organisation\nAnn,a@x.org,NHS\n")
    ann = closed_area.area.contacts.get()
    ann.declared_reach = 5
    ann.save()
    closed_area.responses.update(branch=ann)  # all 12 came through Ann, who named 5
    p = area_participation(survey=closed_area)
    assert p.rate is None and p.exceeds_reach
    assert p.headline == "More responses than declared reach"
    from scoring.services import surveys_latest_recompute

    closed_area.results_mark_stale(now=closed_area.closes_at)
    surveys_latest_recompute(surveys=[closed_area])
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    html = client.get(f"/results/{closed_area.area.programme.slug}/{closed_area.area.slug}/")
    text = html.content.decode()
    assert "<strong>More responses than declared reach</strong>" in text
    assert "240%" not in text


@given(
    declared=st.integers(0, 20),
    reach=st.integers(0, 5000),
    through_declared=st.integers(0, 10_000),
    outside=st.integers(0, 10_000),
)
def test_the_estimate_is_never_above_100_percent(declared, reach, through_declared, outside):
    p = Participation(
        contacts=declared + 3, invited=0, declared=declared, reach=reach if declared else 0,
        responses=through_declared + outside, through_declared=through_declared,
    )  # fmt: skip
    assert p.rate is None or 0 < p.rate <= 1
    assert (p.rate is None) == (not p.estimable or p.exceeds_reach)
