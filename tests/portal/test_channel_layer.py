"""The configured channel layer carries messages: in-memory by default, Redis when REDIS_URL is set."""

from __future__ import annotations

import pytest
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from django.conf import settings


@pytest.mark.services
async def test_channel_layer_round_trip() -> None:
    # A layer of its own: the shared instance may be bound to another test's event loop.
    layer = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
    expected = "RedisChannelLayer" if settings.REDIS_URL else "InMemoryChannelLayer"
    assert type(layer).__name__ == expected
    channel = await layer.new_channel()
    await layer.group_add("portal-test", channel)
    await layer.group_send("portal-test", {"type": "probe", "text": "你好"})
    message = await layer.receive(channel)
    assert message == {"type": "probe", "text": "你好"}
    await layer.group_discard("portal-test", channel)


@pytest.mark.django_db
def test_cache_backend_follows_redis_url() -> None:
    from django.core.cache import caches

    cache = caches["default"]

    expected = "RedisCache" if settings.REDIS_URL else "LocMemCache"
    assert type(cache).__name__ == expected
    cache.set("portal-test-key", {"n": 1}, 5)
    assert cache.get("portal-test-key") == {"n": 1}
