"""Storing conversations and answering within one; only the visitor's session can reach its conversations."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from chat import answer_memo, owners
from chat.answering import Answer
from chat.models import Conversation, Feedback, Message
from knowledge.language import canonical_language

# How many earlier questions a follow-up is read against.
HISTORY = 3


class ChatInputError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Caller:
    """Whoever asks: the stored owner key of their session or connection, and/or a conversation token.

    Either may be missing (an API client has only its token; a first question has no token yet).
    """

    owner_key: str | None
    token: str | None = None


@dataclass
class Exchange:
    conversation: Conversation
    message: Message
    answer: Answer
    # The conversation token, only on the exchange that started the conversation (shown once).
    token: str | None = None

    def final_frame(self) -> dict[str, Any]:
        return {
            "type": "answer",
            "conversation": str(self.conversation.id),
            "message": self.message.pk,
            "text": self.answer.text,
            "language": self.answer.language,
            "kind": self.answer.kind,
            # Why a `no_answer` declines when it is not the documents ("out_of_scope"), else "".
            "reason": self.answer.reason,
            "citations": self.answer.citations,
            # Tables as data for the widget and API clients; `text` holds them as plain text.
            "tables": [t.as_frame() for t in self.answer.tables],
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
    if language is not None:
        language = canonical_language(language) if isinstance(language, str) else None
        if language is None:
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


def parse_token(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not owners.is_token(value):
        raise ChatInputError("invalid_token", "token must be the conversation token the server gave you")
    return str(value)


def owned_by(caller: Caller) -> QuerySet[Conversation]:
    """The caller's conversations: by owner key, or by the token's hash; nothing if neither is given."""
    condition = Q(pk__in=[])
    if caller.owner_key:
        condition |= Q(owner_key=caller.owner_key)
    if caller.token:
        condition |= Q(token_hash=owners.token_hash(caller.token))
    return Conversation.objects.filter(condition)


def start_conversation(caller: Caller) -> tuple[Conversation, str]:
    """A new conversation and its token (returned once; only its hash is stored)."""
    token = owners.new_token()
    conversation = Conversation.objects.create(
        owner_key=caller.owner_key or "", token_hash=owners.token_hash(token)
    )
    return conversation, token


def open_conversation(conversation_id: str, caller: Caller) -> Conversation:
    """The caller's conversation; ChatInputError if it does not exist or is someone else's."""
    conversation = owned_by(caller).filter(id=conversation_id).first()
    if conversation is None:
        # Same answer whether it does not exist or belongs to someone else.
        raise ChatInputError("unknown_conversation", "no such conversation")
    return conversation


def _open_or_start(conversation_id: str | None, caller: Caller) -> tuple[Conversation, str | None]:
    """The conversation asked for; with none named, the one the caller's token stands for (a token
    belongs to one conversation, so an API client may send the token alone), or a new one."""
    if conversation_id is None and caller.token:
        conversation = Conversation.objects.filter(token_hash=owners.token_hash(caller.token)).first()
        if conversation is None:
            raise ChatInputError("unknown_conversation", "no conversation has this token")
        return conversation, None
    if conversation_id is None:
        return start_conversation(caller)
    return open_conversation(conversation_id, caller), None


def earlier_questions(conversation: Conversation) -> list[str]:
    texts = conversation.messages.filter(role=Message.Role.USER).order_by("-created_at", "-pk")
    return list(reversed(list(texts.values_list("text", flat=True)[:HISTORY])))


def record(conversation: Conversation, text: str, answer: Answer) -> Exchange:
    """The question and its answer, stored together in one INSERT (both or neither)."""
    question = Message(conversation=conversation, role=Message.Role.USER, text=text, language=answer.language)
    reply = Message(
        conversation=conversation,
        role=Message.Role.ASSISTANT,
        text=answer.text,
        language=answer.language,
        # An off-topic message is stored as such: it is no gap in the documents (admin's knowledge gaps).
        kind=answer.reason or answer.kind,
        citations=answer.citations,
    )
    Message.objects.bulk_create([question, reply])
    return Exchange(conversation, reply, answer)


def ask(*, text: str, conversation_id: str | None, language: str | None, caller: Caller) -> Exchange:
    """Answer `text` within a conversation the caller owns (a new one, with a token, if none is given):
    `ask_streaming`'s stored Exchange, answered the same way (the answer workers, the answer memo)."""
    *_, exchange = ask_streaming(text=text, conversation_id=conversation_id, language=language, caller=caller)
    assert isinstance(exchange, Exchange)
    return exchange


def ask_streaming(
    *, text: str, conversation_id: str | None, language: str | None, caller: Caller
) -> Iterator[str | Exchange]:
    """Like `ask`, yielding text deltas first; the last item is the stored Exchange."""
    conversation, token = _open_or_start(conversation_id, caller)
    yield str(conversation.id)
    # Only a new conversation comes with its token: it has no earlier questions to read.
    history = [] if token else earlier_questions(conversation)
    for item in answer_memo.answer_stream(text, language=language, history=history):
        if isinstance(item, Answer):
            exchange = record(conversation, text, item)
            exchange.token = token
            yield exchange
        else:
            yield item


def delete_conversation(conversation_id: str, caller: Caller) -> bool:
    deleted, _ = owned_by(caller).filter(id=conversation_id).delete()
    return deleted > 0


def leave_feedback(message_id: int, caller: Caller, vote: str, reason: str = "") -> bool:
    """Record a vote on one of the caller's answers; False if it is not theirs (or not an answer)."""
    if vote not in Feedback.Vote.values:
        raise ChatInputError("invalid_vote", 'vote must be "up" or "down"')
    message = Message.objects.filter(
        pk=message_id, role=Message.Role.ASSISTANT, conversation__in=owned_by(caller)
    ).first()
    if message is None:
        return False
    with transaction.atomic():
        stored, created = Feedback.objects.select_for_update().get_or_create(
            message=message, defaults={"vote": vote, "reason": reason[:500]}
        )
        if not created:
            # The widget stores a vote on click and sends the optional reason later, as the same
            # vote again: a repeat without a reason keeps the one given; a changed vote drops it.
            if reason or stored.vote != vote:
                stored.reason = reason[:500]
            stored.vote = vote
            stored.save(update_fields=["vote", "reason", "created_at"])
    return True


def transcript_for(conversation_id: str, owner_key: str | None) -> str | None:
    """The conversation as plain text, for an enquiry the same visitor submits; None if not theirs.

    `owner_key` is `owners.session_owner(request.session)` (None for a made-up session cookie).
    """
    try:
        parsed = parse_conversation_id(conversation_id)
        if parsed is None:
            return None
        conversation = open_conversation(parsed, Caller(owner_key))
    except ChatInputError:
        return None
    lines = []
    for message in conversation.messages.all():
        speaker = "Visitor" if message.role == Message.Role.USER else "Assistant"
        lines.append(f"{speaker}: {message.text}")
    return "\n".join(lines)


owner_key_for_session = owners.owner_key_for_session
