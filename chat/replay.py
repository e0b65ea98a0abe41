"""A conversation's frames, numbered and kept for a while, so a client that reconnects gets what it missed.

Frames live in Django's cache (Redis in production, so any worker can replay
them): `seq` counts up per conversation; each frame is stored under its number.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache


def _seq_key(conversation: str) -> str:
    return f"chat:seq:{conversation}"


def _frame_key(conversation: str, seq: int) -> str:
    return f"chat:frame:{conversation}:{seq}"


def keep(conversation: str, frame: dict[str, Any], *, refresh: bool = True) -> dict[str, Any]:
    """Number `frame` within its conversation, store it, and return it with its `seq`.

    The counter must outlive the frames it numbered (or numbering would restart over them).
    `refresh=False` skips extending its life: for the middle frames of one answer, whose first and
    last frames refresh it, that saves a cache round trip per frame (with Redis, cache calls were
    nearly half an answer's time under load).
    """
    ttl = settings.CHAT_REPLAY_SECONDS
    key = _seq_key(conversation)
    try:
        seq = int(cache.incr(key))
    except ValueError:  # the conversation's first frame (or its frames have all expired)
        cache.add(key, 0, ttl)
        seq = int(cache.incr(key))
    numbered = {**frame, "seq": seq}
    cache.set(_frame_key(conversation, seq), numbered, ttl)
    if refresh:
        cache.touch(key, ttl)
    return numbered


def since(conversation: str, last_seq: int) -> list[dict[str, Any]]:
    """The frames after `last_seq` that are still kept, in order."""
    latest = int(cache.get(_seq_key(conversation)) or 0)
    keys = [_frame_key(conversation, seq) for seq in range(max(last_seq, 0) + 1, latest + 1)]
    found = cache.get_many(keys)
    return [found[key] for key in keys if key in found]


def forget(conversation: str) -> None:
    latest = int(cache.get(_seq_key(conversation)) or 0)
    cache.delete_many(
        [_frame_key(conversation, seq) for seq in range(1, latest + 1)] + [_seq_key(conversation)]
    )


def latest(conversation: str) -> dict[str, Any] | None:
    """The conversation's last kept frame, if it is still kept."""
    seq = int(cache.get(_seq_key(conversation)) or 0)
    found: dict[str, Any] | None = cache.get(_frame_key(conversation, seq)) if seq else None
    return found
