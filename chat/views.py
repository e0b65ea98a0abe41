from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from chat.conversation import ChatInputError, ask, parse_message


@csrf_exempt  # a JSON API: no cookies are needed to call it
@require_POST
def chat_api(request: HttpRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body or b"")
        text, conversation, language = parse_message(payload)
    except ValueError as exc:
        code = exc.code if isinstance(exc, ChatInputError) else "invalid_json"
        return JsonResponse({"type": "error", "code": code, "message": str(exc)}, status=400)
    if not request.session.session_key:
        request.session.save()
    try:
        exchange = ask(
            text=text,
            conversation_id=conversation,
            language=language,
            owner_key=f"s:{request.session.session_key}",
        )
    except ChatInputError as exc:
        return JsonResponse({"type": "error", "code": exc.code, "message": str(exc)}, status=404)
    return JsonResponse(exchange.final_frame(), json_dumps_params={"ensure_ascii": False})
