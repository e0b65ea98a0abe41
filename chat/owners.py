"""Who owns a conversation, stored so that the database never holds a credential.

A conversation is owned by the visitor's browser session, by one WebSocket connection (no
session), and optionally by a conversation token (API clients: apps, messaging bridges). What is
stored is a keyed hash (HMAC-SHA256 under SECRET_KEY) of each: a database reader, a backup or a
staff user in admin cannot turn it back into a session cookie or a token.

Kept apart from chat.conversation so migrations can import it without the answering stack.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils.crypto import salted_hmac

_SALT = "chat.owners"
TOKEN_PREFIX = "cvt_"  # noqa: S105 (a prefix that names the kind of token, not a secret)


def _keyed_hash(kind: str, secret: str) -> str:
    return salted_hmac(_SALT, f"{kind}:{secret}", algorithm="sha256").hexdigest()


def owner_key_for_session(session_key: str) -> str:
    """The stored owner of a browser session's conversations (64 hex characters)."""
    return _keyed_hash("session", session_key)


def owner_key_for_connection(nonce: str) -> str:
    return _keyed_hash("connection", nonce)


def new_token() -> str:
    """A conversation token, shown once to the client that started the conversation."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return _keyed_hash("token", token)


def is_token(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX) and 20 <= len(value) <= 100


def session_owner(session: SessionBase | None) -> str | None:
    """The owner key of a session that really exists in the store; None for a made-up cookie.

    Django keeps whatever key the cookie names until the session is loaded, so the store is asked.
    """
    key = getattr(session, "session_key", None)
    if session is None or not key or not session.exists(key):
        return None
    return owner_key_for_session(key)
