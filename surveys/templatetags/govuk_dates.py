"""Dates and times in GOV.UK style: "6pm on Sunday 26 July 2026", in the UK's time zone
(the project's TIME_ZONE), so the clock change is handled by the time zone database."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


def govuk_time(moment: datetime) -> str:
    local = timezone.localtime(moment)
    if local.hour == 12 and local.minute == 0:
        return "midday"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def govuk_date(day: date | datetime) -> str:
    if isinstance(day, datetime):
        day = timezone.localtime(day).date()
    return f"{day:%A} {day.day} {day:%B %Y}"


@register.filter
def govuk_datetime(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f"{govuk_time(moment)} on {govuk_date(moment)}"


@register.filter(name="govuk_date")
def govuk_date_filter(day) -> str:
    return govuk_date(day) if day else ""
