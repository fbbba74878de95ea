"""Helpers for the row-level export tests: a programme's areas with responses, the export
read back, and the k-anonymity check."""

import csv
import io
import uuid
from collections import Counter
from datetime import date, timedelta

from django.utils import timezone

from surveys.models import RATING_CODES, Area, Response, Survey, rating_field

QUASI_IDENTIFIERS = (
    "organisation_type",
    "primary_role",
    "time_in_system",
    "late",
    "submitted_week",
)


def area_with_survey(programme, instrument, name, *, closes_in=-1, late_days=5):
    now = timezone.now()
    area = Area.objects.create(
        programme=programme, name=name, slug=name.lower().replace(" ", "-"), sent_to=20
    )
    closes_at = now + timedelta(days=closes_in)
    return Survey.objects.create(
        area=area,
        instrument=instrument,
        opens_at=closes_at - timedelta(days=30),
        closes_at=closes_at,
        late_until=closes_at + timedelta(days=late_days),
    )


def add_response(survey, *, late=False, org="", role="", time="", day=None, rating=3, comment=""):
    return Response.objects.create(
        survey=survey,
        instrument=survey.instrument,
        submission_key=uuid.uuid4(),
        submitted_on=day or date(2027, 3, 1),
        is_late=late,
        statement_order=list(RATING_CODES),
        comment=comment,
        organisation_type=org,
        primary_role=role,
        time_in_system=time,
        **{rating_field(code): (rating + i) % 6 for i, code in enumerate(RATING_CODES)},
    )


def csv_rows(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


def small_combinations(rows: list[dict], k: int) -> dict:
    """Combinations of the quasi-identifiers, within an area, held by fewer than k rows."""
    counts = Counter((row["area"], *(row[name] for name in QUASI_IDENTIFIERS)) for row in rows)
    return {combination: n for combination, n in counts.items() if n < k}
