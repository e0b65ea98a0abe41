"""Forwarded headers are believed only from the proxy (issue 13, Medium 8: the per-IP chat budget)."""

from __future__ import annotations

import asyncio
from typing import Any

from portal.asgi import behind_proxies


def client_seen(trusted: list[str], peer: str, forwarded: str, kind: str = "http") -> tuple[str, str]:
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.update(scope)

    scope = {
        "type": kind,
        "scheme": "http" if kind == "http" else "ws",
        "client": (peer, 5555),
        "headers": [(b"x-forwarded-for", forwarded.encode()), (b"x-forwarded-proto", b"https")],
    }
    asyncio.run(behind_proxies(app, trusted)(scope, None, None))
    return seen["client"][0], seen["scheme"]


def test_a_client_cannot_pose_as_another_ip() -> None:
    assert client_seen([], "198.51.100.7", "203.0.113.1") == ("198.51.100.7", "http")
    assert client_seen(["10.0.0.2"], "198.51.100.7", "203.0.113.1") == ("198.51.100.7", "http")


def test_the_proxy_is_believed_for_http_and_websockets() -> None:
    assert client_seen(["10.0.0.2"], "10.0.0.2", "203.0.113.1") == ("203.0.113.1", "https")
    assert client_seen(["10.0.0.0/24"], "10.0.0.2", "203.0.113.1", "websocket") == ("203.0.113.1", "wss")
    # A client's own X-Forwarded-For entry in front of the proxy's is not believed: the nearest
    # address the proxy saw is.
    assert client_seen(["10.0.0.2"], "10.0.0.2", "1.2.3.4, 203.0.113.9")[0] == "203.0.113.9"
