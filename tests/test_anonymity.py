"""No IP address, user agent, cookie or session identifier is stored or logged."""

import json
import logging

from django.core import serializers
from django.db import connection

from surveys.models import Response

SECRET_IP = "203.0.113.77"
SECRET_AGENT = "Mozilla/5.0 (IdentifyingBrowser 42.4242)"


def test_nothing_identifying_is_stored_with_a_response(client, submit, survey, caplog):
    client.cookies["sessionid"] = "respondent-session-cookie-value"
    with caplog.at_level(logging.DEBUG):
        submit(
            survey,
            {"RV-INT-CUL": "3", "comment": "fine"},
            REMOTE_ADDR=SECRET_IP,
            HTTP_USER_AGENT=SECRET_AGENT,
            HTTP_X_FORWARDED_FOR=SECRET_IP,
        )
    stored = Response.objects.get()
    row = serializers.serialize("json", [stored])
    for secret in (
        SECRET_IP,
        SECRET_AGENT,
        "IdentifyingBrowser",
        "respondent-session-cookie-value",
    ):
        assert secret not in row
        assert secret not in caplog.text
    columns = {column.name for column in connection.introspection.get_table_description(
        connection.cursor(), Response._meta.db_table)}  # fmt: skip
    assert not {
        c for c in columns if any(w in c for w in ("ip", "agent", "session", "cookie", "user"))
    }
    assert "submitted_at" not in json.loads(row)[0]["fields"]  # the day only, not the time


def test_respondent_pages_set_no_session_cookie(client, submit, survey):
    pages = [client.get(f"/s/{survey.token}/"), client.get(f"/s/{survey.token}/questions/")]
    pages.append(submit(survey, {"RV-INT-CUL": "3"}))
    for page in pages:
        assert "sessionid" not in page.cookies
    assert set(client.cookies) <= {"csrftoken"}
