"""Request and response hardening that applies across the apps.

- Respondent pages accept only what their forms send: url-encoded UTF-8. A multipart body
  (a file upload) or another charset is refused with a 400 before the body is read, so
  nothing is parsed, spooled to disk or decoded twice.
- Security headers: a strict Content Security Policy (scripts and styles from this site
  only, no inline code), a Permissions-Policy that turns off what the service never uses,
  and no Referer sent to another site, so a survey link's token never leaks there.
"""

from django.db import DatabaseError
from django.shortcuts import render

RESPONDENT_PREFIXES = ("/s/", "/contact/")
ACCEPTED_TYPES = ("application/x-www-form-urlencoded",)

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
# The admin's own pages carry inline scripts and styles (Django 5.2): everything but that.
ADMIN_CSP = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "interest-cohort", "browsing-topics",
    )
)  # fmt: skip


def is_respondent_path(path: str) -> bool:
    return path == "/" or path.startswith(RESPONDENT_PREFIXES)


class RespondentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and is_respondent_path(request.path):
            content_type = request.META.get("CONTENT_TYPE", "")
            media, _, params = content_type.partition(";")
            charset = params.strip().lower().removeprefix("charset=").strip('"') if params else ""
            if media.strip().lower() not in ACCEPTED_TYPES or charset not in ("", "utf-8"):
                return render(request, "400.html", status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        """The database is down: a respondent gets a "try again" page that carries their
        answers back (nothing was stored), never a stack trace."""
        if not isinstance(exception, DatabaseError) or not is_respondent_path(request.path):
            return None
        answers = [
            (name, value)
            for name in request.POST
            if name != "csrfmiddlewaretoken"
            for value in request.POST.getlist(name)
        ]
        return render(request, "503.html", {"answers": answers}, status=503)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.setdefault("Content-Security-Policy", ADMIN_CSP if admin else CSP)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
