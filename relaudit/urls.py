from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from relaudit.converters import TokenConverter
from relaudit.signin import ThrottledLoginView
from surveys import views as survey_views

register_converter(TokenConverter, "token")

urlpatterns = [
    path("", survey_views.home, name="home"),
    path("s/<token:token>/", survey_views.survey_start, name="survey_start"),
    path("s/<token:token>/questions/", survey_views.survey_questions, name="survey_questions"),
    path("s/<token:token>/thanks/", survey_views.survey_thanks, name="survey_thanks"),
    path("s/<token:token>/privacy/", survey_views.survey_privacy, name="survey_privacy"),
    path("contact/<token:manage_token>/", survey_views.contact_page, name="contact_page"),
    path("results/", include("scoring.urls")),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/reset_form.html",
            email_template_name="registration/reset_email.txt",
            subject_template_name="registration/reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
]

if settings.RELAUDIT_BENCH_FLOOR:  # bench/submit_load.py only
    from relaudit.bench_floor import floor

    urlpatterns.append(path("bench/floor/", floor))

handler404 = "surveys.views.page_not_found"
handler403 = "surveys.views.permission_denied"
handler400 = "surveys.views.bad_request"
