"""Responses a lead or administrator excluded from results as ballot stuffing."""

from django.conf import settings
from django.db import models

from .survey import Survey


class ResponseExclusion(models.Model):
    """One decision to exclude responses flagged by surveys.stuffing, with its reason. The
    responses stay stored (Response.exclusion points here) and count nowhere."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exclusions")
    what = models.CharField(max_length=200, help_text="Which flagged responses")
    reason = models.TextField()
    responses_excluded = models.PositiveIntegerField()
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    excluded_at = models.DateTimeField()

    class Meta:
        ordering = ["-excluded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.survey}: {self.what} ({self.responses_excluded})"
