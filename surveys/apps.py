from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        # Registers the app's Celery tasks in every process, so that services can enqueue
        # them by name (relaudit.broker) without importing the module that imports them.
        from . import tasks  # noqa: F401
