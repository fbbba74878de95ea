"""Shared by the coding tests: an analyst, an area closed with enough respondents that its
groups are shown, and helpers to code comments as a person would (through the pages)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring.coding_frame import frame_build
from scoring.coding_models import ProgrammeAnalyst
from scoring.coding_refresh import coding_refresh
from scoring.coding_services import passage_code
from scoring.services import surveys_close_due
from surveys.models import RATING_CODES, Response

HEALTH = {"org": ("health_provider",), "role": ("direct_service_delivery",)}
SOCIAL = {"org": ("social_care_provider",), "role": ("operational_management",)}
VCSE = {"org": ("voluntary_sector",), "role": ("operational_management",)}

COMMENTS = [
    "Discharge from hospital is slow because social care has no capacity. Trust is low.",
    "We share a vision for the people we serve and meet every month.",
    "IT systems do not talk to each other, so information is lost between teams.",
    "Funding cuts make joint working difficult and leaders keep changing.",
    "Frontline staff work well together across organisations.",
    "The voluntary sector is not consulted and its contribution is not recognised.",
]


@pytest.fixture
def analyst(django_user_model, programme):
    user = django_user_model.objects.create_user(
        "analyst", email="analyst@example.org", password="pw-analyst"
    )
    ProgrammeAnalyst.objects.create(programme=programme, user=user, named_at=timezone.now())
    return user


def respond_many(respond, survey, groups, count, comments, tenure=("over_3_years",)):
    for i in range(count):
        respond(
            survey,
            {code: (i + j) % 6 for j, code in enumerate(RATING_CODES)},
            org=groups["org"],
            role=groups["role"],
            time=tenure,
            comment=comments[i % len(comments)] if comments else "",
        )


@pytest.fixture
def coding_area(settings, due_survey, respond):
    """A closed area of 24 respondents, all with comments: 12 health providers in direct
    service delivery and 12 social care providers in operational management, so both
    groups of each question are shown."""
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_many(respond, due_survey, HEALTH, 12, COMMENTS)
    respond_many(respond, due_survey, SOCIAL, 12, list(reversed(COMMENTS)))
    surveys_close_due()
    due_survey.refresh_from_db()
    return due_survey


def comment_url(survey, pk, **query) -> str:
    url = reverse("coding_comment", args=[survey.area.programme.slug, pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def code_through_page(client, survey, response, codes, quote="", **more):
    """Post the coding form as a person would; returns the response."""
    data = {"action": "save", "codes": list(codes), "quote": quote, "q": "", **more}
    polarity = [c for c in codes if c in ("enabler", "barrier")]
    data["codes"] = [c for c in codes if c not in ("enabler", "barrier")]
    if polarity:
        data["polarity"] = polarity[0]
    return client.post(comment_url(survey, response.pk), data)


def comments_of(survey):
    return list(Response.objects.filter(survey=survey).exclude(comment="").order_by("pk"))


def code_directly(response, codes, user, start=None, end=None):
    """Code a comment through the service (for tests about what coding leads to)."""
    programme = response.survey.area.programme
    return passage_code(
        programme=programme,
        response=response,
        start=0 if start is None else start,
        end=len(response.comment) if end is None else end,
        codes=codes,
        frame=frame_build(programme=programme),
        user=user,
    )


def refresh(programme):
    """What the worker does once coding has been quiet: suggestions and released counts."""
    assert coding_refresh(programme=programme)
