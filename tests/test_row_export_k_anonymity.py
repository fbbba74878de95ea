"""The response rows are k-anonymous, k the threshold: within an area, every combination of
organisation type, role, time in the system, lateness and submitted week is held by at
least k rows, answers being left blank (with the reason) where needed; no row gives a day.
Checked over random programmes (hypothesis), on the anonymiser alone and through the
download, including the difference between a download before and after a late group."""

import re
from collections import Counter
from datetime import date, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from scoring.services import surveys_close_due, surveys_latest_recompute
from surveys.anonymity import k_anonymous_blanks
from surveys.models import Programme

from .row_data import add_response, area_with_survey, csv_rows, small_combinations

ORGS = [
    "health_provider",
    "social_care_provider",
    "voluntary_sector",
    "other",
    "",
    "health_provider,other",
    "health_provider,voluntary_sector",
]
ROLES = ["senior_executive", "direct_service_delivery", "administrative", "other", "",
         "administrative,other"]  # fmt: skip
TIMES = ["under_1_year", "1_to_3_years", "over_3_years", ""]
START = date(2027, 3, 1)

rows_strategy = st.lists(
    st.tuples(
        st.integers(0, 3),  # week
        st.sampled_from(ORGS),
        st.sampled_from(ROLES),
        st.sampled_from(TIMES),
    ),
    min_size=0,
    max_size=60,
)


@given(rows=rows_strategy, k=st.integers(2, 10))
@hypothesis_settings(max_examples=300, deadline=None)
def test_the_anonymiser_leaves_no_combination_below_k(rows, k):
    blanks = k_anonymous_blanks(rows, k, [0, 3, 1, 2], blank_first=[0])
    if len(rows) < k:
        assert blanks is None
        return
    visible = [
        tuple(None if i in blank else value for i, value in enumerate(row))
        for row, blank in zip(rows, blanks, strict=True)
    ]
    assert min(Counter(visible).values()) >= k
    # Nothing is blanked when every row already shares its values with k - 1 others.
    if min(Counter(rows).values()) >= k:
        assert all(not blank for blank in blanks)


area_strategy = st.tuples(
    st.lists(st.tuples(st.integers(0, 20), st.sampled_from(ORGS), st.sampled_from(ROLES),
                       st.sampled_from(TIMES)),
             min_size=0, max_size=40),
    st.integers(0, 14),  # late responses after the deadline
)  # fmt: skip
names = count()


@pytest.mark.django_db
@given(areas=st.lists(area_strategy, min_size=1, max_size=3))
@hypothesis_settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_no_combination_within_an_area_is_held_by_fewer_than_k_rows(
    client, instrument, lead, settings, areas
):
    settings.RELAUDIT_MIN_GROUP_SIZE = k = 10
    programme = Programme.objects.create(name=f"Random {next(names)}", slug=f"random-{next(names)}")
    programme.leads.add(lead)
    surveys = []
    for number, (responses, late) in enumerate(areas):
        survey = area_with_survey(programme, instrument, f"Area {number}")
        for day, org, role, time in responses:
            add_response(survey, org=org, role=role, time=time, day=START + timedelta(days=day))
        surveys.append((survey, late))
    surveys_close_due()
    client.force_login(lead)
    url = f"/results/{programme.slug}/responses.csv"
    before = csv_rows(client, url)
    for survey, late in surveys:
        for index in range(late):
            add_response(survey, late=True, org=ORGS[index % 3], day=START + timedelta(days=40))
    surveys_latest_recompute(surveys=[survey for survey, _late in surveys])
    after = csv_rows(client, url)

    for rows in (before, after):
        assert small_combinations(rows, k) == {}
        assert not any(
            re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell) for r in rows for cell in r.values()
        )
        for row in rows:
            blanked = {name for name in ("organisation_type", "primary_role", "time_in_system",
                                         "submitted_week") if row[name] == ""}  # fmt: skip
            assert blanked == set(filter(None, row["suppressed"].split(", ")))
            for question in blanked - {"submitted_week"}:  # its 0/1 columns are blank too
                ticks = [v for name, v in row.items() if name.startswith(question + "_")]
                assert ticks and set(ticks) == {""}, (question, row)
    # A download after a late group, minus one before: those rows are k-anonymous too.
    added = Counter(tuple(row.items()) for row in after) - Counter(tuple(r.items()) for r in before)
    assert small_combinations([dict(row) for row in added.elements()], k) == {}
    for survey, _late in surveys:
        by_deadline = survey.responses.filter(is_late=False).count()
        shown = [row for row in after if row["area"] == survey.area.slug]
        if by_deadline < k:
            assert shown == []  # an area under the threshold gives no rows
        else:
            assert len(shown) >= by_deadline


def test_the_options_ticked_do_not_single_out_one_of_a_multiple_group(
    client, programme, instrument, lead, settings
):
    """An attack on the 0/1 columns: eleven people ticked health provider and voluntary
    sector, one health provider and other. The group ("multiple") holds twelve, but the
    0/1 columns would tell the one apart: what they ticked is what is made k-anonymous."""
    settings.RELAUDIT_MIN_GROUP_SIZE = k = 10
    halton = area_with_survey(programme, instrument, "Halton")
    for _ in range(11):
        add_response(halton, org="health_provider,voluntary_sector", role="administrative")
    add_response(halton, org="health_provider,other", role="administrative")
    surveys_close_due()
    client.force_login(lead)
    rows = csv_rows(client, f"/results/{programme.slug}/responses.csv")
    assert len(rows) == 12 and small_combinations(rows, k) == {}
    assert all(row["organisation_type_other"] != "1" for row in rows)
    shown = [row for row in rows if row["organisation_type"]]
    assert {row["organisation_type_voluntary_sector"] for row in shown} <= {"1"}
    # Nothing a 0/1 column gives is held by fewer than k rows, column by column too.
    ticks = [name for name in rows[0] if name.startswith("organisation_type_")]
    for name in ticks:
        held = Counter(row[name] for row in rows)
        assert all(n >= k for value, n in held.items() if value != ""), (name, held)
