"""Fixed-window counters in Django's cache (shared by every process when it is Redis).

The one throttle of the portal: chat messages, enquiries, matches, chat sessions, resumes and
sign-in all count here, each under its own scope. Keys that are personal data (e-mail addresses)
are hashed before they become cache keys.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def _default_window() -> int:
    return int(getattr(settings, "CHAT_RATE_WINDOW_SECONDS", 60))


@dataclass(frozen=True)
class Usage:
    count: int
    limit: int
    window: int

    @property
    def exceeded(self) -> bool:
        return self.limit > 0 and self.count > self.limit

    def retry_after(self) -> int:
        return self.window - int(time.time()) % self.window


def _name(scope: str, key: str, window: int, slot: int) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"rate:{scope}:{window}:{digest}:{slot}"


def hit(scope: str, key: str, limit: int, window: int | None = None) -> Usage:
    """Count one event for `key` in the current window of `window` seconds."""
    window = window or _default_window()
    if limit <= 0:
        return Usage(0, 0, window)
    name = _name(scope, key, window, int(time.time() // window))
    cache.add(name, 0, window * 2)
    return Usage(int(cache.incr(name)), limit, window)


def allow(scope: str, key: str, limit: int, window: int | None = None) -> bool:
    """Count one event for `key`; False once more than `limit` were counted in this window."""
    return not hit(scope, key, limit, window).exceeded


def reset(scope: str, key: str, window: int | None = None) -> None:
    """Forget the current and last window's count for `key` (staff unblocking a visitor; tests)."""
    window = window or _default_window()
    slot = int(time.time() // window)
    cache.delete_many([_name(scope, key, window, s) for s in (slot - 1, slot)])
