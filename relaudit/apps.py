from django.apps import AppConfig


class RelauditConfig(AppConfig):
    """The project's infrastructure as an app, for its own two tables: the audit trail and
    the throttle's fallback counters. It imports no other app."""

    name = "relaudit"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"
