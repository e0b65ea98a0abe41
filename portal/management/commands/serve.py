from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CHROMA_START_SECONDS = 60
# What `serve` writes in the folder's lock, and how another `serve` on the folder finds its server.
SERVE_HOLDER = "`manage.py serve` (process {pid}), which serves it as a Chroma server at {url}"
_SERVE_HOLDER = re.compile(
    r"^`manage\.py serve` \(process \d+\), which serves it as a Chroma server at (\S+)$"
)
POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = (
        "Serve the portal (HTTP and WebSocket, via Daphne) with a background task worker. Without "
        "CHROMA_URL, a Chroma server on the data folder's index serves both: embedded Chroma is not "
        "safe for two processes."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=settings.HOST)
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--no-worker", action="store_true", help="run the web server only")
        parser.add_argument(
            "--chroma-port", type=int, default=0, help="port of the local Chroma server (default: a free one)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        env = dict(os.environ)
        processes: list[subprocess.Popen[bytes]] = []
        essential: list[subprocess.Popen[bytes]] = []
        if not settings.CHROMA_URL:
            chroma, url = self._start_chroma(options["chroma_port"])
            if chroma is not None:
                processes.append(chroma)
                essential.append(chroma)
            env["CHROMA_URL"] = url
        if not options["no_worker"]:
            # Lead delivery and indexing in separate workers: a slow document never delays a lead.
            for queue in ("default", settings.INDEXING_QUEUE):
                worker = [sys.executable, "manage.py", "db_worker", "--queue-name", queue]
                processes.append(subprocess.Popen(worker, env=env))  # noqa: S603 (our own command line)
            processes.append(subprocess.Popen([sys.executable, "manage.py", "run_scheduler"], env=env))
        web = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                options["host"],
                "-p",
                str(options["port"]),
                "portal.asgi:application",
            ],
            env=env,
        )
        processes.append(web)
        essential.append(web)
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ (Ctrl-C stops)")

        def stop(*_: Any) -> None:
            for process in reversed(processes):  # the store last: the others may be writing to it
                if process.poll() is None:
                    process.terminate()
                    process.wait(timeout=30)

        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            # Without its web server or its store the portal cannot answer: stop, loudly, rather than limp.
            while all(p.poll() is None for p in essential):
                time.sleep(POLL_SECONDS)
            dead = next(p for p in essential if p.poll() is not None)
            name = "the web server" if dead is web else "the Chroma server"
            raise CommandError(f"{name} exited ({dead.returncode})")
        except KeyboardInterrupt:
            pass
        finally:
            stop()

    def _start_chroma(self, port: int) -> tuple[subprocess.Popen[bytes] | None, str]:
        """A Chroma server on the embedded folder, which this process holds while it runs.

        Another `serve` on the same data folder (more web processes) shares its server: no process.
        """
        # Imported here: the vector store module pulls in langchain (a second); serve needs only the lock.
        from knowledge.vectorstore import EmbeddedStoreBusy, claim_embedded_folder

        port = port or _free_port()
        url = f"http://127.0.0.1:{port}"
        try:
            claim_embedded_folder(settings.CHROMA_DIR, holder=SERVE_HOLDER.format(pid=os.getpid(), url=url))
        except EmbeddedStoreBusy as exc:
            shared = _SERVE_HOLDER.match(exc.holder)
            if shared is None:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"Using the Chroma server of the other `serve` on this data folder: {shared[1]}"
            )
            return None, shared[1]
        log = (settings.DATA_DIR / "chroma-server.log").open("ab")
        chroma = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-c",
                "from chromadb.cli.cli import app; app()",
                "run",
                "--path",
                str(settings.CHROMA_DIR),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        _wait_for(chroma, port)
        return chroma, url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + CHROMA_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"the Chroma server exited ({process.returncode}); see chroma-server.log")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    process.terminate()
    raise CommandError(f"the Chroma server did not listen on port {port} within {CHROMA_START_SECONDS} s")
