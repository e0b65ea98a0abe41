"""An insurer's webhook endpoint on loopback, speaking the real protocol: verifies signatures,
records every request, and applies each delivery id once (the idempotency the spec asks of insurers)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from crossborder.webhooks import verify


class Receiver:
    def __init__(self, secret: str, port: int = 0) -> None:
        self.secret = secret
        self.requests: list[dict[str, Any]] = []
        self.applied: dict[str, dict[str, Any]] = {}
        self.received_at: dict[str, float] = {}
        self.respond: Callable[[int], int] = lambda n: 200  # request number → status code
        self.delay = 0.0
        self.reply_body = b"{}"
        self.got_request = threading.Event()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                delivery = self.headers.get("X-Portal-Delivery", "")
                ok = verify(
                    receiver.secret,
                    self.headers.get("X-Portal-Timestamp", ""),
                    body,
                    self.headers.get("X-Portal-Signature", ""),
                )
                with receiver.lock:
                    receiver.requests.append(
                        {
                            "delivery": delivery,
                            "verified": ok,
                            "path": self.path,
                            "host": self.headers.get("Host"),
                        }
                    )
                    number = len(receiver.requests)
                    if ok and delivery not in receiver.applied:
                        receiver.applied[delivery] = json.loads(body)
                        receiver.received_at[delivery] = time.monotonic()
                receiver.got_request.set()
                if receiver.delay:
                    time.sleep(receiver.delay)
                status = receiver.respond(number) if ok else 401
                self.send_response(status)
                self.end_headers()
                self.wfile.write(receiver.reply_body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
