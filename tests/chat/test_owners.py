"""Conversation ownership: keyed hashes at rest, real sessions only, and tokens for API clients.

Issue 13 High 2 (raw session keys stored and shown; any cookie value accepted) and issue 9 item 6
(a conversation token an app or messaging bridge uses without a cookie, over HTTP and WebSocket).
"""

from __future__ import annotations

import asyncio
import importlib
from types import SimpleNamespace

import httpx
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from chat.conversation import transcript_for
from chat.models import Conversation
from chat.owners import owner_key_for_session, token_hash
from tests.chat.test_transport import QUESTION, exchange, session_cookie
from tests.conftest import LiveASGIServer

FOLLOW_UP = "And the Standard plan?"


def test_the_database_and_admin_hold_no_session_key(
    plan_documents: list[str], live_asgi: LiveASGIServer
) -> None:
    cookie = session_cookie(live_asgi)
    session_key = cookie.split("=", 1)[1]
    answer = asyncio.run(exchange(live_asgi, [{"type": "message", "text": QUESTION}], cookie))[-1]
    stored = Conversation.objects.get(id=answer["conversation"])
    assert session_key not in stored.owner_key and stored.owner_key == owner_key_for_session(session_key)
    staff = Client()
    staff.force_login(User.objects.create_superuser("staff", "staff@example.com", "pw"))
    page = staff.get(f"/en/admin/chat/conversation/{stored.id}/change/").content.decode()
    assert page and session_key not in page and stored.owner_key not in page


def test_a_made_up_session_cookie_owns_nothing(plan_documents: list[str], live_asgi: LiveASGIServer) -> None:
    forged = "sessionid=abcdefgh12345678abcdefgh12345678"
    answer = asyncio.run(exchange(live_asgi, [{"type": "message", "text": QUESTION}], forged))[-1]
    conversation = answer["conversation"]
    # A second connection presenting the same made-up cookie is a stranger.
    again = asyncio.run(
        exchange(live_asgi, [{"type": "resume", "conversation": conversation, "last_seq": 0}], forged)
    )
    assert [f.get("code") for f in again] == ["unknown_conversation"]
    assert transcript_for(conversation, owner_key_for_session(forged.split("=", 1)[1])) is None
    # The session endpoint gives a real session instead of adopting the made-up key.
    response = httpx.post(f"{live_asgi.http_url}/api/chat/session/", headers={"Cookie": forged})
    assert response.cookies["sessionid"] not in ("", forged.split("=", 1)[1])


def test_an_api_client_continues_with_its_conversation_token(
    plan_documents: list[str], live_asgi: LiveASGIServer
) -> None:
    url = f"{live_asgi.http_url}/api/chat/"
    first = httpx.post(url, json={"message": QUESTION}).json()
    token, conversation = first["token"], first["conversation"]
    assert token.startswith("cvt_") and "sessionid" not in httpx.post(url, json={"message": QUESTION}).cookies
    stored = Conversation.objects.get(id=conversation)
    assert stored.token_hash == token_hash(token) and token not in stored.token_hash
    # Without the token, or with another conversation's token, the conversation is not found.
    follow = {"message": FOLLOW_UP, "conversation": conversation}
    assert httpx.post(url, json=follow).status_code == 404
    other = httpx.post(url, json={"message": QUESTION}).json()["token"]
    assert httpx.post(url, json=follow, headers={"Authorization": f"Bearer {other}"}).status_code == 404
    assert httpx.post(url, json={**follow, "token": "cvt_not-a-real-token-at-all"}).status_code == 404
    assert httpx.post(url, json={**follow, "token": "nonsense"}).status_code == 400
    # With it: a follow-up read against the first question, in the header or in the body.
    reply = httpx.post(url, json=follow, headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 200 and reply.json()["token"] == token and "800,000" in reply.json()["text"]
    assert httpx.post(url, json={**follow, "token": token}).json()["conversation"] == conversation
    # The same token works over the WebSocket, without any cookie.
    frames = asyncio.run(
        exchange(
            live_asgi, [{"type": "message", "text": FOLLOW_UP, "conversation": conversation, "token": token}]
        )
    )
    assert frames[-1]["type"] == "answer" and frames[-1]["conversation"] == conversation
    delete = f"{live_asgi.http_url}/api/chat/conversations/{conversation}/"
    assert httpx.delete(delete).status_code == 404
    assert httpx.delete(delete, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_migration_hashes_stored_session_keys(db: None) -> None:
    old = Conversation.objects.create(owner_key="s:q1w2e3r4t5y6u7i8o9p0asdfghjklzxc")
    migration = importlib.import_module("chat.migrations.0004_owner_key_hash_and_token")
    migration.hash_owner_keys(apps, SimpleNamespace(connection=connection))
    old.refresh_from_db()
    assert old.owner_key == owner_key_for_session("q1w2e3r4t5y6u7i8o9p0asdfghjklzxc")
    assert transcript_for(str(old.id), owner_key_for_session("q1w2e3r4t5y6u7i8o9p0asdfghjklzxc")) == ""
