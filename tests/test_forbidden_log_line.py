"""A staff member opening a page that is not theirs (403) is one log line, no traceback."""

import io
import logging

import pytest


@pytest.fixture
def django_log():
    """What the configured console handler of the "django" logger writes."""
    (handler,) = [h for h in logging.getLogger("django").handlers if h.get_name() == "console"]
    stream = io.StringIO()
    saved = handler.setStream(stream)
    yield stream
    handler.setStream(saved)


def test_a_403_logs_one_line_without_a_traceback(
    client, closed_area, django_user_model, django_log
):
    stranger = django_user_model.objects.create_user("stranger", password="pw")
    client.force_login(stranger)
    url = f"/results/{closed_area.area.programme.slug}/{closed_area.area.slug}/"
    assert client.get(url).status_code == 403
    lines = django_log.getvalue().splitlines()
    assert len(lines) == 1 and "Forbidden" in lines[0], lines
    assert "Traceback" not in django_log.getvalue()
