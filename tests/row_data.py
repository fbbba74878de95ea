"""Helpers for the row-level export tests: a programme's areas with responses, the export
read back, and the k-anonymity check."""

import csv
import io
import uuid
from collections import Counter
from datetime import date, timedelta

from django.utils import timezone

from surveys.models import RATING_CODES, Area, Response, Survey, rating_field


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
    """Combinations of what someone may know of a respondent, within an area, held by fewer
    than k rows: every column but the ratings and the `suppressed` note, so each question's
    group and its 0/1 columns (organisation_type_health_provider, ...) count."""

    def known(row):
        return tuple(
            (name, value) for name, value in row.items()
            if name != "suppressed" and not name.endswith(("_position", "_score"))
        )  # fmt: skip

    counts = Counter(known(row) for row in rows)
    return {combination: n for combination, n in counts.items() if n < k}
