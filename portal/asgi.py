"""HTTP goes to Django; WebSocket goes to the chat consumer, behind origin and session checks."""

from __future__ import annotations

import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.sessions import SessionMiddlewareStack  # noqa: E402
from django.conf import settings  # noqa: E402
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware  # noqa: E402

from chat.routing import websocket_urlpatterns  # noqa: E402


class SameOriginValidator:
    """WebSocket connections only from the portal's own pages: the Origin must name the same
    scheme (https for wss), host and port as the connection itself, or be listed in
    CHAT_ALLOWED_ORIGINS. (Channels' AllowedHostsOriginValidator compared the host only.)"""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not self.allowed(scope):
            from channels.security.websocket import WebsocketDenier

            return await WebsocketDenier()(scope, receive, send)
        return await self.app(scope, receive, send)

    @staticmethod
    def allowed(scope: Any) -> bool:
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1").rstrip("/").lower()
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if not origin or not host:
            return False
        if origin in {o.rstrip("/").lower() for o in settings.CHAT_ALLOWED_ORIGINS}:
            return True
        scheme = "https" if scope.get("scheme") == "wss" else "http"
        default_port = ":443" if scheme == "https" else ":80"
        return origin in {f"{scheme}://{host}", f"{scheme}://{host.removesuffix(default_port)}"} and (
            host.split(":")[0].strip("[]") in settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS
        )


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
            "websocket": SameOriginValidator(SessionMiddlewareStack(URLRouter(websocket_urlpatterns))),
        }
    ),
    settings.TRUSTED_PROXIES,
)

if settings.WARM_UP_AT_START:
    import threading

    from chat.warmup import warm_up

    # On a thread of its own: uvicorn's worker processes import this module inside their event
    # loop, where Django refuses database queries. Joined: the process serves once it is warm.
    _warming = threading.Thread(target=warm_up, name="warm-up")
    _warming.start()
    _warming.join()
