from django.conf import settings


def thresholds(request) -> dict:
    """The suppression threshold, which pages quote ("fewer than 10 responses")."""
    return {"min_group_size": settings.RELAUDIT_MIN_GROUP_SIZE}
