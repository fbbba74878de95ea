"""The deployment's nginx (relaudit/nginx.conf) in front of gunicorn: connections that send
nothing, as many as gunicorn has workers and more, do not stop respondents being served.
On its own, gunicorn's sync workers would each wait on one such connection."""

import http.client
import os
import shutil
import socket

import pytest

from tests.processes import (
    REQUIRED,
    ServiceProcesses,
    database_url,
    free_port,
    nginx_start,
    wait_for,
)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def proxied(tmp_path):
    from django.db import connection

    if connection.vendor != "postgresql" or shutil.which("nginx") is None:
        if REQUIRED:
            pytest.fail("CI runs this on PostgreSQL with Debian's nginx (.ci/system-packages)")
        pytest.skip("needs PostgreSQL (DATABASE_URL) and nginx")
    web_port, proxy_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relaudit.settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "true",  # pages without collected static files; nothing else depends on it
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "GUNICORN_WORKERS": "2",
    }
    processes = ServiceProcesses(tmp_path, env)
    processes.start_web()
    nginx = nginx_start(
        tmp_path, upstream_port=web_port, listen_port=proxy_port,
        stderr=open(tmp_path / "nginx.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    processes.processes.append(nginx)
    wait_for(lambda: home(proxy_port) == 200, seconds=30, what="nginx and gunicorn", logs=tmp_path)
    yield proxy_port
    processes.stop()


def home(port: int) -> int:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/")
        return conn.getresponse().status
    except OSError:
        return 0


def test_idle_connections_do_not_stop_respondents_being_served(proxied):
    idle = [socket.create_connection(("127.0.0.1", proxied)) for _ in range(20)]
    try:
        assert [home(proxied) for _ in range(5)] == [200] * 5
    finally:
        for connection in idle:
            connection.close()
