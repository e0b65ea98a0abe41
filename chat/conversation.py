"""Storing conversations and answering within one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from chat.answering import Answer, answer_question
from chat.models import Conversation, Message


class ChatInputError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Exchange:
    conversation: Conversation
    message: Message
    answer: Answer

    def final_frame(self) -> dict[str, Any]:
        return {
            "type": "answer",
            "conversation": str(self.conversation.id),
            "message": self.message.pk,
            "text": self.answer.text,
            "language": self.answer.language,
            "kind": self.answer.kind,
            "citations": self.answer.citations,
            "enquiry": self.answer.enquiry,
        }


def parse_message(payload: Any) -> tuple[str, str | None, str | None]:
    """Validate an inbound chat message; return (text, conversation id, language)."""
    if not isinstance(payload, dict):
        raise ChatInputError("invalid_message", "send a JSON object")
    text = payload.get("text") if "text" in payload else payload.get("message")
    if not isinstance(text, str) or not text.strip():
        raise ChatInputError("empty_message", "the message text is empty")
    if len(text) > settings.CHAT_MAX_MESSAGE_CHARS:
        raise ChatInputError(
            "message_too_long",
            f"messages are limited to {settings.CHAT_MAX_MESSAGE_CHARS} characters",
        )
    conversation = payload.get("conversation")
    if conversation is not None:
        try:
            conversation = str(uuid.UUID(str(conversation)))
        except ValueError:
            raise ChatInputError(
                "invalid_conversation", "conversation must be an id the server gave you"
            ) from None
    language = payload.get("language")
    if language is not None and language not in {"en", "zh-Hant", "zh-Hans"}:
        raise ChatInputError("invalid_language", "language must be en, zh-Hant or zh-Hans")
    return text.strip(), conversation, language


def ask(*, text: str, conversation_id: str | None, language: str | None, owner_key: str) -> Exchange:
    """Answer `text` within a conversation the caller owns (a new one if none is given)."""
    conversation = _conversation_for(conversation_id, owner_key)
    answer = answer_question(text, language=language)
    with transaction.atomic():
        Message.objects.create(
            conversation=conversation, role=Message.Role.USER, text=text, language=answer.language
        )
        reply = Message.objects.create(
            conversation=conversation,
            role=Message.Role.ASSISTANT,
            text=answer.text,
            language=answer.language,
            kind=answer.kind,
            citations=answer.citations,
        )
    return Exchange(conversation, reply, answer)


def _conversation_for(conversation_id: str | None, owner_key: str) -> Conversation:
    if conversation_id is None:
        return Conversation.objects.create(owner_key=owner_key)
    conversation = Conversation.objects.filter(id=conversation_id, owner_key=owner_key).first()
    if conversation is None:
        # Same answer whether it does not exist or belongs to someone else.
        raise ChatInputError("unknown_conversation", "no such conversation")
    return conversation
