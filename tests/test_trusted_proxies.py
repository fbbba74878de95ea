"""The client's address is believed from X-Forwarded-For only when the request comes from
a configured proxy (TRUSTED_PROXIES), read from the right past the trusted hops; anyone
else's header is ignored, so a client cannot choose its own throttle bucket."""

import pytest
from django.test import RequestFactory

from relaudit import throttle
from relaudit.clientaddress import client_address


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("198.51.100.7", "", "198.51.100.7"),
        ("198.51.100.7", "203.0.113.1", "198.51.100.7"),  # not a proxy: its header is ignored
        ("10.0.0.2", "203.0.113.1", "203.0.113.1"),  # nginx says who the client is
        ("10.0.0.2", "6.6.6.6, 203.0.113.1, 10.0.0.9", "203.0.113.1"),  # past trusted hops
        ("10.0.0.2", "garbage, 203.0.113.1", "203.0.113.1"),  # the client's own words: left
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "[2001:db8::5]:443", "[2001:db8::5]:443"),
    ],
)
def test_the_client_address_is_believed_from_trusted_proxies_only(
    settings, peer, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_client_cannot_escape_its_limit_by_forging_the_header(client, survey, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for attempt in range(throttle.ACCESS_CODES.per_address):
        forged = f"192.0.2.{attempt}"  # a new "address" each time, written by the client
        client.post("/", {"code": "WRONG"}, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=forged)
    refused = client.post(
        "/", {"code": "WRONG"}, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.250"
    )
    assert refused.status_code == 429
    # Behind the trusted proxy, a different client is a different bucket.
    other = client.post(
        "/",
        {"code": survey.access_code},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.1",
    )
    assert other.status_code == 302
