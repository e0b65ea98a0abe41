"""Offline answers composed in worker processes, so that a web process's answers use every core.

A web process runs its event loop (WebSocket frames, JSON) and its answers under one GIL: under load
it answered about 45 questions a second on one core while the other core was mostly idle. Here
CHAT_ANSWER_PROCESSES worker processes compose the answers and the web process only carries frames
and conversations. Workers are spawned, not forked: the web process has threads (the event loop's,
the database threads, the vector store client's) and a fork would copy their locks mid-use. Each
worker sets Django up and warms up as a web process does; the index's snapshot is memory-mapped, so
its pages are shared between them.

Only answering runs in a worker, and answering reads and writes nothing of the conversation: the web
process opens the conversation and records the exchange once the answer is back. So a worker that
dies mid-answer loses nothing and stores nothing twice: its questions are answered in the web process
instead, as are all questions while a fresh pool starts.

This module is what a spawned worker unpickles first, before Django is set up: it imports no models
at module level.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from chat.answering import Answer

logger = logging.getLogger(__name__)

_pool: ProcessPoolExecutor | None = None
# "starting" until every worker of `_pool` has warmed up (questions are answered here meanwhile),
# then "warm"; "failed" when a pool could not start: its workers would fail again, forever, so this
# process answers on its own threads.
_state = "stopped"
_pool_lock = threading.Lock()


def enabled() -> bool:
    """Workers answer when there are any, offline only (an LLM's answer streams from the network, which a
    thread waits for as well as a process), and with a Chroma server: embedded Chroma belongs to one
    process (knowledge.vectorstore)."""
    return bool(settings.CHAT_ANSWER_PROCESSES and settings.CHROMA_URL and not settings.OPENAI_BASE_URL)


def answer_stream(question: str, *, language: str | None, history: Sequence[str]) -> Iterator[str | Answer]:
    """`chat.answering.stream_answer`'s items, composed in a worker process once the workers are warm."""
    from chat.answering import stream_answer

    pool = _warm_pool()
    if pool is None:
        yield from stream_answer(question, language=language, history=history)
        return
    try:
        items = pool.submit(compose, question, language, list(history)).result()
    except BrokenProcessPool:
        # Answering has no side effects, so composing again here neither loses nor doubles anything.
        logger.error("an answer worker died; answering in the web process while the workers restart")
        _replace(pool)
        yield from stream_answer(question, language=language, history=history)
        return
    yield from items


def compose(question: str, language: str | None, history: list[str]) -> list[str | Answer]:
    """In a worker: the answer's items. Its retrieved chunks stay here: the web process shows and stores
    none of them, and sending them back would cost more than the answer itself."""
    from dataclasses import replace

    from chat.answering import Answer, stream_answer

    items = stream_answer(question, language=language, history=history)
    return [replace(item, chunks=[]) if isinstance(item, Answer) else item for item in items]


def start() -> None:
    """Start every worker and wait until each is warm (a web process, as it starts: no visitor then
    waits for a worker to load). Does nothing if they are warm, starting or could not start.

    A job is sent to each at once: a worker that is still loading takes none, so the pool spawns the next.
    """
    global _pool, _state
    with _pool_lock:
        if not enabled() or _state != "stopped":
            return
        _state = "starting"
        pool = _pool = ProcessPoolExecutor(
            settings.CHAT_ANSWER_PROCESSES,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
        )
    try:
        for warming in [pool.submit(_ready) for _ in range(settings.CHAT_ANSWER_PROCESSES)]:
            warming.result()
    except BrokenProcessPool:
        logger.exception("the answer workers could not start; this process answers on its own")
        _replace(pool)
        return
    with _pool_lock:
        if _pool is pool:
            _state = "warm"


def warm() -> bool:
    """Whether the workers are answering."""
    return _state == "warm"


def stop() -> None:
    """Stop the workers (the next question starts them again)."""
    global _pool, _state
    with _pool_lock:
        pool, _pool, _state = _pool, None, "stopped"
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _warm_pool() -> ProcessPoolExecutor | None:
    """The pool if its workers are warm; else None, having started them in the background if need be."""
    with _pool_lock:
        if _state == "warm" or not enabled():
            return _pool if enabled() else None
        if _state != "stopped":
            return None
    threading.Thread(target=start, name="answer-pool-start", daemon=True).start()
    return None


def _replace(broken: ProcessPoolExecutor) -> None:
    """A new pool in place of `broken` (once, however many answers saw it break), started in the
    background; in place of a pool that never warmed up, none."""
    global _pool, _state
    with _pool_lock:
        if _pool is not broken:
            return
        restart = _state == "warm"
        _pool, _state = None, "stopped" if restart else "failed"
    broken.shutdown(wait=False, cancel_futures=True)
    if restart:
        threading.Thread(target=start, name="answer-pool-restart", daemon=True).start()


def _start_worker() -> None:
    # A worker waits for jobs on a queue it also holds the writing end of: it would outlive a web
    # process that is killed (and the supervisor's next one would start its own). It ends with it.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), name="parent-watch", daemon=True).start()
    import django

    django.setup()
    from chat.warmup import warm_up_answering

    warm_up_answering()


def _exit_with(parent_sentinel: int) -> None:
    multiprocessing.connection.wait([parent_sentinel])
    os._exit(0)


def _ready() -> None:
    """Nothing: returns once the worker that takes it has started."""
