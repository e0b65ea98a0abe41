"""WebSocket /ws/chat/: validates frames, streams the answer, never holds business logic."""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from chat.conversation import ChatInputError, Exchange, ask, parse_message

logger = logging.getLogger(__name__)


class ChatConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        # Without a browser session the connection itself is the owner of what it creates.
        self.owner_key = f"s:{key}" if key else f"c:{secrets.token_hex(16)}"
        self.seq = 0
        await self.accept()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if bytes_data is not None:
            await self._error("binary_not_supported", "send JSON text frames")
            return
        try:
            payload = json.loads(text_data or "")
        except ValueError:
            await self._error("invalid_json", "the frame is not valid JSON")
            return
        if not isinstance(payload, dict) or payload.get("type") != "message":
            await self._error("unknown_type", 'expected {"type": "message", "text": "..."}')
            return
        try:
            text, conversation, language = parse_message(payload)
            exchange: Exchange = await database_sync_to_async(ask)(
                text=text, conversation_id=conversation, language=language, owner_key=self.owner_key
            )
        except ChatInputError as exc:
            await self._error(exc.code, str(exc))
            return
        except Exception:
            logger.exception("chat answer failed")
            await self._error("internal_error", "the answer could not be produced; please try again")
            return
        for line in exchange.answer.text.splitlines(keepends=True):
            await self._send({"type": "delta", "text": line})
        await self._send(exchange.final_frame())

    async def _send(self, frame: dict[str, Any]) -> None:
        self.seq += 1
        await self.send(text_data=json.dumps({**frame, "seq": self.seq}, ensure_ascii=False))

    async def _error(self, code: str, message: str) -> None:
        await self._send({"type": "error", "code": code, "message": message})
