"""Respondents who share one internet address (a trust's staff, or everyone behind the
load balancer) are not held back by each other: all their answers are stored (there is no
cap on storing responses), and colleagues' typos do not lock the address out of codes."""

from surveys.models import Response


def test_twelve_respondents_behind_one_proxy_address_are_all_stored(settings, submit, survey):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    behind_one_address = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.50"}
    statuses = [
        submit(survey, {"RV-INT-CUL": str(i % 6)}, **behind_one_address).status_code
        for i in range(12)
    ]
    assert statuses == [302] * 12
    assert Response.objects.count() == 12


def test_colleagues_mistyping_codes_do_not_lock_a_shared_address_out(client, survey):
    for attempt in range(20):  # what locked the address for 15 minutes before
        assert client.post("/", {"code": f"TYPO{attempt:04d}"}).status_code == 400
    assert client.post("/", {"code": survey.formatted_access_code}).status_code == 302
