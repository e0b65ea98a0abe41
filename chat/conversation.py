"""Storing conversations and answering within one; only the visitor's session can reach its conversations."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from chat.answering import Answer, answer_question, stream_answer
from chat.models import Conversation, Feedback, Message

# How many earlier questions a follow-up is read against.
HISTORY = 3


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
    conversation = parse_conversation_id(payload.get("conversation"))
    language = payload.get("language")
    if language is not None and language not in {"en", "zh-Hant", "zh-Hans"}:
        raise ChatInputError("invalid_language", "language must be en, zh-Hant or zh-Hans")
    return text.strip(), conversation, language


def parse_conversation_id(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise ChatInputError(
            "invalid_conversation", "conversation must be an id the server gave you"
        ) from None


def open_conversation(conversation_id: str | None, owner_key: str) -> Conversation:
    """The caller's conversation (a new one if no id is given)."""
    if conversation_id is None:
        return Conversation.objects.create(owner_key=owner_key)
    conversation = Conversation.objects.filter(id=conversation_id, owner_key=owner_key).first()
    if conversation is None:
        # Same answer whether it does not exist or belongs to someone else.
        raise ChatInputError("unknown_conversation", "no such conversation")
    return conversation


def earlier_questions(conversation: Conversation) -> list[str]:
    texts = conversation.messages.filter(role=Message.Role.USER).order_by("-created_at", "-pk")
    return list(reversed(list(texts.values_list("text", flat=True)[:HISTORY])))


def record(conversation: Conversation, text: str, answer: Answer) -> Exchange:
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


def ask(*, text: str, conversation_id: str | None, language: str | None, owner_key: str) -> Exchange:
    """Answer `text` within a conversation the caller owns (a new one if none is given)."""
    conversation = open_conversation(conversation_id, owner_key)
    answer = answer_question(text, language=language, history=earlier_questions(conversation))
    return record(conversation, text, answer)


def ask_streaming(
    *, text: str, conversation_id: str | None, language: str | None, owner_key: str
) -> Iterator[str | Exchange]:
    """Like `ask`, yielding text deltas first; the last item is the stored Exchange."""
    conversation = open_conversation(conversation_id, owner_key)
    yield str(conversation.id)
    for item in stream_answer(text, language=language, history=earlier_questions(conversation)):
        if isinstance(item, Answer):
            yield record(conversation, text, item)
        else:
            yield item


def delete_conversation(conversation_id: str, owner_key: str) -> bool:
    deleted, _ = Conversation.objects.filter(id=conversation_id, owner_key=owner_key).delete()
    return deleted > 0


def leave_feedback(message_id: int, owner_key: str, vote: str, reason: str = "") -> bool:
    """Record a vote on one of the owner's answers; False if it is not theirs (or not an answer)."""
    if vote not in Feedback.Vote.values:
        raise ChatInputError("invalid_vote", 'vote must be "up" or "down"')
    message = Message.objects.filter(
        pk=message_id, role=Message.Role.ASSISTANT, conversation__owner_key=owner_key
    ).first()
    if message is None:
        return False
    Feedback.objects.update_or_create(message=message, defaults={"vote": vote, "reason": reason[:500]})
    return True


def transcript_for(conversation_id: str, owner_key: str) -> str | None:
    """The conversation as plain text, for an enquiry the same visitor submits; None if not theirs."""
    try:
        conversation = open_conversation(parse_conversation_id(conversation_id), owner_key)
    except ChatInputError:
        return None
    lines = []
    for message in conversation.messages.all():
        speaker = "Visitor" if message.role == Message.Role.USER else "Assistant"
        lines.append(f"{speaker}: {message.text}")
    return "\n".join(lines)


def owner_key_for_session(session_key: str) -> str:
    return f"s:{session_key}"
