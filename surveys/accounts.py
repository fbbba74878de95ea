"""Staff password reset through the outbox: limited per client address (relaudit.throttle)
and to PASSWORD_RESETS_PER_HOUR emails per account, with links built from SITE_ROOT, never
from the request's Host header (which a client chooses). Here rather than in relaudit
because it needs the outbox, which is the survey side's."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from relaudit.throttle import PASSWORD_RESET, throttle_attempt
from relaudit.views import too_many_attempts

from .models import OutboundEmail
from .outbox import email_queue

PASSWORD_RESETS_PER_HOUR = 3


def password_reset_queue(*, user, now=None) -> bool:
    """Queue a password reset email to the user, unless PASSWORD_RESETS_PER_HOUR were
    queued in the last hour. The user's row is locked while counting, so parallel
    requests cannot pass the limit together."""
    now = now or timezone.now()
    prefix = f"password-reset:{user.pk}:"
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        recent = OutboundEmail.objects.filter(
            key__startswith=prefix, created_at__gte=now - timedelta(hours=1)
        ).count()
        if recent >= PASSWORD_RESETS_PER_HOUR:
            return False
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
        return email_queue(
            key=f"{prefix}{uuid.uuid4()}",
            to=user.email,
            template="email/password_reset",
            context={
                "user": user,
                "link": settings.SITE_ROOT + path,
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
            secret_body=True,
        )


class OutboxPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        """Active accounts with this address, including those without a password yet:
        a reviewer an administrator assigned by email sets their first password here
        (Django's form would skip them)."""
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())

    def save(self, *args, **kwargs):
        """Queue, never send in the request; the same answer whether or not the address
        has an account (PasswordResetView redirects to "sent" either way)."""
        for user in self.get_users(self.cleaned_data["email"]):
            password_reset_queue(user=user)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/reset_form.html"
    form_class = OutboxPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        attempt = throttle_attempt(request, PASSWORD_RESET)
        if attempt.refused:
            return too_many_attempts(request, "password resets", attempt.retry_after)
        return super().post(request, *args, **kwargs)
