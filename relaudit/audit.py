"""The audit trail: one row per export of row-level data, for administrators to read."""

from .models import AuditEvent


def audit_record(*, user, action: str, subject: str, detail: str) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=user if user.is_authenticated else None,
        actor_name=user.get_username() if user.is_authenticated else "",
        action=action,
        subject=subject[:200],
        detail=detail[:200],
    )
