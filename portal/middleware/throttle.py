"""Throttles and bot friction on the endpoints that create things: enquiries, matches, chat
sessions and sign-in (issue 13, High 3).

Rules are data (`settings.THROTTLES`): for a POST to a named URL, a list of (key, limit, window
seconds), where the key is the client's IP, its session (when it has one) or the e-mail address
in the body. Limits are set well above what one applicant does (an enquiry per product line,
a few corrections), so applicants pass and a script stops. Before the limit, a JSON client that
has already sent `THROTTLE_POW_AFTER` requests from its IP this hour must attach a proof of work
(`portal.friction`); and a filled-in honeypot field is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from portal import friction, jsonerrors, jsonsafe, ratelimit

Rule = tuple[str, int, int]


class ThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and settings.THROTTLES_ENABLED:
            refused = self._check(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        name = _url_name(request)
        if name is None or name not in settings.THROTTLES:
            return None  # the body of other POSTs (uploads, admin) is left to their views
        is_json = request.content_type == "application/json"
        body = _body(request, is_json)
        if name in settings.HONEYPOT_URLS and body.get(settings.HONEYPOT_FIELD):
            return _refuse(request, is_json, 400, "rejected", _("This request could not be accepted."))
        if "preview" in body and f"{name}:preview" in settings.THROTTLES:
            name = f"{name}:preview"
        # Proof of work first: a request refused for want of it costs the server little and is
        # not counted against the client's limits, so a client that solves it pays once.
        if is_json and name in settings.THROTTLE_POW_URLS and (missing := _proof_of_work(request, name)):
            return missing
        rules: list[Rule] = settings.THROTTLES.get(name, [])
        usages = [
            ratelimit.hit(f"{name}:{kind}", key, limit, window)
            for kind, limit, window in rules
            if (key := _key(request, kind, body))
        ]
        if over := [u for u in usages if u.exceeded]:
            message = _("Too many requests; please try again later.")
            response = _refuse(request, is_json, 429, "rate_limited", message)
            response["Retry-After"] = str(max(u.retry_after() for u in over))
            return response
        return None


def _proof_of_work(request: HttpRequest, name: str) -> HttpResponse | None:
    """After a few requests from one IP, each further one carries a solved challenge."""
    seen = ratelimit.hit(f"{name}:pow", _ip(request), settings.THROTTLE_POW_AFTER, 3600)
    if not seen.exceeded:
        return None
    proof = request.headers.get("X-Proof-Of-Work", "")
    if proof and friction.verify(proof, settings.THROTTLE_POW_BITS):
        return None
    return JsonResponse(
        {
            "type": "error",
            "code": "proof_of_work_required",
            "message": "solve the challenge and send X-Proof-Of-Work: <challenge>:<nonce>",
            "challenge": friction.new_challenge(),
            "bits": settings.THROTTLE_POW_BITS,
        },
        status=428,
    )


def _url_name(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def _body(request: HttpRequest, is_json: bool) -> dict[str, Any]:
    if not is_json:
        return {k: v for k, v in request.POST.items()}
    try:
        payload = jsonsafe.loads(request.body or b"{}")
    except ValueError:
        return {}  # the view answers a bad body with its own 400
    return payload if isinstance(payload, dict) else {}


def _ip(request: HttpRequest) -> str:
    # The ASGI server puts the client's address here, from the proxy's header only when the
    # request came from the trusted proxy (see portal.asgi / the serve command).
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(request: HttpRequest, kind: str, body: dict[str, Any]) -> str:
    if kind == "ip":
        return _ip(request)
    if kind == "session":
        session = getattr(request, "session", None)
        return str(getattr(session, "session_key", None) or "")
    if kind == "email":
        email = body.get("email")
        return email.strip().lower() if isinstance(email, str) else ""
    raise ValueError(f"unknown throttle key {kind!r}")


def _refuse(request: HttpRequest, is_json: bool, status: int, code: str, message: str) -> HttpResponse:
    if is_json or request.path.startswith("/api/"):
        return JsonResponse(
            # `type`/`code`/`message` for the chat widget; `errors` in the one JSON error shape.
            {
                "type": "error",
                "code": code,
                "message": message,
                "errors": {"__all__": [jsonerrors.error(message, code)]},
            },
            status=status,
        )
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
