"""Fixed-window message limits in Django's cache (shared across workers when it is Redis)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def _window_seconds() -> int:
    return int(getattr(settings, "CHAT_RATE_WINDOW_SECONDS", 60))


def allow(scope: str, key: str, limit: int) -> bool:
    """Count one message for `key`; False once `limit` messages were counted in this minute."""
    if limit <= 0:
        return True
    window = int(time.time() // _window_seconds())
    name = f"chat:rate:{scope}:{key}:{window}"
    cache.add(name, 0, _window_seconds() * 2)
    return int(cache.incr(name)) <= limit


def reset(scope: str, key: str) -> None:
    """Forget the current window's count for `key` (staff unblocking a visitor; tests)."""
    window = int(time.time() // _window_seconds())
    cache.delete_many([f"chat:rate:{scope}:{key}:{w}" for w in (window - 1, window)])
