"""Database work of WebSocket consumers, on a few threads of their own whose connections stay open.

Channels' `database_sync_to_async` closes the thread's connections before and after every call
(`close_old_connections`; with CONN_MAX_AGE 0 — what the ASGI server must keep, see README — that
is every time), and Channels closes them again before each received frame. For the chat that meant
opening SQLite (with its PRAGMAs) or PostgreSQL for every question: a profile under load put about
half of the answer thread there. And every call ran on asgiref's one shared thread, so answers
queued behind each other's waits on the vector store.

Here the calls run on CHAT_DB_THREADS threads of their own: one answer's wait for the vector
store overlaps another's work, and each thread keeps its connection. A kept connection is still
closed when it is broken, left outside autocommit, or older than CONN_MAX_AGE (if set); with
CONN_HEALTH_CHECKS Django pings it before its next use. A pooled PostgreSQL connection goes back
to the pool after every call (that is cheap, and the pool is shared with the HTTP views).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections

P = ParamSpec("P")
R = TypeVar("R")

_executor: ThreadPoolExecutor | None = None
_size = 0
_executor_lock = threading.Lock()


def _threads() -> ThreadPoolExecutor:
    global _executor, _size
    with _executor_lock:
        if _executor is None:
            # Each answer a worker process composes holds a thread while it waits: no fewer threads
            # than workers, or some would idle.
            _size = max(settings.CHAT_DB_THREADS, settings.CHAT_ANSWER_PROCESSES)
            _executor = ThreadPoolExecutor(_size, thread_name_prefix="chat-db")
        return _executor


def tidy_connections() -> None:
    """Close this thread's connections that cannot be reused; keep the others open."""
    for conn in connections.all(initialized_only=True):
        if conn.connection is None or conn.in_atomic_block:
            continue
        max_age = conn.settings_dict.get("CONN_MAX_AGE")
        expired = bool(max_age) and conn.close_at is not None and time.monotonic() >= conn.close_at
        pooled = "pool" in conn.settings_dict.get("OPTIONS", {})
        broken = conn.errors_occurred and not conn.is_usable()
        if pooled or expired or broken or conn.get_autocommit() != conn.settings_dict["AUTOCOMMIT"]:
            conn.close()
        else:
            conn.errors_occurred = False
            # Checked again before its next use (CONN_HEALTH_CHECKS); not in django-stubs.
            conn.health_check_done = False  # type: ignore[attr-defined]


def kept_connection(func: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """`func` made awaitable, run on one of the chat's database threads, its connection kept open."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        finally:
            tidy_connections()

    return sync_to_async(run, thread_sensitive=False, executor=_threads())


def close_kept_connections() -> None:
    """Close every connection the threads keep (before their database is dropped, say).

    Each thread is made to take one task: the tasks wait for each other, so none takes two.
    """
    executor = _threads()
    everyone = threading.Barrier(_size)

    def close() -> None:
        everyone.wait(timeout=30)
        connections.close_all()

    for future in [executor.submit(close) for _ in range(_size)]:
        future.result()
