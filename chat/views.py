"""HTTP side of the chat: ask, delete a conversation, vote on an answer, and a session for the widget."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from chat import owners
from chat.conversation import (
    Caller,
    ChatInputError,
    ask,
    delete_conversation,
    leave_feedback,
    parse_conversation_id,
    parse_message,
    parse_token,
    start_conversation,
)
from portal import jsonsafe, ratelimit


def _caller(request: HttpRequest, payload: Any = None) -> Caller:
    """The browser session (only a real one) and the conversation token (header or body), if any."""
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    if token is None and isinstance(payload, dict):
        token = payload.get("token")
    return Caller(owners.session_owner(request.session), parse_token(token))


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"type": "error", "code": code, "message": message}, status=status)


def _json(request: HttpRequest) -> Any:
    # The session cookie owns these conversations and the views are csrf_exempt: a JSON content
    # type cannot be sent cross-site without a CORS preflight, which this API never grants, so a
    # forged form post (text/plain, urlencoded) is refused before anything is done.
    if request.content_type != "application/json":
        raise ChatInputError("unsupported_media_type", "send Content-Type: application/json")
    try:
        return jsonsafe.loads(request.body or b"")
    except ValueError:
        raise ChatInputError("invalid_json", "the body is not valid JSON") from None


@csrf_exempt  # a JSON API, owned by the caller's session cookie; it changes nothing but that session's data
@require_POST
def chat_api(request: HttpRequest) -> JsonResponse:
    try:
        payload = _json(request)
        text, conversation, language = parse_message(payload)
        caller = _caller(request, payload)
    except ChatInputError as exc:
        return _error(exc.code, str(exc), 400)
    if not ratelimit.allow("ip", str(request.META.get("REMOTE_ADDR", "")), settings.CHAT_RATE_PER_IP):
        return _error("rate_limited", "too many messages; please wait a minute", 429)
    try:
        exchange = ask(text=text, conversation_id=conversation, language=language, caller=caller)
    except ChatInputError as exc:
        return _error(exc.code, str(exc), 404)
    frame = exchange.final_frame()
    # The token is issued once, when the conversation starts (only its hash is kept). A caller that
    # continued by its token gets it back: a client that keeps the latest reply's token, as API
    # clients do, stays in its conversation instead of starting a new one.
    token = exchange.token or caller.token
    if token:
        frame["token"] = token
    return JsonResponse(frame, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # creates an empty session and nothing else
@require_POST
def chat_session(request: HttpRequest) -> JsonResponse:
    """Makes sure the browser has a session before the widget opens its WebSocket (it owns the chats).

    A cookie naming no stored session gets a new session, never ownership under the made-up key.
    """
    if owners.session_owner(request.session) is None:
        request.session.create()
    return JsonResponse({"ok": True})


@csrf_exempt  # JSON only, like chat_api: a cross-site form cannot send it
@require_POST
def conversation_create(request: HttpRequest) -> JsonResponse:
    """An empty conversation owned by the caller, so a client knows its id before the first question.

    A browser session owns it by its cookie; a caller without one (an API client) gets the
    conversation token, shown once, as `POST /api/chat/` issues it.
    """
    try:
        caller = _caller(request, _json(request))
    except ChatInputError as exc:
        return _error(exc.code, str(exc), 400)
    conversation, token = start_conversation(caller)
    body = {"conversation": str(conversation.id)}
    if caller.owner_key is None:
        body["token"] = token
    return JsonResponse(body, status=201)


@csrf_exempt
@require_http_methods(["DELETE"])
def conversation_detail(request: HttpRequest, conversation_id: str) -> JsonResponse:
    try:
        parsed = parse_conversation_id(conversation_id)
        caller = _caller(request)
    except ChatInputError as exc:
        return _error(exc.code, str(exc), 400)
    if parsed is None or not delete_conversation(parsed, caller):
        return _error("unknown_conversation", "no such conversation", 404)
    from chat import replay

    replay.forget(parsed)
    return JsonResponse({"deleted": parsed})


@csrf_exempt
@require_POST
def feedback(request: HttpRequest, message_id: int) -> JsonResponse:
    try:
        payload = _json(request)
        if not isinstance(payload, dict):
            raise ChatInputError("invalid_message", "send a JSON object")
        reason = payload.get("reason") or ""
        if not isinstance(reason, str):
            raise ChatInputError("invalid_reason", "reason must be text")
        stored = leave_feedback(message_id, _caller(request, payload), str(payload.get("vote")), reason)
    except ChatInputError as exc:
        return _error(exc.code, str(exc), 400)
    if not stored:
        return _error("unknown_message", "no such answer", 404)
    return JsonResponse({"message": message_id, "vote": payload["vote"]})
