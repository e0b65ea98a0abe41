"""WebSocket /ws/chat/: validates frames, streams the answer, replays missed frames; no business logic."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from chat import owners, replay
from chat.conversation import (
    Caller,
    ChatInputError,
    Exchange,
    ask_streaming,
    open_conversation,
    parse_conversation_id,
    parse_message,
    parse_token,
)
from portal import jsonsafe, ratelimit
from portal.dbthread import kept_connection

logger = logging.getLogger(__name__)
# How long a resume waits for the rest of an answer still being composed: far longer than an answer
# takes, and bounded, since an answer whose composing died leaves its last delta as the last frame.
RESUME_FOLLOW_SECONDS = 15.0


# Open WebSocket connections per client IP in this process: one client cannot hold hundreds of
# sockets (each costs memory and a slot under the server's limits). Per process: with N web
# processes an IP may hold up to N times the limit.
_open_by_ip: Counter[str] = Counter()


class ChatConsumer(AsyncWebsocketConsumer):
    ip = ""

    async def connect(self) -> None:
        client = self.scope.get("client") or ("unknown", 0)
        if (
            settings.CHAT_MAX_CONNECTIONS_PER_IP
            and _open_by_ip[str(client[0])] >= settings.CHAT_MAX_CONNECTIONS_PER_IP
        ):
            await self.close(code=4429)  # refused before accept: the handshake fails
            return
        # Only a session that exists in the store owns conversations (not any cookie value); without
        # one the connection itself owns what it creates.
        session_owner = await kept_connection(owners.session_owner)(self.scope.get("session"))
        self.owner_key = session_owner or owners.owner_key_for_connection(secrets.token_hex(16))
        self.connection_id = secrets.token_hex(8)
        self.ip = str(client[0])
        _open_by_ip[self.ip] += 1
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.ip:
            _open_by_ip[self.ip] -= 1
            if _open_by_ip[self.ip] <= 0:
                del _open_by_ip[self.ip]

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if bytes_data is not None:
            await self._error("binary_not_supported", "send JSON text frames")
            return
        try:
            payload = jsonsafe.loads(text_data or "")
        except ValueError:
            await self._error("invalid_json", "the frame is not valid JSON")
            return
        kind = payload.get("type") if isinstance(payload, dict) else None
        if kind == "message":
            await self._message(payload)
        elif kind == "resume":
            await self._resume(payload)
        else:
            await self._error("unknown_type", 'expected {"type": "message", "text": "..."} or "resume"')

    async def _message(self, payload: dict[str, Any]) -> None:
        if not await sync_to_async(self._within_limits)():
            await self._error("rate_limited", "too many messages; please wait a minute")
            return
        try:
            text, conversation, language = parse_message(payload)
            caller = Caller(self.owner_key, parse_token(payload.get("token")))
            await self._stream(text, conversation, language, caller)
        except ChatInputError as exc:
            await self._error(exc.code, str(exc))
        except Exception:
            logger.exception("chat answer failed")
            await self._error("internal_error", "the answer could not be produced; please try again")

    def _within_limits(self, what: str = "") -> bool:
        return ratelimit.allow(
            f"conn{what}", self.connection_id, settings.CHAT_RATE_PER_CONNECTION
        ) and ratelimit.allow(f"ip{what}", self.ip, settings.CHAT_RATE_PER_IP)

    async def _stream(
        self, text: str, conversation_id: str | None, language: str | None, caller: Caller
    ) -> None:
        """The answer is composed in a worker thread; its frames come back through a queue to be sent."""
        loop = asyncio.get_running_loop()
        frames: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

        def produce() -> None:
            try:
                for frame in self._frames(text, conversation_id, language, caller):
                    loop.call_soon_threadsafe(frames.put_nowait, frame)
            finally:
                loop.call_soon_threadsafe(frames.put_nowait, None)

        producing = asyncio.ensure_future(kept_connection(produce)())
        while (frame := await frames.get()) is not None:
            try:
                await self.send(text_data=json.dumps(frame, ensure_ascii=False))
            except Exception:
                # A dropped connection must not stop the answer: it is stored and replayed on reconnect.
                logger.info("frame %s not delivered; kept for replay", frame.get("seq"))
        await producing

    def _frames(
        self, text: str, conversation_id: str | None, language: str | None, caller: Caller
    ) -> Iterator[dict[str, Any]]:
        """Each frame numbered and kept for replay before it is handed out.

        The conversation token is not sent here: frames are kept in the cache for replay, and the
        connection's owner (session or connection) already holds the conversation.
        """
        conversation = ""
        first = True
        for item in ask_streaming(
            text=text, conversation_id=conversation_id, language=language, caller=caller
        ):
            if isinstance(item, Exchange):
                frame = item.final_frame()
            elif not conversation:
                conversation = item  # the first item names the conversation
                continue
            else:
                frame = {"type": "delta", "conversation": conversation, "text": item}
            # The replay counter's life is extended at the answer's first and final frames.
            yield replay.keep(conversation, frame, refresh=first or frame["type"] != "delta")
            first = False

    async def _resume(self, payload: dict[str, Any]) -> None:
        # A resume replays frames from the cache: counted like messages, under its own scope.
        if not await sync_to_async(self._within_limits)("resume"):
            await self._error("rate_limited", "too many requests; please wait a minute")
            return
        try:
            conversation = parse_conversation_id(payload.get("conversation"))
            if conversation is None:
                raise ChatInputError("invalid_conversation", "resume needs a conversation")
            caller = Caller(self.owner_key, parse_token(payload.get("token")))
            await kept_connection(open_conversation)(conversation, caller)
        except ChatInputError as exc:
            await self._error(exc.code, str(exc))
            return
        last_seq = payload.get("last_seq", 0)
        if not isinstance(last_seq, int) or isinstance(last_seq, bool):
            await self._error("invalid_seq", "last_seq must be an integer")
            return
        for frame in await sync_to_async(replay.since)(conversation, last_seq):
            await self.send(text_data=json.dumps(frame, ensure_ascii=False))
            last_seq = frame["seq"]
        await self._follow(conversation, last_seq)
        await self.send(text_data=json.dumps({"type": "resumed", "conversation": conversation}))

    async def _follow(self, conversation: str, last_seq: int) -> None:
        """The rest of an answer still being composed when the client came back (its last kept
        frame is a delta): its frames are kept as the old connection fails to send them, and go to
        this one as they are, so a client that reconnects mid-answer is not left waiting for a
        frame only a second resume would bring."""
        deadline = time.monotonic() + RESUME_FOLLOW_SECONDS
        while time.monotonic() < deadline:
            newest = await sync_to_async(replay.latest)(conversation)
            if newest is None or (newest["type"] != "delta" and newest["seq"] <= last_seq):
                return
            for frame in await sync_to_async(replay.since)(conversation, last_seq):
                await self.send(text_data=json.dumps(frame, ensure_ascii=False))
                last_seq = frame["seq"]
            await asyncio.sleep(0.05)

    async def _error(self, code: str, message: str) -> None:
        await self.send(text_data=json.dumps({"type": "error", "code": code, "message": message}))
