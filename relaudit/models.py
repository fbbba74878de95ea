"""The infrastructure's own tables: an audit trail of exports, and throttle counters kept in
the database while the cache is down."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """Something a member of staff did with respondents' data that administrators must be
    able to account for: who downloaded which row-level file of which programme, and when.
    Staff identity only, never a respondent's."""

    EXPORT = "export"
    ACTIONS = [(EXPORT, "Export")]

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as it was when it happened, should the account be renamed or deleted.
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=40, choices=ACTIONS)
    subject = models.CharField(max_length=200, help_text="The programme")
    detail = models.CharField(max_length=200, help_text="The file")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor_name}: {self.action} {self.detail} of {self.subject}"


class ThrottleCount(models.Model):
    """A throttle counter while the cache is down (relaudit.throttle): the bucket is an HMAC
    with a daily secret and the window, never an address or a name."""

    bucket = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.bucket}: {self.count}"
