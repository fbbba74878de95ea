"""No request time, address or path with a token reaches a log for respondent URLs."""

import logging

from relaudit.logfilters import NoClientAddresses, NoRespondentRequests


def test_refused_and_failed_respondent_requests_leave_no_line_with_the_token(
    client, survey, caplog, capsys
):
    with caplog.at_level(logging.DEBUG):
        client.post(f"/s/{survey.token}/questions/", {"form_token": "forged"})  # a 400
        client.get(f"/s/{survey.token}/nothing-here/")  # a 404
        client.post("/", {"code": "WRONG123"})
    handler = logging.getLogger().handlers[0]
    shown = [r for r in caplog.records if all(f.filter(r) for f in handler.filters)]
    assert not any(survey.token in r.getMessage() for r in shown)
    assert survey.token not in capsys.readouterr().err


def test_runserver_request_lines_for_respondents_are_dropped():
    def line(path):
        args = (f"GET {path} HTTP/1.1", "200", "10")
        return logging.LogRecord("django.server", logging.INFO, "", 0, '"%s" %s %s', args, None)

    assert NoRespondentRequests().filter(line("/s/abcdefghijklmnopqrstuvwx/")) is False
    assert NoRespondentRequests().filter(line("/results/")) is True


def test_gunicorn_error_lines_lose_client_addresses():
    message, args = "Invalid request from ip=%s: %s", ("203.0.113.9", "bad")
    record = logging.LogRecord("gunicorn.error", logging.DEBUG, "", 0, message, args, None)
    NoClientAddresses().filter(record)
    assert "203.0.113.9" not in record.getMessage() and "[address]" in record.getMessage()
