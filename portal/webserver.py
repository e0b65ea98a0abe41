"""The portal's web server: uvicorn running `portal.asgi`, in one or several worker processes.

uvicorn has a keep-alive timeout but no header timeout: its keep-alive timer stops at a client's
first byte, so a client that trickles its headers one byte at a time holds a connection (and a
slot of the process) for as long as it likes. `HeaderDeadlineProtocol` gives every request a
deadline for its complete header block, counted from the connection or from the previous
response, and closes the connection when it passes.
"""

from __future__ import annotations

import asyncio
import logging

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from portal.supervisor import python

PROTOCOL = "portal.webserver:HeaderDeadlineProtocol"
logger = logging.getLogger(__name__)


def command(*, host: str, port: int, workers: int, keep_alive: int = 5) -> list[str]:
    """uvicorn's command line. With several workers uvicorn's own supervisor shares the socket
    between them and replaces one that dies.

    `--no-proxy-headers`: `portal.asgi` already believes X-Forwarded-For/-Proto from
    TRUSTED_PROXIES only, under any server; uvicorn's own option would also believe 127.0.0.1
    by default (FORWARDED_ALLOW_IPS), letting any local client choose its address.
    `keep_alive`: seconds an idle connection is kept between requests; behind a proxy that reuses
    connections it must outlast the proxy's own idle timeout, or a request sent on a connection
    the server is closing fails.
    `--ws-per-message-deflate False`: chat frames are a few hundred bytes; compressing each one
    cost a quarter of the event loop's time under load (and the client's), for little saving.
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
        str(keep_alive),
        "--timeout-graceful-shutdown",
        "20",
        "--ws-per-message-deflate",
        "False",
    )


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """HTTP/1.1 with a deadline for each request's headers (HTTP_HEADER_TIMEOUT_SECONDS), counted
    from the connection or from the request's first byte. An idle kept-alive connection between
    requests is uvicorn's keep-alive timeout's business (a proxy reuses such connections)."""

    header_timeout: float | None = None  # None: the setting

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._arm()  # a connection that never sends a byte has no keep-alive timer in uvicorn

    def data_received(self, data: bytes) -> None:
        if self._header_deadline is None and (self.cycle is None or self.cycle.response_complete):
            self._arm()  # the first bytes of the next request on this connection
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self._timeout(), self._expire)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _expire(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing():
            logger.info(
                "%s:%s sent no complete request headers in time; disconnected", *(self.client or ("?", "?"))
            )
            self.transport.close()

    def _timeout(self) -> float:
        if self.header_timeout is not None:
            return self.header_timeout
        from django.conf import settings

        return float(settings.HTTP_HEADER_TIMEOUT_SECONDS)
