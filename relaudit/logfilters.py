"""Logging filters that keep respondents out of the logs.

A log line with the time and the path of a respondent's request would record when
someone in an area answered, against the "the day, not the time" promise; a client
address would identify them. Respondent requests are never logged (their errors are
answered with a page, and a 500 is logged without its request); client addresses are
cut out of gunicorn's error log.
"""

import logging
import re

from .middleware import is_respondent_path

ADDRESS = re.compile(
    r"\b(?:ip=)?(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\[?[0-9a-f]*:[0-9a-f:]+\]?(?::\d+)?", re.I
)
REQUEST_LINE = re.compile(r'"?[A-Z]+ (\S+) HTTP/')


class NoRespondentRequests(logging.Filter):
    """Drops django.request and django.server records about respondent URLs."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path is None:
            match = REQUEST_LINE.search(record.getMessage())
            path = match.group(1) if match else None
        return path is None or not is_respondent_path(path)


class NoClientAddresses(logging.Filter):
    """Cuts IP addresses out of a record's message (gunicorn's "Invalid request from ...")."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = ADDRESS.sub("[address]", record.getMessage())
        record.args = ()
        return True


class NoForbiddenTracebacks(logging.Filter):
    """A 403 (someone opening a page that is not theirs) is one line: "Forbidden
    (Permission denied): /results/...". Django logs it with the PermissionDenied traceback,
    which says nothing more and, at a few hundred a day, buries the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
