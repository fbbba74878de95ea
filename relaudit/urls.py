from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from scoring import views as scoring_views
from surveys import views as survey_views

urlpatterns = [
    path("", survey_views.home, name="home"),
    path("s/<str:token>/", survey_views.survey_start, name="survey_start"),
    path("s/<str:token>/questions/", survey_views.survey_questions, name="survey_questions"),
    path("s/<str:token>/thanks/", survey_views.survey_thanks, name="survey_thanks"),
    path("results/", scoring_views.results_index, name="results_index"),
    path(
        "results/<slug:programme>/summary.json",
        scoring_views.programme_summary_json,
        name="programme_summary_json",
    ),
    path(
        "results/<slug:programme>/<slug:area>/summary.json",
        scoring_views.area_summary_json,
        name="area_summary_json",
    ),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

handler404 = "surveys.views.page_not_found"
