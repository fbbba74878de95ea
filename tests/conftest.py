"""Shared fixtures: the usual people (a reviewer, an admin), programmes and surveys."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django.utils import timezone

from surveys.models import Area, Instrument, Programme, Survey

# Coding comments' fixtures (an analyst, a coded area) live in their own module.
pytest_plugins = ["tests.coding_fixtures"]

STATEMENT_LABELS = [
    "Consistently not true",
    "Rarely true",
    "Sometimes true",
    "Often true",
    "Mostly true",
    "Consistently true",
]


@pytest.fixture
def instrument(db):
    return Instrument.objects.get(version="2017-09")


@pytest.fixture
def programme(db):
    return Programme.objects.create(name="Local system reviews test", slug="lsr-test")


@pytest.fixture
def make_survey(instrument, programme):
    """A survey for a new area; by default open since yesterday with a deadline in a week."""

    def make(name="Halton", *, opens_in=-1, closes_in=7, late_days=None, **fields):
        now = timezone.now()
        area = Area.objects.create(
            programme=programme, name=name, slug=name.lower().replace(" ", "-"), sent_to=25
        )
        closes_at = now + timedelta(days=closes_in)
        return Survey.objects.create(
            area=area,
            instrument=instrument,
            opens_at=now + timedelta(days=opens_in),
            closes_at=closes_at,
            late_until=closes_at + timedelta(days=late_days) if late_days else None,
            **fields,
        )

    return make


@pytest.fixture
def survey(make_survey):
    return make_survey()


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_user(
        "reviewer", email="reviewer@example.org", password="pw-reviewer"
    )


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(
        "boss", email="boss@example.org", password="pw-boss"
    )


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def shown_order(html: str) -> list[str]:
    """Statement codes in the order the questionnaire shows them."""
    codes = re.findall(r'type="radio"\s+name="([A-Z]{2}-[A-Z-]+)"', html)
    return list(dict.fromkeys(codes))


@pytest.fixture
def questionnaire(client):
    """GET the questionnaire page; returns (html, form_token)."""

    def get(survey):
        response = client.get(f"/s/{survey.token}/questions/")
        assert response.status_code == 200
        html = response.content.decode()
        return html, form_token(html)

    return get


@pytest.fixture
def submit(client, questionnaire):
    """Open the questionnaire and post answers to it; returns the response. Statements left
    unrated are submitted without them, as if the respondent confirmed it (pass
    confirm_unrated=False to get the "not rated" page instead)."""

    def post(survey, answers=None, token=None, confirm_unrated=True, **extra):
        if token is None:
            _html, token = questionnaire(survey)
        data = {"form_token": token, **(answers or {})}
        if confirm_unrated:
            data.setdefault("unrated", "submit")
        return client.post(f"/s/{survey.token}/questions/", data, **extra)

    return post


def is_checked(html: str, name: str, value: str) -> bool:
    """Whether the radio or checkbox `name`=`value` is rendered ticked."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="{value}"[^>]*>', html, re.S)
    return tag is not None and "checked" in tag.group(0)


@pytest.fixture
def respond(db):
    """Store a response directly: ratings by code, demographics as lists of option values."""
    import uuid

    from surveys.models import RATING_CODES, Response, rating_field

    def make(survey, ratings=None, *, late=False, comment="", org=(), role=(), time=()):
        return Response.objects.create(
            survey=survey,
            instrument=survey.instrument,
            submission_key=uuid.uuid4(),
            submitted_on=timezone.localdate(),
            is_late=late,
            statement_order=list(RATING_CODES),
            comment=comment,
            organisation_type=",".join(org),
            primary_role=",".join(role),
            time_in_system=",".join(time),
            **{rating_field(code): value for code, value in (ratings or {}).items()},
        )

    return make


@pytest.fixture
def due_survey(make_survey):
    """A survey whose deadline passed an hour ago and that has not been closed yet."""
    survey = make_survey("Stockport", opens_in=-14, closes_in=7)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    survey.refresh_from_db()
    return survey


@pytest.fixture
def lead(django_user_model, programme):
    """A programme lead of the test programme."""
    user = django_user_model.objects.create_user(
        "lead", email="lead@example.org", password="pw-lead"
    )
    programme.leads.add(user)
    return user


@pytest.fixture
def closed_area(settings, due_survey, respond):
    """A closed survey with results: 12 responses (health providers and direct service
    delivery, so those groups are shown), three of them with comments."""
    from scoring.services import surveys_close_due
    from surveys.models import RATING_CODES

    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    for i in range(12):
        respond(
            due_survey,
            {code: (i * (j + 1) + j) % 6 for j, code in enumerate(RATING_CODES)},
            org=("health_provider",),
            role=("direct_service_delivery",),
            comment=["Good joint working.", "Dr Who is unhelpful.", "Slow discharge."][i]
            if i < 3
            else "",
        )
    surveys_close_due()
    due_survey.refresh_from_db()
    return due_survey


CONTACTS_CSV = (
    "name,email,organisation,role\n"
    "Ann Smith,ann@example.org,County council,Director\n"
    "Bob Jones,bob@example.org,Acute trust,\n"
)


@pytest.fixture
def contacts(survey):
    """Two contacts of the open survey's area, imported as an administrator would."""
    from surveys.invitations import contacts_import

    contacts_import(area=survey.area, raw=CONTACTS_CSV.encode())
    return list(survey.area.contacts.order_by("name"))


@pytest.fixture
def broker_down():
    """The broker is unreachable for the test's duration (tasks are published, not run)."""
    from relaudit.celery import app as celery_app

    saved = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    forget_connections()
    yield
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved
    forget_connections()


def forget_connections():
    """Connections and producers are pooled per broker URL: start afresh after changing it."""
    from relaudit.celery import app as celery_app

    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class BrowserLikeClient(Client):
    """Posts forms as a browser does for the service's forms (url-encoded), unless a file is
    attached: respondent pages refuse multipart bodies outright."""

    def post(self, path, data=None, content_type=None, **extra):
        has_file = isinstance(data, dict) and any(hasattr(v, "read") for v in data.values())
        if content_type is None and isinstance(data, dict) and not has_file:
            return super().post(
                path, urlencode(data, doseq=True),
                content_type="application/x-www-form-urlencoded", **extra,
            )  # fmt: skip
        return super().post(path, data, content_type=content_type or MULTIPART_CONTENT, **extra)


@pytest.fixture
def client():
    return BrowserLikeClient()


@pytest.fixture(autouse=True)
def fresh_statement_lists():
    """Each process keeps instruments' statements, areas and programmes for a minute; tests
    that change wording or roll back changes must not see another test's."""
    from surveys.kept import kept_forget

    kept_forget()


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
