"""Error pages for the whole site: never a stack trace, never the request echoed back."""

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
