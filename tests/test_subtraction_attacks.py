"""The subtraction attacks of the anonymity promise, performed as an analyst would on the
JSON and CSV downloads: each difference describes 0 or at least the threshold."""

import csv
import io
import json

from scoring.services import programme_results_publish, survey_close, surveys_close_due
from surveys.models import RATING_CODES

from .subtraction import (
    across_areas_sizes,
    complement_distribution_sizes,
    complement_sizes,
    difference_sizes,
    safe,
)

T = 10


def ratings(i):
    return {code: (i + j) % 6 for j, code in enumerate(RATING_CODES)}


def download(client, survey, fmt="json", kind="latest"):
    url = f"/results/{survey.area.programme.slug}/{survey.area.slug}/summary.{fmt}?snapshot={kind}"
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content) if fmt == "json" else response.content.decode()


def csv_group_sizes(text: str) -> dict[tuple[str, str], str]:
    rows = csv.DictReader(io.StringIO(text))
    return {
        (r["question"], r["group"]): r["value"]
        for r in rows
        if r["question"] and r["measure"] == "n" and not r["item"]
    }


def test_the_complement_within_one_summary(client, due_survey, respond, reviewer):
    """20 health providers and a group of 4 voluntary sector staff: subtracting the shown
    groups from the area must not give the 4 back."""
    for i in range(20):
        respond(due_survey, ratings(i), org=("health_provider",), role=("senior_executive",))
    for i in range(4):
        respond(due_survey, ratings(i + 3), org=("voluntary_sector",), role=("senior_executive",))
    survey_close(survey=due_survey)
    due_survey.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    for kind in ("deadline", "latest"):
        summary = download(client, due_survey, kind=kind)
        assert safe(complement_sizes(summary), T)
        assert safe(complement_distribution_sizes(summary), T)
        groups = summary["breakdowns"]["organisation_type"]
        assert groups["health_provider"]["suppressed_reason"] == "complementary"
        assert groups["voluntary_sector"]["suppressed_reason"] == "below_threshold"
        # The role question has one group of 24: nothing hidden, so it is shown.
        assert summary["breakdowns"]["primary_role"]["senior_executive"]["n"] == 24
        sizes = csv_group_sizes(download(client, due_survey, "csv", kind))
        assert sizes[("organisation_type", "health_provider")] == ""
        assert sizes[("organisation_type", "voluntary_sector")] == ""


def test_latest_minus_deadline(client, make_survey, respond, reviewer, settings):
    """12 on time and one late: latest minus deadline must not give that one person back;
    the latest figures move once at least 10 late responses are waiting."""
    survey = make_survey("Bury", opens_in=-14, closes_in=-1, late_days=5)
    for i in range(12):
        respond(survey, ratings(i), org=("health_provider",), role=("administrative",))
    surveys_close_due()
    respond(survey, ratings(99), org=("voluntary_sector",), role=("other",), late=True)
    survey.refresh_from_db()
    from scoring.services import surveys_latest_recompute

    surveys_latest_recompute(surveys=[survey])
    survey.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    deadline, latest = download(client, survey, kind="deadline"), download(client, survey)
    # The late one is neither in the figures nor counted where a reviewer can watch it.
    assert latest["counts"]["late"] == 0 and latest["counts"]["responses"] == 12
    assert safe(difference_sizes(deadline, latest), T)
    assert latest["breakdowns"] == deadline["breakdowns"]
    assert latest["breakdowns_as_at"] == "deadline"
    assert csv_group_sizes(download(client, survey, "csv")) == csv_group_sizes(
        download(client, survey, "csv", "deadline")
    )
    for i in range(9):
        respond(survey, ratings(i), late=True)
    surveys_latest_recompute(surveys=[survey])
    stepped = download(client, survey)
    assert stepped["counts"] == {"responses": 22, "with_comment": 0, "late": 10}
    assert safe(difference_sizes(deadline, stepped), T)
    assert safe(difference_sizes(latest, stepped), T)


def test_the_programme_summary_over_time(client, make_survey, respond, reviewer, lead):
    """Area A (12) closes, then area B (3), then area C (12): neither a reviewer of A nor a
    lead can read B from the programme figures before and after B closes."""
    a = make_survey("Halton", opens_in=-14, closes_in=-3)
    b = make_survey("Bury", opens_in=-14, closes_in=5)
    c = make_survey("York", opens_in=-14, closes_in=6)
    for survey, count in ((a, 12), (b, 3), (c, 12)):
        for i in range(count):
            respond(survey, ratings(i), org=("health_provider",), time=("over_3_years",))
    surveys_close_due()
    programme_results_publish(programme=a.area.programme)
    a.area.reviewers.add(reviewer)
    url = f"/results/{a.area.programme.slug}/summary.json"
    report = f"/results/{a.area.programme.slug}/{a.area.slug}/"

    def seen():
        client.force_login(reviewer)
        assert client.get(url).status_code == 403  # the programme summary is for leads
        page = client.get(report).content.decode()
        client.force_login(lead)
        return page, json.loads(client.get(url).content)

    page_before, before = seen()
    survey_close(survey=b)
    page_after_b, after_b = seen()
    assert page_after_b.split("<main")[1] == page_before.split("<main")[1]
    assert safe(difference_sizes(before, after_b), T)
    assert after_b["areas"]["bury"]["means"] is None  # listed, counted, never summed
    assert after_b["breakdowns"] == before["breakdowns"]  # as published, not live
    survey_close(survey=c)
    _page, after_c = seen()
    assert safe(difference_sizes(after_b, after_c), T)
    assert after_c["breakdowns_as_at"] == "all_areas_closed"
    assert after_c["counts"]["responses"] == 24


def programme_download(client, programme, kind="latest"):
    response = client.get(f"/results/{programme.slug}/summary.json?snapshot={kind}")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_programme_group_minus_the_areas_shown_ones(client, make_survey, respond, lead):
    """Halton hides its 3 voluntary sector staff (and, so that they cannot be worked out, its
    12 in social care); York shows its 12 voluntary sector staff. A lead sees both areas and
    the programme: the programme's voluntary sector group minus York's must not give
    Halton's 3 back."""
    halton = make_survey("Halton", opens_in=-14, closes_in=-1)
    york = make_survey("York", opens_in=-14, closes_in=-1)
    groups = (
        (halton, 15, "health_provider"), (halton, 12, "social_care_provider"),
        (halton, 3, "voluntary_sector"), (york, 15, "health_provider"),
        (york, 12, "voluntary_sector"),
    )  # fmt: skip
    for survey, count, org in groups:
        for i in range(count):
            respond(survey, ratings(i + count), org=(org,), time=("over_3_years",))
    surveys_close_due()
    client.force_login(lead)
    areas = [download(client, survey, kind="deadline") for survey in (halton, york)]
    assert areas[0]["breakdowns"]["organisation_type"]["voluntary_sector"]["suppressed"]
    assert not areas[1]["breakdowns"]["organisation_type"]["voluntary_sector"]["suppressed"]
    for kind in ("deadline", "latest"):
        programme = programme_download(client, halton.area.programme, kind)
        assert programme["breakdowns_as_at"] == "all_areas_closed"
        assert programme["counts"]["responses"] == 57
        assert safe(across_areas_sizes(programme, areas), T)
        assert safe(complement_sizes(programme), T)
        organisations = programme["breakdowns"]["organisation_type"]
        assert organisations["voluntary_sector"]["suppressed_reason"] == "complementary"
        assert organisations["health_provider"]["n"] == 30  # hidden nowhere: shown


def test_programme_latest_minus_deadline(client, make_survey, respond, lead):
    """Ten late responses step Halton's latest figures; two of them are voluntary sector
    staff. The programme's latest breakdowns minus its deadline ones must not give the two
    back: like each area's, they stay as at the deadline."""
    halton = make_survey("Halton", opens_in=-14, closes_in=-1, late_days=5)
    york = make_survey("York", opens_in=-14, closes_in=-1)
    for survey in (halton, york):
        for i in range(12):
            respond(survey, ratings(i), org=("health_provider",), time=("over_3_years",))
    surveys_close_due()
    for i in range(10):
        org = ("voluntary_sector",) if i < 2 else ("health_provider",)
        respond(halton, ratings(i), org=org, time=("over_3_years",), late=True)
    from scoring.services import surveys_latest_recompute

    surveys_latest_recompute(surveys=[halton])
    client.force_login(lead)
    deadline = programme_download(client, halton.area.programme, "deadline")
    latest = programme_download(client, halton.area.programme, "latest")
    assert latest["counts"]["responses"] == 34 and deadline["counts"]["responses"] == 24
    assert safe(difference_sizes(deadline, latest), T)
    assert latest["breakdowns"] == deadline["breakdowns"]


def test_the_final_breakdowns_minus_a_publication(client, make_survey, respond, lead):
    """Halton and York each hide 5 voluntary sector staff (10 together: the programme shows
    them) when a lead publishes; Bury then closes, hiding 3 more. The breakdowns once every
    area has closed, minus the published ones, must not give Bury's 3 back."""
    halton = make_survey("Halton", opens_in=-14, closes_in=-2)
    york = make_survey("York", opens_in=-14, closes_in=-2)
    bury = make_survey("Bury", opens_in=-14, closes_in=5)
    for survey, voluntary in ((halton, 5), (york, 5), (bury, 3)):
        for org, count in (("health_provider", 20), ("social_care_provider", 12)):
            for i in range(count):
                respond(survey, ratings(i), org=(org,), time=("over_3_years",))
        for i in range(voluntary):
            respond(survey, ratings(i), org=("voluntary_sector",), time=("over_3_years",))
    surveys_close_due()
    programme = halton.area.programme
    programme_results_publish(programme=programme)
    client.force_login(lead)
    published = programme_download(client, programme)
    assert not published["breakdowns"]["organisation_type"]["voluntary_sector"]["suppressed"]
    survey_close(survey=bury)
    final = programme_download(client, programme)
    assert final["breakdowns_as_at"] == "all_areas_closed"
    assert safe(difference_sizes(published, final), T)
    areas = [download(client, survey, kind="deadline") for survey in (halton, york, bury)]
    assert safe(across_areas_sizes(final, areas), T)
