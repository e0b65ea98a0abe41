"""`POST /api/chat/conversations/`: an empty conversation owned by the caller, known before any answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chat import owners
from chat.models import Conversation

pytestmark = pytest.mark.django_db
URL = "/api/chat/conversations/"


def _session_client() -> Client:
    client = Client()
    assert client.post("/api/chat/session/").status_code == 200
    return client


def _create(client: Client, **extra: Any) -> Any:
    return client.post(URL, "{}", content_type="application/json", **extra)


def test_a_session_owns_the_new_empty_conversation_and_no_one_else_can_use_it() -> None:
    visitor = _session_client()
    response = _create(visitor)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"conversation"}, "a cookie caller owns it by its session: no token is handed out"
    stored = Conversation.objects.get(id=body["conversation"])
    assert stored.owner_key == owners.owner_key_for_session(visitor.session.session_key)
    assert not stored.messages.exists()
    # Another session can neither add to it nor delete it; the owner can.
    other = _session_client()
    asked = other.post(
        "/api/chat/", {"message": "hi", "conversation": body["conversation"]}, "application/json"
    )
    assert asked.status_code == 404 and asked.json()["code"] == "unknown_conversation"
    assert other.delete(f"{URL}{body['conversation']}/").status_code == 404
    assert visitor.delete(f"{URL}{body['conversation']}/").status_code == 200
    assert not Conversation.objects.filter(id=body["conversation"]).exists()


def test_an_api_client_without_a_session_gets_the_token_that_owns_it() -> None:
    response = _create(Client())
    assert response.status_code == 201
    body = response.json()
    assert owners.is_token(body["token"])
    stored = Conversation.objects.get(id=body["conversation"])
    assert stored.owner_key == "" and stored.token_hash == owners.token_hash(body["token"])
    assert Client().delete(f"{URL}{body['conversation']}/").status_code == 404, "no token, no access"
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {body['token']}"}
    assert Client().delete(f"{URL}{body['conversation']}/", **bearer).status_code == 200


def test_bad_method_media_type_and_token_are_refused() -> None:
    visitor = _session_client()
    assert visitor.get(URL).status_code == 405
    assert visitor.delete(URL).status_code == 405
    # A cross-site form cannot post JSON: a forged form post on the visitor's cookie creates nothing.
    forged = visitor.post(URL, "x=1", content_type="text/plain")
    assert forged.status_code == 400 and forged.json()["code"] == "unsupported_media_type"
    bad_token = visitor.post(URL, {"token": "not-a-token"}, "application/json")
    assert bad_token.status_code == 400 and bad_token.json()["code"] == "invalid_token"
    assert not Conversation.objects.exists()


@pytest.mark.throttled
def test_creating_conversations_is_throttled_per_ip(settings: Any) -> None:
    settings.THROTTLES = {**settings.THROTTLES, "chat-conversations": [("ip", 3, 3600)]}
    codes = [_create(Client(), REMOTE_ADDR="203.0.113.5").status_code for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert _create(Client(), REMOTE_ADDR="203.0.113.6").status_code == 201
    assert Conversation.objects.count() == 4


def test_an_api_client_continues_its_conversation_with_the_token_alone() -> None:
    """A token belongs to one conversation: sent alone (body or Bearer header) it continues that
    conversation, not a new one; a well-formed token no conversation has is refused, not ignored."""
    client = Client()
    first = client.post("/api/chat/", {"message": "Hello"}, "application/json").json()
    again = client.post("/api/chat/", {"message": "Hi again", "token": first["token"]}, "application/json")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {first['token']}"}
    third = client.post("/api/chat/", {"message": "Thanks"}, "application/json", **bearer)  # type: ignore[arg-type]
    assert again.status_code == third.status_code == 200
    assert again.json()["conversation"] == third.json()["conversation"] == first["conversation"]
    assert again.json()["token"] == third.json()["token"] == first["token"], (
        "a reply gives back the token it was continued by: keeping the latest reply's token stays in it"
    )
    cookie_follow_up = client.post(
        "/api/chat/",
        {"message": "More", "conversation": first["conversation"], "token": first["token"]},
        "application/json",
    )
    assert cookie_follow_up.json()["token"] == first["token"]
    assert Conversation.objects.get().messages.count() == 8
    unknown = client.post("/api/chat/", {"message": "Hi", "token": owners.new_token()}, "application/json")
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_conversation"
