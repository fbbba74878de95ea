"""The programme report quotes comments from area after area, yet reads them together: the
number of queries of the report does not grow with the number of areas it quotes from, so a
national programme's page costs what a small one's does."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scoring.reader import summary_read
from scoring.selectors import programme_snapshot
from scoring.services import surveys_close_due
from surveys.models import Survey
from tests.coding_fixtures import (
    COMMENTS,
    HEALTH,
    SOCIAL,
    code_directly,
    comments_of,
    refresh,
    respond_many,
)

NAMES = ["Halton", "Wirral", "Sefton", "Knowsley", "St Helens", "Warrington"]


def areas_with_coded_comments(names, make_survey, respond, analyst, programme):
    """Closed areas whose comments (each naming its area) are coded as barriers to the
    programme's lowest scoring statement, the one its report quotes by default."""
    surveys = []
    for name in names:
        survey = make_survey(name, opens_in=-10, closes_in=5)
        respond_many(respond, survey, HEALTH, 12, [f"{name}: {text}" for text in COMMENTS])
        respond_many(respond, survey, SOCIAL, 12, COMMENTS)
        surveys.append(survey)
    Survey.objects.filter(pk__in=[s.pk for s in surveys]).update(
        closes_at=timezone.now() - timedelta(hours=1)
    )
    surveys_close_due()
    snapshot = programme_snapshot(programme=programme, kind="latest")
    worst = summary_read(snapshot.summary_json).worst["relational_value"][0].code
    for survey in surveys:
        for comment in comments_of(survey)[:12]:  # the health providers', naming the area
            code_directly(comment, [f"statement:{worst}", "barrier"], analyst)
    refresh(programme)


def report_read(client, programme) -> tuple[str, int]:
    url = reverse("programme_report", args=[programme.slug])
    client.get(url)  # what a first view reads once per process (the instrument's wording)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, len(queries.captured_queries)


def test_quoting_more_areas_costs_the_programme_report_no_more_queries(
    client, settings, make_survey, respond, analyst, lead, programme
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    client.force_login(lead)
    areas_with_coded_comments(NAMES[:2], make_survey, respond, analyst, programme)
    html, two_areas = report_read(client, programme)
    assert {name for name in NAMES if f"“{name}: " in html} == set(NAMES[:2])

    areas_with_coded_comments(NAMES[2:], make_survey, respond, analyst, programme)
    html, six_areas = report_read(client, programme)
    # Quotes are taken from each area in turn: three barriers, from three areas.
    quoted = {name for name in NAMES if f"“{name}: " in html}
    assert len(quoted) == 3
    assert six_areas == two_areas
