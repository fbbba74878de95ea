"""The area report as a PDF: the same page, laid out by its print stylesheet (WeasyPrint).

Stylesheets are read from the static files on disk, never fetched over the network, so
rendering needs no server and cannot be pointed at another host.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders


def _static_path(name: str) -> str | None:
    # Collected (and, in production, hashed) files first, then the source directories.
    collected = Path(settings.STATIC_ROOT) / name
    return str(collected) if collected.is_file() else finders.find(name)


def _static_only(url: str):
    from weasyprint.urls import URLFetcherResponse

    prefix = "file://" + settings.STATIC_URL
    path = _static_path(url[len(prefix) :].split("?")[0]) if url.startswith(prefix) else None
    if path is None:
        raise ValueError(f"Not a static file of this site: {url}")
    mime = "text/css" if path.endswith(".css") else "application/octet-stream"
    return URLFetcherResponse(url, body=Path(path).read_bytes(), headers={"Content-Type": mime})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which pages do not need

    return HTML(string=html, base_url="file:///", url_fetcher=_static_only).write_pdf()
