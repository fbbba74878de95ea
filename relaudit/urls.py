"""The site's routes: each app's own, staff sign-in and password reset, the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .signin import ThrottledLoginView

urlpatterns = [
    path("", include("surveys.urls")),
    path("results/", include("scoring.urls")),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The reset email goes through the outbox, which is the survey side's.
    path("", include("surveys.account_urls")),
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

handler404 = "relaudit.views.page_not_found"
handler403 = "relaudit.views.permission_denied"
handler400 = "relaudit.views.bad_request"
handler500 = "relaudit.views.server_error"
