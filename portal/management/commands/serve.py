from __future__ import annotations

import os
import signal
import sys
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import webserver
from portal.health import SERVE_STATUS_ENV
from portal.supervisor import Child, GaveUp, Supervisor, free_port, python


def manage(*args: str) -> list[str]:
    return python("manage.py", *args)


def background() -> list[Child]:
    """The processes `serve` keeps running beside the web server, one line each; a dead one is
    restarted with back-off. Lead delivery and indexing have separate workers: a slow document
    never delays a lead."""
    return [
        Child("worker:default", manage("db_worker", "--queue-name", "default")),
        Child(
            f"worker:{settings.INDEXING_QUEUE}", manage("db_worker", "--queue-name", settings.INDEXING_QUEUE)
        ),
        Child("scheduler", manage("run_scheduler")),
    ]


class Command(BaseCommand):
    help = (
        "Serve the portal (HTTP and WebSocket, uvicorn with WEB_WORKERS processes) with its background "
        "workers, restarting any that die. Without CHROMA_URL, a Chroma server on the data folder's "
        "index serves them all: embedded Chroma is not safe for several processes."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=settings.HOST)
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--web-workers", type=int, default=settings.WEB_WORKERS, help="ASGI processes")
        parser.add_argument("--no-worker", action="store_true", help="run the web server only")
        parser.add_argument(
            "--chroma-port", type=int, default=0, help="port of the local Chroma server (default: a free one)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["web_workers"]
        if workers > 1 and not settings.REDIS_URL:
            raise CommandError(_NEEDS_REDIS.format(workers=workers))
        env = dict(os.environ)
        children: list[Child] = []
        if not settings.CHROMA_URL:
            chroma, env["CHROMA_URL"] = self._chroma(options["chroma_port"])
            children += [chroma] if chroma else []
        if not options["no_worker"]:
            children += background()
        web = webserver.command(
            host=options["host"],
            port=options["port"],
            workers=workers,
            keep_alive=settings.WEB_KEEP_ALIVE_SECONDS,
        )
        children.append(
            Child(
                "web",
                web,
                essential=True,
                port=options["port"],
                env=_web_env(settings.DATABASES["default"]["ENGINE"], workers=workers),
            )
        )

        # Which children are down, for /healthz in the web processes (one file per serve: several
        # may share a data folder).
        status_file = settings.DATA_DIR / f"serve-{os.getpid()}.json"
        env[SERVE_STATUS_ENV] = str(status_file)
        supervisor = Supervisor(children, env=env, cwd=settings.BASE_DIR, status_file=status_file)

        def terminate(*_: Any) -> NoReturn:
            sys.exit(0)

        signal.signal(signal.SIGTERM, terminate)
        try:
            supervisor.start()
            self.stdout.write(
                f"Serving on http://{options['host']}:{options['port']}/ with {workers} web process(es) "
                "(Ctrl-C stops)"
            )
            supervisor.run()
        except GaveUp as exc:
            # Without its web server or its store the portal cannot answer: stop, loudly, rather than limp.
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            pass
        finally:
            supervisor.stop()

    def _chroma(self, port: int) -> tuple[Child | None, str]:
        """A Chroma server on the embedded folder, which this process holds while it runs.

        Another `serve` on the same data folder (more web processes) shares its server: no process.
        The server's address goes into the folder's lock (knowledge.vectorstore.SERVED_BY), where
        `manage.py ingest` and other commands find it while this process runs.
        """
        # Imported here: the vector store module pulls in langchain (a second); serve needs only the lock.
        from knowledge.vectorstore import SERVED_BY, EmbeddedStoreBusy, claim_embedded_folder, served_url

        port = port or free_port()
        url = f"http://127.0.0.1:{port}"
        try:
            claim_embedded_folder(settings.CHROMA_DIR, holder=SERVED_BY.format(pid=os.getpid(), url=url))
        except EmbeddedStoreBusy as exc:
            shared = served_url(exc.holder)
            if shared is None:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Using the Chroma server of the other `serve` on this data folder: {shared}")
            return None, shared
        argv = python(
            "-c",
            "from chromadb.cli.cli import app; app()",
            *("run", "--path", str(settings.CHROMA_DIR), "--host", "127.0.0.1", "--port", str(port)),
        )
        log = settings.DATA_DIR / "chroma-server.log"
        return Child(
            "chroma", argv, essential=True, port=port, log=log, env={"ANONYMIZED_TELEMETRY": "False"}
        ), url


def _web_env(engine: str, *, workers: int) -> dict[str, str]:
    """On PostgreSQL the web processes keep a small pool of connections: a new connection cost about
    8 ms of an enquiry's 50-80 ms on this machine, and Django advises pools, not persistent
    connections, under ASGI (a process runs its sync views on one thread: one connection is mostly used)."""
    # Web processes load the embedder and tokenisers as they start, not at their first question.
    env = {"WARM_UP_AT_START": os.environ.get("WARM_UP_AT_START") or "1"}
    # Offline answers are composed in worker processes, the cores shared among the web processes
    # (chat.answer_pool): in a web process they shared one core's GIL with its event loop.
    env["CHAT_ANSWER_PROCESSES"] = os.environ.get("CHAT_ANSWER_PROCESSES") or str(
        max(1, (os.cpu_count() or 1) // workers)
    )
    if engine.endswith("postgresql"):
        env["DB_POOL_SIZE"] = os.environ.get("DB_POOL_SIZE") or str(WEB_DB_POOL_SIZE)
    return env


WEB_DB_POOL_SIZE = 4

_NEEDS_REDIS = (
    "WEB_WORKERS={workers} needs REDIS_URL. Without it the cache is per process, so each web process "
    "would keep its own throttle counters (every per-IP, per-e-mail and sign-in budget multiplied by "
    "{workers}), its own list of spent proof-of-work challenges (one solution accepted {workers} times) "
    "and its own chat replay frames (a reconnecting chat that lands on another process loses the answer "
    "it was waiting for). Set REDIS_URL, or WEB_WORKERS=1."
)
