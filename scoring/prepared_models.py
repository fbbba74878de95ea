"""Files built by a worker because they are too large to build while someone waits: the
programme's response rows at national scale now, a report's PDF later. Each is built for
the person who asked, within a scope (a programme, or one of its areas), and is read only
by them while they still have access to that scope (scoring.selectors)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from surveys.models import Area, Programme


def prepared_path(prepared: "PreparedFile", _filename: str) -> str:
    # A random name: nothing in the storage's paths says whose or what it is.
    return f"prepared/{uuid.uuid4().hex}.{prepared.kind.rsplit('.', 1)[-1]}"


class PreparedFile(models.Model):
    PENDING, READY, FAILED = "pending", "ready", "failed"
    STATUSES = [(PENDING, "Being prepared"), (READY, "Ready"), (FAILED, "Failed")]

    # What to build (scoring.prepared.BUILDERS): its download's file name, "responses.csv".
    kind = models.CharField(max_length=40)
    # Whatever else the builder needs (a snapshot, say); {} for the response rows.
    params = models.JSONField(default=dict, blank=True)
    # The scope whose access rules apply: the programme, and the area if it is an area's.
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    file = models.FileField(upload_to=prepared_path, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.programme} for {self.requested_by} ({self.status})"
