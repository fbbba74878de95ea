"""Property-based attack (hypothesis): arbitrary form data, tokens, charsets and multipart
bodies to every respondent URL. Never a 500; never a stored response that breaks the
rules."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.models import MAX_POSITION, RATING_CODES, Response

from .conftest import BrowserLikeClient, form_token

FIELDS = [*RATING_CODES, "comment", "organisation_type", "primary_role", "primary_role_other",
          "time_in_system", "unrated", "form_token", "code", "reach", "junk"]  # fmt: skip
text = st.text(max_size=40)
values = st.one_of(
    text, st.sampled_from(["0", "5", "6", "-1", "3.0", "", "\x00", "submit", "back"])
)
form = st.dictionaries(
    st.sampled_from(FIELDS), st.lists(values, min_size=1, max_size=3), max_size=12
)
CONTENT_TYPES = [
    "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
    "multipart/form-data; boundary=xyz", "text/plain", "application/json", "",
]  # fmt: skip

pytestmark = pytest.mark.django_db


def rules_hold():
    for response in Response.objects.all():
        for code, rating in response.ratings.items():
            assert 0 <= rating <= MAX_POSITION, code
        assert len(response.comment) <= 2000


@pytest.fixture
def page(survey, contacts):
    client = BrowserLikeClient()
    html = client.get(f"/s/{survey.token}/questions/").content.decode()
    return {"survey": survey, "contact": contacts[0], "token": form_token(html)}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=form, keep_token=st.booleans(), target=st.sampled_from(["questions", "home", "contact"])
)
def test_arbitrary_forms_never_break_anything(page, data, keep_token, target):
    if keep_token:
        data = {**data, "form_token": [page["token"]]}
    url = {
        "questions": f"/s/{page['survey'].token}/questions/",
        "home": "/",
        "contact": f"/contact/{page['contact'].manage_token}/",
    }[target]
    response = BrowserLikeClient().post(url, data)
    assert response.status_code < 500
    rules_hold()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=300), content_type=st.sampled_from(CONTENT_TYPES),
       path_token=st.text(max_size=70))  # fmt: skip
def test_arbitrary_bodies_and_tokens_never_break_anything(page, body, content_type, path_token):
    client = Client()
    for url in (f"/s/{page['survey'].token}/questions/", "/"):
        response = client.generic("POST", url, body, content_type=content_type)
        assert response.status_code < 500
    from urllib.parse import quote

    for suffix in ("", "questions/", "thanks/", "privacy/"):
        assert client.get(f"/s/{quote(path_token, safe='')}/{suffix}").status_code < 500
    rules_hold()
