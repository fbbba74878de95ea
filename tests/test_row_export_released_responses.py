"""The programme's response rows hold only what the results have released: areas past
their deadline with results, of at least the threshold, and late responses only once a
group of at least the threshold of them is in the latest results."""

from scoring.services import surveys_close_due, surveys_latest_recompute

from .row_data import add_response, area_with_survey, csv_rows


def test_only_released_responses_are_rows(client, programme, instrument, lead, settings):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    closed = area_with_survey(programme, instrument, "Halton")
    still_open = area_with_survey(programme, instrument, "York", closes_in=7)
    small = area_with_survey(programme, instrument, "Bury")
    for _ in range(12):
        add_response(closed, org="health_provider")
    for _ in range(15):
        add_response(still_open, org="health_provider")
    for _ in range(5):
        add_response(small, org="health_provider")
    surveys_close_due()
    for _ in range(3):  # late, fewer than the threshold: waiting, in no result
        add_response(closed, late=True, org="health_provider")
    surveys_latest_recompute(surveys=[closed])
    client.force_login(lead)
    url = f"/results/{programme.slug}/responses.csv"

    rows = csv_rows(client, url)
    assert {row["area"] for row in rows} == {"halton"}
    assert len(rows) == 12 and {row["late"] for row in rows} == {"False"}

    for _ in range(7):  # ten late now: one group, taken into the latest results at once
        add_response(closed, late=True, org="health_provider")
    surveys_latest_recompute(surveys=[closed])
    rows = csv_rows(client, url)
    assert len(rows) == 22
    assert sum(row["late"] == "True" for row in rows) == 10
