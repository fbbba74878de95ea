"""Error pages for the whole site: never a stack trace, never the request echoed back."""

import sys

from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A missing or stale CSRF token: explain, store nothing."""
    return render(request, "csrf_failure.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    """Never reads the body again (Django's default does, and fails again on a bad one)."""
    return render(request, "400.html", status=400)


def server_error(request):
    """An unexpected error. With the database down (any page: staff sign-in, results, the
    admin) it is the "try again" page respondents get, 503; rendered without reading the
    session or the user, which would need the database again."""
    if isinstance(sys.exc_info()[1], DatabaseError):
        response = render(
            request, "503.html", {"user": AnonymousUser(), "messages": []}, status=503
        )
        response["Retry-After"] = "60"
        return response
    return render(request, "500.html", status=500)


def too_many_attempts(request, what: str, retry_after: int):
    """429 at once, saying when to try again (and Retry-After): nothing waits."""
    response = render(
        request,
        "429.html",
        {"what": what, "minutes": max(1, -(-retry_after // 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
