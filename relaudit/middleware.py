"""Request and response hardening that applies across the apps.

- Respondent pages accept only what their forms send: url-encoded UTF-8. A multipart body
  (a file upload) or another charset is refused with a 400 before the body is read, so
  nothing is parsed, spooled to disk or decoded twice.
- Survey pages send `Referrer-Policy: no-referrer`, so a link's token never leaves in a
  Referer. Under that policy a browser's form POST carries `Origin: null` and no Referer,
  which Django's CSRF check refuses as it stands; the browser's Fetch Metadata
  (`Sec-Fetch-Site`, which a page cannot forge) still says where the POST came from, and a
  same-origin one is given our own origin back before the CSRF check. The CSRF token check
  itself always runs.
- Security headers: a strict Content Security Policy (scripts and styles from this site
  only, no inline code) and a Permissions-Policy that turns off what the service never uses.
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
            _restore_origin_hidden_by_no_referrer(request)
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


def _restore_origin_hidden_by_no_referrer(request) -> None:
    """A form POST from our own survey page says `Origin: null` (or, in browsers that send
    no Origin on POSTs, nothing) and sends no Referer, because the page asked for none.
    When the browser's `Sec-Fetch-Site` says the POST came from this site, or the browser
    predates Fetch Metadata and said nothing, the request is given our own origin, as
    browsers without the policy would have sent. A POST that a browser marks as coming from
    another site keeps `null` and is refused by the CSRF check; every POST must still carry
    the CSRF token matching its cookie (which is SameSite=Lax, so it is not sent with a
    cross-site POST), and HSTS keeps the cookie from being planted over plain HTTP."""
    meta = request.META
    origin = meta.get("HTTP_ORIGIN")
    if origin not in (None, "null") or (origin is None and "HTTP_REFERER" in meta):
        return
    if meta.get("HTTP_SEC_FETCH_SITE", "same-origin") != "same-origin":
        return
    scheme = "https" if request.is_secure() else "http"
    meta["HTTP_ORIGIN"] = f"{scheme}://{request.get_host()}"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.setdefault("Content-Security-Policy", ADMIN_CSP if admin else CSP)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_respondent_path(request.path):
            # Nothing, not even our own origin, learns the page a link's token opened.
            response["Referrer-Policy"] = "no-referrer"
        return response
