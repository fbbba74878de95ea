"""System contacts (the cascade) and the email outbox."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from ..validators import validate_no_control_characters
from .programme import Area
from .survey import ACCESS_CODE_LENGTH, new_access_code, new_link_token


def new_manage_token() -> str:
    return secrets.token_urlsafe(24)


class Contact(models.Model):
    """A system contact of an area: invited by email, asked to cascade the survey. Their
    own link and code are a branch of the area's survey, so the responses that came through
    them can be counted (never anything else about those responses)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, validators=[validate_no_control_characters])
    email = models.EmailField()
    organisation = models.CharField(max_length=200, validators=[validate_no_control_characters])
    role = models.CharField(max_length=200, blank=True, validators=[validate_no_control_characters])
    # The branch link and code they share; the manage token opens their own page.
    token = models.CharField(max_length=64, unique=True, default=new_link_token, editable=False)
    access_code = models.CharField(
        max_length=ACCESS_CODE_LENGTH, unique=True, default=new_access_code, editable=False
    )
    manage_token = models.CharField(
        max_length=64, unique=True, default=new_manage_token, editable=False
    )
    declared_reach = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many colleagues they say they forwarded it to"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "email"], name="contact_email_once_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.area})"

    @property
    def formatted_access_code(self) -> str:
        half = ACCESS_CODE_LENGTH // 2
        return f"{self.access_code[:half]}-{self.access_code[half:]}"

    @property
    def link(self) -> str:
        return settings.SITE_ROOT + reverse("survey_start", args=[self.token])

    @property
    def page_link(self) -> str:
        return settings.SITE_ROOT + reverse("contact_page", args=[self.manage_token])


class OutboundEmail(models.Model):
    """The outbox: every email is written here first, in the same transaction as what
    caused it, then sent by a task (or, if the broker was down, by the next beat run). The
    key makes queueing idempotent: a second click or a retry queues nothing new."""

    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    STATUSES = [(QUEUED, "Queued"), (SENT, "Sent"), (FAILED, "Failed")]

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField(blank=True, help_text="Why the last attempt failed")
    # The body holds a secret (a password reset link): hidden in the admin, and blanked
    # once the email is sent.
    secret_body = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to} ({self.status})"
