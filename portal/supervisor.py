"""Keeps `manage.py serve`'s child processes running.

Each child is a `Child` spec: its name, its command line and how much the portal needs it. A
background child (a task worker) that exits is started again after a back-off that doubles
with each quick failure; the portal limps meanwhile and `/healthz` says so. An essential child
(the web server, the local Chroma server) is restarted the same way, but when it keeps failing
the portal cannot answer at all, so the supervisor stops everything and says why, loudly,
rather than restart it forever behind a healthy-looking process.

What the supervisor knows (which child is down, when it comes back) is written to a small JSON
status file on every change, for `/healthz` in the web processes to read (`read_status`): a
killed worker is reported at once, not only once its queue backs up.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("portal.serve")

# A child that ran this long before exiting counts as having been healthy: its back-off restarts.
STABLE_SECONDS = 30.0
BACKOFF_FIRST_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0
# Consecutive quick failures after which an essential child stops the whole portal.
ESSENTIAL_MAX_FAILURES = 3
# A web child that is alive but not yet listening is still loading (the embedding model, the
# index): on two cores shared with other work that took over 60 s. A child that dies is seen at
# once, so a long wait costs nothing when starting fails.
READY_SECONDS = 300.0
STOP_SECONDS = 30.0
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Child:
    name: str
    argv: Sequence[str]
    essential: bool = False  # the portal cannot answer without it
    port: int | None = None  # started only once this port listens (the next child depends on it)
    log: Path | None = None  # stdout and stderr go here; by default, to serve's own
    env: Mapping[str, str] = field(default_factory=dict)  # on top of serve's environment


class GaveUp(Exception):
    """An essential child kept failing; everything has been stopped."""


@dataclass
class _Running:
    spec: Child
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    failures: int = 0  # consecutive quick exits
    restart_at: float | None = None


def backoff(failures: int) -> float:
    """Seconds to wait before the next start after `failures` consecutive quick exits."""
    return float(min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** max(0, failures - 1)))


class Supervisor:
    def __init__(
        self,
        children: Sequence[Child],
        *,
        env: Mapping[str, str],
        cwd: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        status_file: Path | None = None,
    ) -> None:
        self.env = dict(env)
        self.cwd = cwd
        self.clock = clock
        self.status_file = status_file
        self.children = [_Running(spec) for spec in children]

    def start(self) -> None:
        """Start every child in order, each after the port of the one before listens."""
        for child in self.children:
            self._spawn(child)
            if child.spec.port is not None:
                self._wait_listening(child)

    def run(self) -> None:
        """Watch the children until interrupted; raises GaveUp when an essential one keeps failing."""
        while True:
            self.tick()
            time.sleep(POLL_SECONDS)

    def tick(self) -> None:
        now = self.clock()
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restart_at = None
                    self._spawn(child)
                continue
            code = child.process.poll() if child.process else None
            if code is None:
                continue
            ran = now - child.started
            child.failures = 1 if ran >= STABLE_SECONDS else child.failures + 1
            if child.spec.essential and child.failures >= ESSENTIAL_MAX_FAILURES:
                message = f"{child.spec.name} exited ({code}) {child.failures} times in a row; stopping"
                logger.critical(message)
                self.stop()
                raise GaveUp(message)
            delay = backoff(child.failures)
            child.restart_at = now + delay
            self._publish()
            logger.error(
                "%s (pid %s) exited (%s) after %.0f s; restarting in %.0f s",
                child.spec.name,
                child.process.pid if child.process else "?",
                code,
                ran,
                delay,
            )

    def stop(self) -> None:
        """Terminate in reverse order (the store last: the others may be writing to it)."""
        for child in reversed(self.children):
            child.restart_at = None
            process = child.process
            if process is None or process.poll() is not None:
                continue
            process.terminate()
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                logger.error("%s (pid %s) ignored SIGTERM; killing it", child.spec.name, process.pid)
                process.kill()
                process.wait()
        if self.status_file is not None:
            self.status_file.unlink(missing_ok=True)

    def pids(self) -> dict[str, int]:
        return {c.spec.name: c.process.pid for c in self.children if c.process and c.process.poll() is None}

    def _spawn(self, child: _Running) -> None:
        spec = child.spec
        out = spec.log.open("ab") if spec.log else None
        try:
            child.process = subprocess.Popen(  # noqa: S603 (our own command lines)
                list(spec.argv),
                cwd=self.cwd,
                env={**self.env, **spec.env},
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
            )
        finally:
            if out:
                out.close()  # the child holds its own descriptor
        child.started = self.clock()
        self._publish()
        logger.info("started %s (pid %s)", spec.name, child.process.pid)

    def status(self) -> dict[str, dict[str, object]]:
        """Each child: "running" with its pid, or "down" with the wall-clock time it restarts."""
        now, wall = self.clock(), time.time()
        return {
            c.spec.name: {"state": "down", "restart_at": wall + c.restart_at - now}
            if c.restart_at is not None
            else {"state": "running", "pid": c.process.pid if c.process else None}
            for c in self.children
        }

    def _publish(self) -> None:
        if self.status_file is None:
            return
        partial = self.status_file.with_suffix(".tmp")
        partial.write_text(json.dumps({"pid": os.getpid(), "children": self.status()}))
        os.replace(partial, self.status_file)  # readers never see half a file

    def _wait_listening(self, child: _Running) -> None:
        assert child.process is not None and child.spec.port is not None
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if child.process.poll() is not None:
                self.stop()
                raise GaveUp(f"{child.spec.name} exited ({child.process.returncode}) while starting")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", child.spec.port)) == 0:
                    return
            time.sleep(0.1)
        self.stop()
        raise GaveUp(
            f"{child.spec.name} did not listen on port {child.spec.port} within {READY_SECONDS:.0f} s"
        )


def read_status(path: Path) -> dict[str, dict[str, object]]:
    """The children's status a supervisor published, or {} when there is none to read."""
    try:
        children = json.loads(path.read_text()).get("children", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return children if isinstance(children, dict) else {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def python(*args: str) -> list[str]:
    """A command line running this interpreter (the venv's), unbuffered so logs arrive in order."""
    return [sys.executable, "-u", *args]
