"""The client's address, as far as it can be believed.

REMOTE_ADDR is the peer that opened the connection. Only when that peer is one of
settings.TRUSTED_PROXIES (the nginx in front of gunicorn, say) is X-Forwarded-For read:
from the right, skipping the hops that are trusted proxies too, the first hop that is not
is the client. Anything to its left was written by the client and could say anything.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str):
    """An IP address from a hop as proxies write it ("198.51.100.7", "[2001:db8::1]:443",
    "198.51.100.7:5000"), or None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted_proxy(text: str) -> bool:
    address = _address(text)
    return address is not None and any(
        address in network for network in _networks(tuple(settings.TRUSTED_PROXIES))
    )


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            return hop
    # Every hop is a trusted proxy: the leftmost is as near the client as can be known.
    return hops[0] if hops else peer
