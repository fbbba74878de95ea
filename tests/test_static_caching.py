"""Static files as deployed (collected with hashed names, served by WhiteNoise): a hashed
file is cached for a year and marked immutable, and goes out compressed."""

import re

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.DEBUG = False
    call_command("collectstatic", "--noinput", verbosity=0)
    return WhiteNoiseMiddleware(lambda request: None)


@pytest.mark.django_db  # closing a response signals request_finished, which tidies connections
def test_hashed_css_is_cached_for_a_year_and_sent_compressed(collected):
    url = Template("{% load static %}{% static 'build/relaudit.css' %}").render(Context())
    assert re.fullmatch(r"/static/build/relaudit\.[0-9a-f]{12}\.css", url)
    response = collected(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] in ("gzip", "br")
    response.close()
