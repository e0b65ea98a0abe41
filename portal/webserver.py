"""The portal's web server: uvicorn running `portal.asgi`, in one or several worker processes.

uvicorn has a keep-alive timeout but no header timeout: its keep-alive timer stops at a client's
first byte, so a client that trickles its headers one byte at a time holds a connection (and a
slot of the process) for as long as it likes. `HeaderDeadlineProtocol` gives every request a
deadline for its complete header block, counted from the connection or from the previous
response, and closes the connection when it passes.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from portal.supervisor import python

PROTOCOL = "portal.webserver:HeaderDeadlineProtocol"


def command(*, host: str, port: int, workers: int) -> list[str]:
    """uvicorn's command line. With several workers uvicorn's own supervisor shares the socket
    between them and replaces one that dies.

    `--no-proxy-headers`: `portal.asgi` already believes X-Forwarded-For/-Proto from
    TRUSTED_PROXIES only, under any server; uvicorn's own option would also believe 127.0.0.1
    by default (FORWARDED_ALLOW_IPS), letting any local client choose its address.
    """
    return python(
        "-m",
        "uvicorn",
        "portal.asgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--http",
        PROTOCOL,
        "--lifespan",
        "off",
        "--no-proxy-headers",
        "--no-server-header",
        "--timeout-keep-alive",
        "5",
        "--timeout-graceful-shutdown",
        "20",
    )


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """HTTP/1.1 with a deadline for each request's headers (HTTP_HEADER_TIMEOUT_SECONDS)."""

    header_timeout: float | None = None  # None: the setting

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        pipelined = bool(self.pipeline)  # its headers are in: it is answered next, no deadline
        super().on_response_complete()
        # The next request on this connection gets its own deadline.
        if not pipelined and not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self._timeout(), self._expire)

    def _disarm(self) -> None:
        if getattr(self, "_header_deadline", None) is not None:
            self._header_deadline.cancel()  # type: ignore[union-attr]
            self._header_deadline = None

    def _expire(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def _timeout(self) -> float:
        if self.header_timeout is not None:
            return self.header_timeout
        from django.conf import settings

        return float(settings.HTTP_HEADER_TIMEOUT_SECONDS)
