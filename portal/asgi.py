"""HTTP goes to Django; WebSocket goes to the chat consumer, behind origin and session checks."""

from __future__ import annotations

import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from channels.sessions import SessionMiddlewareStack  # noqa: E402
from django.conf import settings  # noqa: E402
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402


def behind_proxies(app: Any, trusted: list[str]) -> Any:
    """The client's address and scheme from X-Forwarded-For/-Proto, only when the connection comes
    from one of `trusted` (IPs or networks: the TLS proxy). Anyone else's headers are ignored, so a
    client cannot pose as another IP and spend its per-IP budgets; with no proxy nothing is read.
    Works under Daphne and uvicorn alike (neither is started with its own proxy-header option)."""
    if not trusted:
        return app
    return ProxyHeadersMiddleware(app, trusted_hosts=trusted)


application = behind_proxies(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": AllowedHostsOriginValidator(
                SessionMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
        }
    ),
    settings.TRUSTED_PROXIES,
)
