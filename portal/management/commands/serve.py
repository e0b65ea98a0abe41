from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the portal (HTTP and WebSocket, via Daphne) with a background task worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=settings.HOST)
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--no-worker", action="store_true", help="run the web server only")

    def handle(self, *args: Any, **options: Any) -> None:
        processes = []
        if not options["no_worker"]:
            # Lead delivery and indexing in separate workers: a slow document never delays a lead.
            for queue in ("default", settings.INDEXING_QUEUE):
                worker = [sys.executable, "manage.py", "db_worker", "--queue-name", queue]
                processes.append(subprocess.Popen(worker))  # noqa: S603 (our own command line)
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
            ]
        )
        processes.append(web)
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ (Ctrl-C stops)")

        def stop(*_: Any) -> None:
            for process in processes:
                process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                process.wait(timeout=30)
