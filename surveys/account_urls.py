"""Staff password reset's first step (surveys.accounts); the rest is relaudit.urls'."""

from django.urls import path

from .accounts import PasswordResetView

urlpatterns = [
    path("accounts/password-reset/", PasswordResetView.as_view(), name="password_reset"),
]
