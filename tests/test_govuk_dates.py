"""Dates in GOV.UK style, in the UK's time zone across the clock change."""

from datetime import UTC, datetime

from surveys.templatetags.govuk_dates import govuk_datetime


def test_summer_time_is_an_hour_ahead_of_utc():
    assert govuk_datetime(datetime(2026, 7, 26, 17, 0, tzinfo=UTC)) == "6pm on Sunday 26 July 2026"


def test_winter_time_is_utc():
    assert (
        govuk_datetime(datetime(2026, 1, 5, 9, 30, tzinfo=UTC)) == "9:30am on Monday 5 January 2026"
    )


def test_the_clock_change_night():
    # Clocks go forward at 1am UTC on 29 March 2026, back at 1am UTC on 25 October 2026.
    assert (
        govuk_datetime(datetime(2026, 3, 29, 0, 30, tzinfo=UTC))
        == "12:30am on Sunday 29 March 2026"
    )
    assert (
        govuk_datetime(datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == "2:30am on Sunday 29 March 2026"
    )
    assert (
        govuk_datetime(datetime(2026, 10, 24, 23, 0, tzinfo=UTC))
        == "midnight on Sunday 25 October 2026"
    )
    assert (
        govuk_datetime(datetime(2026, 10, 25, 11, 0, tzinfo=UTC))
        == "11am on Sunday 25 October 2026"
    )


def test_midday_and_no_double_full_stop_on_the_closed_page(client, make_survey):
    survey = make_survey("Halton", opens_in=-20, closes_in=-10)
    html = client.get(f"/s/{survey.token}/").content.decode()
    assert "This survey has closed" in html and ".." not in html.split("<main")[1]
    assert " on " in html and "p.m." not in html
