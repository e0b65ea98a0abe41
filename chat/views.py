"""HTTP side of the chat: ask, delete a conversation, vote on an answer, and a session for the widget."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from chat import ratelimit
from chat.conversation import (
    ChatInputError,
    ask,
    delete_conversation,
    leave_feedback,
    owner_key_for_session,
    parse_conversation_id,
    parse_message,
)


def _owner_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return owner_key_for_session(str(request.session.session_key))


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"type": "error", "code": code, "message": message}, status=status)


def _json(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"")
    except ValueError:
        raise ChatInputError("invalid_json", "the body is not valid JSON") from None


@csrf_exempt  # a JSON API, owned by the caller's session cookie; it changes nothing but that session's data
@require_POST
def chat_api(request: HttpRequest) -> JsonResponse:
    try:
        text, conversation, language = parse_message(_json(request))
    except ChatInputError as exc:
        return _error(exc.code, str(exc), 400)
    if not ratelimit.allow("ip", str(request.META.get("REMOTE_ADDR", "")), settings.CHAT_RATE_PER_IP):
        return _error("rate_limited", "too many messages; please wait a minute", 429)
    try:
        exchange = ask(
            text=text, conversation_id=conversation, language=language, owner_key=_owner_key(request)
        )
    except ChatInputError as exc:
        return _error(exc.code, str(exc), 404)
    return JsonResponse(exchange.final_frame(), json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # creates an empty session and nothing else
@require_POST
def chat_session(request: HttpRequest) -> JsonResponse:
    """Makes sure the browser has a session before the widget opens its WebSocket (it owns the chats)."""
    _owner_key(request)
    return JsonResponse({"ok": True})


@csrf_exempt
@require_http_methods(["DELETE"])
def conversation_detail(request: HttpRequest, conversation_id: str) -> JsonResponse:
    try:
        parsed = parse_conversation_id(conversation_id)
    except ChatInputError as exc:
        return _error(exc.code, str(exc), 400)
    if parsed is None or not delete_conversation(parsed, _owner_key(request)):
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
        stored = leave_feedback(message_id, _owner_key(request), str(payload.get("vote")), reason)
    except ChatInputError as exc:
        return _error(exc.code, str(exc), 400)
    if not stored:
        return _error("unknown_message", "no such answer", 404)
    return JsonResponse({"message": message_id, "vote": payload["vote"]})
