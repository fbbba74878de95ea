"""The respondent's pages and a system contact's page: no sign-in, a token in the path."""

from django.conf import settings
from django.urls import path, register_converter

from relaudit.converters import TokenConverter

from . import views

register_converter(TokenConverter, "token")

urlpatterns = [
    path("", views.home, name="home"),
    path("s/<token:token>/", views.survey_start, name="survey_start"),
    path("s/<token:token>/questions/", views.survey_questions, name="survey_questions"),
    path("s/<token:token>/thanks/", views.survey_thanks, name="survey_thanks"),
    path("s/<token:token>/privacy/", views.survey_privacy, name="survey_privacy"),
    path("contact/<token:manage_token>/", views.contact_page, name="contact_page"),
]

if settings.RELAUDIT_BENCH_FLOOR:  # bench/submit_load.py only, never in a deployment
    from .bench_floor import floor

    urlpatterns.append(path("bench/floor/", floor))
