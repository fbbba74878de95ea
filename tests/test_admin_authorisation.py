"""Every admin route, generated from the URL conf, for a staff account with no
permissions: it sees no survey link or access code anywhere, and "view on site" gives
nothing away."""

import re

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver

from surveys.models import Survey


def admin_routes():
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                routes.append(route)

    walk(admin.site.urls[0], "admin/")
    return routes


def concrete(route: str, ids: dict) -> str:
    """A route with real values: object ids of the model in its path, the survey's
    content type for "view on site"."""
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "surveys", path)
    path = path.replace("<path:object_id>", str(ids["object"]))
    path = path.replace("<int:pk>", str(ids["object"]))
    path = path.replace("<int:content_type_id>", str(ids["content_type"]))
    path = path.replace("<path:object_id>", str(ids["object"])).replace("<path:url>", "x")
    path = re.sub(r"<[^>]+>", str(ids["object"]), path)
    return "/" + path


@pytest.fixture
def staff_without_permissions(django_user_model):
    return django_user_model.objects.create_user("clerk", password="pw", is_staff=True)


def test_no_admin_route_shows_a_survey_link_to_staff_without_permissions(
    client, staff_without_permissions, survey, contacts
):
    client.force_login(staff_without_permissions)
    ids = {"object": survey.pk, "content_type": ContentType.objects.get_for_model(Survey).pk}
    secrets = [survey.token, survey.access_code, *(c.token for c in contacts)]
    checked = 0
    for route in admin_routes():
        url = concrete(route, ids)
        response = client.get(url)
        body = response.content.decode(errors="replace") + response.get("Location", "")
        assert response.status_code != 500, url
        assert not any(secret in body for secret in secrets), url
        checked += 1
    assert checked > 50


def test_view_on_site_for_a_survey_is_not_available(client, admin_user, survey):
    client.force_login(admin_user)
    content_type = ContentType.objects.get_for_model(Survey).pk
    response = client.get(f"/admin/r/{content_type}/{survey.pk}/")
    assert response.status_code == 404


def test_every_admin_route_works_for_an_administrator(client, admin_user, closed_area, contacts):
    from scoring.models import SurveySnapshot
    from surveys.invitations import invitations_send

    invitations_send(survey=closed_area)
    client.force_login(admin_user)
    ids = {"object": closed_area.pk, "content_type": ContentType.objects.get_for_model(Survey).pk}
    for route in admin_routes():
        url = concrete(route, ids)
        assert client.get(url).status_code < 500, url
    # Pages with their own views, with real objects.
    programme = closed_area.area.programme
    snapshot = SurveySnapshot.objects.filter(survey=closed_area).first()
    for url in (
        f"/admin/surveys/programme/{programme.pk}/areas/",
        f"/admin/surveys/programme/{programme.pk}/areas/?format=csv",
        f"/admin/surveys/programme/{programme.pk}/reviewers/",
        f"/admin/surveys/area/{closed_area.area.pk}/contacts/",
        f"/admin/surveys/area/{closed_area.area.pk}/change/",
        f"/admin/scoring/surveysnapshot/{snapshot.pk}/change/",
        "/admin/surveys/outboundemail/",
        "/admin/surveys/contact/",
    ):
        assert client.get(url).status_code in (200, 404), url
