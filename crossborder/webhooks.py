"""Webhook delivery to insurers: the signed payload, URL checks, one attempt and its outcome.

Signature (version v1): HMAC-SHA256 with the insurer's secret over `f"{timestamp}.{body}"`,
sent as `X-Portal-Signature: v1=<hex>` with `X-Portal-Timestamp` (Unix seconds) and
`X-Portal-Delivery` (the idempotency key, stable across retries of one lead).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError

PAYLOAD_VERSION = "2026-11-01"
REPLAY_WINDOW_SECONDS = 300
RETRYABLE_4XX = frozenset({408, 429})


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, now: float | None = None) -> bool:
    """What an insurer's receiver does: a valid signature inside the replay window."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - ts) > REPLAY_WINDOW_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature)


# IPv6 prefixes that carry an IPv4 address in their last 32 bits: IPv4-compatible (::a.b.c.d) and
# NAT64 (RFC 6052 well-known and local-use prefixes). 6to4 and Teredo are read by `ipaddress`.
_EMBEDS_IPV4_LOW32 = (
    ipaddress.ip_network("::/96"),
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
)


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable, and so is every IPv4 address an IPv6 form embeds (::127.0.0.1,
    64:ff9b::7f00:1, 2002:7f00:1::, ::ffff:127.0.0.1, Teredo)."""
    if not address.is_global:
        return False
    if isinstance(address, ipaddress.IPv4Address):
        return True
    embedded: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped:
        embedded.append(address.ipv4_mapped)
    if address.sixtofour:
        embedded.append(address.sixtofour)
    if address.teredo:
        embedded.extend(address.teredo)
    if any(address in net for net in _EMBEDS_IPV4_LOW32):
        embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return all(v4.is_global for v4 in embedded)


def checked_address(url: str) -> str:
    """The address to connect to: the host resolved once and checked (HTTPS in production;
    private, loopback and link-local addresses refused unless WEBHOOK_ALLOW_PRIVATE). The caller
    connects to exactly this address, so a DNS answer that changes between the check and the
    connection (rebinding) cannot redirect a signed lead. Raises ValidationError."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError("the webhook URL must be an absolute http(s) URL")
    if settings.PRODUCTION and parts.scheme != "https":
        raise ValidationError("the webhook URL must use HTTPS")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise ValidationError(f"the webhook host does not resolve: {exc}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not settings.WEBHOOK_ALLOW_PRIVATE:
        for address in addresses:
            if not is_public(address):
                raise ValidationError(f"the webhook host resolves to a non-public address ({address})")
    return str(addresses[0])


def validate_url(url: str) -> None:
    """The checks of `checked_address`, for forms and admin."""
    checked_address(url)


def body_for(event: str, delivery_id: str, lead: dict[str, Any]) -> bytes:
    payload = {"version": PAYLOAD_VERSION, "event": event, "delivery_id": delivery_id, "lead": lead}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def retryable(self) -> bool:
        # Timeouts, connection failures, 5xx, 408 and 429 may succeed later; other 4xx will not.
        code = self.status_code
        return code is None or code >= 500 or code in RETRYABLE_4XX


_client: httpx.Client | None = None


def _http() -> httpx.Client:
    """One client per process: building one (its TLS context) costs ~25 ms of CPU per attempt,
    more than the rest of a delivery, and a shared one keeps connections to insurers alive."""
    global _client
    if _client is None:
        _client = httpx.Client(follow_redirects=False)
    return _client


def post(url: str, secret: str, delivery_id: str, event: str, body: bytes) -> AttemptResult:
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "gba-cover-portal-webhooks/1",
        "X-Portal-Event": event,
        "X-Portal-Delivery": delivery_id,
        "X-Portal-Timestamp": str(timestamp),
        "X-Portal-Signature": sign(secret, timestamp, body),
    }
    started = time.monotonic()
    try:
        address = checked_address(url)  # at send time too: DNS may have changed since the URL was saved
        pinned = httpx.URL(url).copy_with(host=address)
        host = urlsplit(url).hostname or ""
        # Connect to the checked address; the Host header and TLS (SNI, certificate) keep the name.
        response = _http().post(
            pinned,
            content=body,
            headers={**headers, "Host": httpx.URL(url).netloc.decode("ascii")},
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            extensions={"sni_hostname": host},
        )
        code: int | None = response.status_code
        # Never the reply's body: it is the insurer's (or an attacker's) text, stored and shown in admin.
        error = "" if 200 <= response.status_code < 300 else f"HTTP {code} {response.reason_phrase}"[:200]
    except ValidationError as exc:
        code, error = 400, f"refused URL: {exc.messages[0]}"  # permanent: treated like a 4xx
    except httpx.HTTPError as exc:
        code, error = None, f"{type(exc).__name__}: {exc}"[:300]
    return AttemptResult(code, error, int((time.monotonic() - started) * 1000))


def backoff_seconds(attempt: int) -> float:
    """Exponential: base, 2×base, 4×base … capped."""
    return float(
        min(settings.WEBHOOK_BACKOFF_SECONDS * 2 ** (attempt - 1), settings.WEBHOOK_BACKOFF_MAX_SECONDS)
    )
