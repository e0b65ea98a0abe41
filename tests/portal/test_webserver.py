"""The web server's header deadline: a client that trickles its headers is dropped, not held.

A real uvicorn in a thread with the portal's protocol class and a tiny ASGI app (no Django):
what is pinned is the connection handling, not the portal's pages.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from portal import webserver
from tests.conftest import free_port, wait_for_port

DEADLINE = 0.5


class ShortDeadline(webserver.HeaderDeadlineProtocol):
    header_timeout = DEADLINE


async def hello(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def port() -> Iterator[int]:
    port = free_port()
    config = uvicorn.Config(
        hello, host="127.0.0.1", port=port, http=ShortDeadline, lifespan="off", log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port(port)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _closed_by_server(sock: socket.socket, trickle: bytes) -> bool:
    """Send `trickle` a byte at a time, a tenth of the deadline apart, up to 20 deadlines long;
    True when the server closes the connection before the headers are complete."""
    sock.settimeout(DEADLINE / 10)
    for byte in trickle:
        try:
            sock.sendall(bytes([byte]))
            if sock.recv(1024) == b"":
                return True
        except TimeoutError:
            continue
        except (BrokenPipeError, ConnectionResetError):
            return True
    return False


def test_a_client_sending_headers_slowly_is_disconnected(port: int) -> None:
    headers = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"a" * 400  # never finished
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        assert _closed_by_server(sock, headers)
    assert time.monotonic() - started < 20 * DEADLINE  # dropped at the deadline, not after 180 s


def test_a_kept_alive_connection_gets_a_deadline_for_each_request(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert sock.recv(1024).endswith(b"ok")
        time.sleep(DEADLINE * 2)
        assert _closed_by_server(sock, b"GET / HTTP/1.1\r\nX-Slow: " + b"a" * 400)


def test_an_idle_kept_alive_connection_is_left_to_the_keep_alive_timeout(port: int) -> None:
    # A proxy keeps idle connections to reuse: only a request begun and not finished is cut short.
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        for _ in range(2):
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert sock.recv(1024).endswith(b"ok")
            time.sleep(DEADLINE * 2)  # idle past the header deadline, within uvicorn's keep-alive


def test_a_prompt_request_is_answered(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert b"200 OK" in sock.recv(1024)


def test_the_command_line_trusts_no_forwarded_header_itself() -> None:
    argv = webserver.command(host="0.0.0.0", port=8000, workers=4)
    assert argv[argv.index("--workers") + 1] == "4"
    assert "--no-proxy-headers" in argv  # portal.asgi believes TRUSTED_PROXIES only
    assert argv[argv.index("--http") + 1] == webserver.PROTOCOL
    assert argv[argv.index("--ws-per-message-deflate") + 1] == "False"  # small frames, CPU-bound loop
