"""gunicorn settings: `gunicorn -c python:relaudit.gunicorn relaudit.wsgi`.

No access log (request lines carry respondents' addresses and times), and the error log
with client addresses cut out (gunicorn names the client of a malformed request)."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# More than one thread makes gunicorn use gthread workers; on 2 cores they were no faster
# than sync ones (bench/submit_load.py), and idle clients still hold threads: nginx in
# front (relaudit/nginx.conf) is what keeps idle or slow clients off the workers. It also
# closes its side at once: gunicorn 27's sync worker, after each response, waits up to 2 s
# for the client to close before it takes the next connection (util.close_graceful).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_addresses": {"()": "relaudit.logfilters.NoClientAddresses"}},
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "filters": ["no_addresses"],
            "formatter": "plain",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "WARNING", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}


def post_worker_init(worker):
    """What the worker loaded to start (Django, the apps, some 150,000 objects) lives as long
    as it does: frozen, the collector's full passes skip it. Measured in-process, a full
    pass over it paused a request for about 85 ms, about once per 300 journeys."""
    gc.freeze()
