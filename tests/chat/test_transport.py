"""WebSocket and HTTP against the real ASGI app under uvicorn, with a real WebSocket client."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
import websockets
from django.contrib.auth.models import User
from django.test import Client

from chat.conversation import ChatInputError, owner_key_for_session, parse_message, transcript_for
from chat.models import Conversation, Feedback
from portal import ratelimit
from tests.conftest import LiveASGIServer

QUESTION = "What is the overall annual limit of the Harbourview Plus plan?"


def session_cookie(server: LiveASGIServer) -> str:
    response = httpx.post(f"{server.http_url}/api/chat/session/")
    assert response.status_code == 200
    return f"sessionid={response.cookies['sessionid']}"


async def exchange(
    server: LiveASGIServer, frames: list[Any], cookie: str = "", stop_after: int | None = None
) -> list[dict[str, Any]]:
    """Send each frame and read until its answer or error (or only `stop_after` frames, then drop)."""
    received: list[dict[str, Any]] = []
    headers = {"Cookie": cookie} if cookie else {}
    async with websockets.connect(
        f"{server.ws_url}/ws/chat/", origin=server.http_url, additional_headers=headers
    ) as socket:
        for frame in frames:
            await socket.send(frame if isinstance(frame, bytes | str) else json.dumps(frame))
            while True:
                message = json.loads(await asyncio.wait_for(socket.recv(), timeout=60))
                received.append(message)
                if stop_after is not None and len(received) >= stop_after:
                    return received
                is_resume = isinstance(frame, dict) and frame.get("type") == "resume"
                if message["type"] in ({"resumed", "error"} if is_resume else {"answer", "error"}):
                    break
    return received


def test_answer_streams_then_matches_the_http_answer(
    plan_documents: list[str], live_asgi: LiveASGIServer
) -> None:
    frames = asyncio.run(exchange(live_asgi, [{"type": "message", "text": QUESTION}]))
    final = frames[-1]
    assert final["type"] == "answer" and final["kind"] == "answer"
    deltas = [f for f in frames if f["type"] == "delta"]
    assert len(deltas) == 1 and deltas[0]["text"] == final["text"], "composed offline: one delta"
    assert [f["seq"] for f in frames] == list(range(1, len(frames) + 1))
    assert final["citations"][0]["doc_id"] == "harbourview-care"
    over_http = httpx.post(f"{live_asgi.http_url}/api/chat/", json={"message": QUESTION}).json()
    assert {k: over_http[k] for k in ("text", "kind", "reason", "language", "citations")} == {
        k: final[k] for k in ("text", "kind", "reason", "language", "citations")
    }
    assert over_http["conversation"] != final["conversation"]


def test_reconnecting_client_gets_exactly_what_it_missed(
    plan_documents: list[str], live_asgi: LiveASGIServer
) -> None:
    cookie = session_cookie(live_asgi)
    first = asyncio.run(exchange(live_asgi, [{"type": "message", "text": QUESTION}], cookie, stop_after=1))
    assert first[0]["type"] == "delta" and first[0]["seq"] == 1
    conversation = first[0]["conversation"]
    resumed = asyncio.run(
        exchange(live_asgi, [{"type": "resume", "conversation": conversation, "last_seq": 1}], cookie)
    )
    assert resumed[-1] == {"type": "resumed", "conversation": conversation}
    replayed = resumed[:-1]
    assert [f["seq"] for f in replayed] == list(range(2, len(replayed) + 2)), "no gap, no double"
    assert replayed[-1]["type"] == "answer"
    assert first[0]["text"] + "".join(f["text"] for f in replayed[:-1]) == replayed[-1]["text"]
    # The conversation goes on, numbered after what was sent before.
    more = asyncio.run(
        exchange(
            live_asgi,
            [{"type": "message", "text": "And the Standard plan?", "conversation": conversation}],
            cookie,
        )
    )
    assert more[0]["seq"] == replayed[-1]["seq"] + 1
    assert "800,000" in more[-1]["text"]


def test_a_client_back_before_the_answer_is_composed_gets_the_rest_of_it(
    plan_documents: list[str], live_asgi: LiveASGIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The client drops after the first delta and resumes while the answer is still being made:
    # the rest comes on the new connection, before "resumed", not only at a second resume.
    from chat import answering

    def slow(question: str, *, language: str | None = None, history: Any = ()) -> Any:
        yield "The overall annual limit "
        time.sleep(1.5)
        yield answering.Answer("The overall annual limit is HK$2,400,000.", "en", "answer")

    monkeypatch.setattr(answering, "stream_answer", slow)
    cookie = session_cookie(live_asgi)
    first = asyncio.run(exchange(live_asgi, [{"type": "message", "text": QUESTION}], cookie, stop_after=1))
    conversation = first[0]["conversation"]
    resumed = asyncio.run(
        exchange(live_asgi, [{"type": "resume", "conversation": conversation, "last_seq": 1}], cookie)
    )
    assert [f["type"] for f in resumed] == ["answer", "resumed"]
    assert resumed[0]["seq"] == 2 and "2,400,000" in resumed[0]["text"]


def test_no_visitor_reaches_another_visitors_conversation(
    plan_documents: list[str], live_asgi: LiveASGIServer
) -> None:
    owner, stranger = session_cookie(live_asgi), session_cookie(live_asgi)
    answer = asyncio.run(exchange(live_asgi, [{"type": "message", "text": QUESTION}], owner))[-1]
    conversation = answer["conversation"]
    attempts = asyncio.run(
        exchange(
            live_asgi,
            [
                {"type": "message", "text": "And the Standard plan?", "conversation": conversation},
                {"type": "resume", "conversation": conversation, "last_seq": 0},
            ],
            stranger,
        )
    )
    assert [f.get("code") for f in attempts] == ["unknown_conversation", "unknown_conversation"]
    url = f"{live_asgi.http_url}/api/chat/conversations/{conversation}/"
    assert httpx.delete(url, headers={"Cookie": stranger}).status_code == 404
    feedback_url = f"{live_asgi.http_url}/api/chat/messages/{answer['message']}/feedback/"
    assert httpx.post(feedback_url, json={"vote": "down"}, headers={"Cookie": stranger}).status_code == 404
    assert transcript_for(conversation, owner_key_for_session(stranger.split("=")[1])) is None
    transcript = transcript_for(conversation, owner_key_for_session(owner.split("=")[1]))
    assert transcript is not None and QUESTION in transcript and "2,400,000" in transcript
    assert httpx.delete(url, headers={"Cookie": owner}).status_code == 200
    assert not Conversation.objects.filter(id=conversation).exists()


def test_bad_input_gets_error_frames_and_the_connection_stays_usable(
    plan_documents: list[str], live_asgi: LiveASGIServer, settings: Any
) -> None:
    settings.CHAT_MAX_MESSAGE_CHARS = 70
    frames = asyncio.run(
        exchange(
            live_asgi,
            [
                b"\x00binary",
                "[1, 2",
                {"type": "subscribe"},
                {"type": "message", "text": "x" * 71},
                {"type": "message", "text": "hi", "conversation": "not-an-id"},
                {"type": "resume", "conversation": None},
                {"type": "message", "text": QUESTION},
            ],
        )
    )
    codes = [f.get("code") for f in frames if f["type"] == "error"]
    assert codes == [
        "binary_not_supported",
        "invalid_json",
        "unknown_type",
        "message_too_long",
        "invalid_conversation",
        "invalid_conversation",
    ]
    assert frames[-1]["type"] == "answer"


def test_rate_limits_per_connection_and_per_ip(
    plan_documents: list[str], live_asgi: LiveASGIServer, settings: Any
) -> None:
    settings.CHAT_RATE_PER_CONNECTION = 2
    settings.CHAT_RATE_PER_IP = 3
    settings.CHAT_RATE_WINDOW_SECONDS = 24 * 3600  # no window boundary during the test
    ratelimit.reset("ip", "127.0.0.1")
    ask = {"type": "message", "text": QUESTION}
    first = asyncio.run(exchange(live_asgi, [ask, ask, ask]))
    assert [f["type"] for f in first if f["type"] != "delta"] == ["answer", "answer", "error"]
    assert first[-1]["code"] == "rate_limited"
    second = asyncio.run(exchange(live_asgi, [ask, ask]))
    assert [f.get("code") for f in second if f["type"] != "delta"] == [None, "rate_limited"]
    assert httpx.post(f"{live_asgi.http_url}/api/chat/", json={"message": QUESTION}).status_code == 429


def test_votes_and_declines_show_up_as_knowledge_gaps(
    plan_documents: list[str], transactional_db: None
) -> None:
    visitor = Client()
    good = visitor.post("/api/chat/", {"message": QUESTION}, content_type="application/json").json()
    declined = visitor.post(
        "/api/chat/", {"message": "What is Harbourview's solvency ratio?"}, content_type="application/json"
    ).json()
    assert declined["kind"] == "no_answer" and declined["reason"] == ""
    off_topic = visitor.post(
        "/api/chat/", {"message": "Write me a poem about the moon."}, content_type="application/json"
    ).json()
    # Declined like the rest (the widget offers a person), but no gap in the documents.
    assert (off_topic["kind"], off_topic["reason"], off_topic["citations"]) == (
        "no_answer",
        "out_of_scope",
        [],
    )
    url = f"/api/chat/messages/{good['message']}/feedback/"
    assert visitor.post(url, {"vote": "down"}, content_type="application/json").status_code == 404  # no token
    auth = {"HTTP_AUTHORIZATION": f"Bearer {good['token']}"}
    assert visitor.post(url, {"vote": "sideways"}, content_type="application/json", **auth).status_code == 400  # type: ignore[arg-type]
    response = visitor.post(
        url,
        {"vote": "down", "reason": "wrong plan level"},
        content_type="application/json",
        **auth,  # type: ignore[arg-type]
    )
    assert response.status_code == 200
    assert Feedback.objects.get().reason == "wrong plan level"
    staff = Client()
    staff.force_login(User.objects.create_superuser("staff", "staff@example.com", "pw"))
    page = staff.get("/en/admin/chat/knowledgegap/").content.decode()
    assert "solvency ratio" in page and QUESTION in page and "wrong plan level" in page
    assert "poem about the moon" not in page


@pytest.mark.django_db
def test_http_api_rejects_malformed_requests(client: Client) -> None:
    assert client.post("/api/chat/", "{nope", content_type="application/json").status_code == 400
    # A cross-site form cannot post JSON: a forged form post on the visitor's cookie is refused.
    forged = client.post("/api/chat/", "message=hi", content_type="text/plain")
    assert forged.status_code == 400 and forged.json()["code"] == "unsupported_media_type"
    assert client.post("/api/chat/messages/1/feedback/", {"vote": "down"}).status_code == 400
    assert client.get("/api/chat/").status_code == 405
    response = client.post(
        "/api/chat/",
        {"message": "hi", "conversation": "00000000-0000-0000-0000-000000000000"},
        content_type="application/json",
    )
    assert response.status_code == 404 and response.json()["code"] == "unknown_conversation"


def test_a_chat_message_takes_its_language_tag_in_any_case_and_refuses_one_the_portal_lacks() -> None:
    assert parse_message({"text": "hi", "language": "zh-hans"})[2] == "zh-Hans"
    assert parse_message({"text": "hi"})[2] is None
    for bad in ("fr", 3, "zh"):
        with pytest.raises(ChatInputError) as refused:
            parse_message({"text": "hi", "language": bad})
        assert refused.value.code == "invalid_language"


def test_resume_is_rate_limited_per_connection(live_asgi: LiveASGIServer, settings: Any) -> None:
    settings.CHAT_RATE_PER_CONNECTION = 2
    settings.CHAT_RATE_WINDOW_SECONDS = 24 * 3600
    resume = {"type": "resume", "conversation": "00000000-0000-0000-0000-000000000000", "last_seq": 0}
    frames = asyncio.run(exchange(live_asgi, [resume, resume, resume]))
    assert [f.get("code") for f in frames] == ["unknown_conversation", "unknown_conversation", "rate_limited"]


@pytest.mark.parametrize(
    "origin",
    ["https://evil.example", "https://127.0.0.1", "http://127.0.0.1", "http://127.0.0.1:1", "null"],
)
def test_only_the_portals_own_origin_may_open_the_websocket(live_asgi: LiveASGIServer, origin: str) -> None:
    # Same host with another scheme or port is another origin (another site on the machine).
    async def connect(value: str) -> None:
        async with websockets.connect(f"{live_asgi.ws_url}/ws/chat/", origin=value):  # type: ignore[arg-type]
            pass

    with pytest.raises(websockets.exceptions.InvalidStatus):
        asyncio.run(connect(origin))
    asyncio.run(connect(live_asgi.http_url))  # the portal's own page


def test_listed_origins_may_open_the_websocket(live_asgi: LiveASGIServer, settings: Any) -> None:
    settings.CHAT_ALLOWED_ORIGINS = ["https://partner.example"]

    async def connect() -> None:
        async with websockets.connect(f"{live_asgi.ws_url}/ws/chat/", origin="https://partner.example"):  # type: ignore[arg-type]
            pass

    asyncio.run(connect())


def test_one_ip_cannot_hold_more_than_its_share_of_sockets(live_asgi: LiveASGIServer, settings: Any) -> None:
    settings.CHAT_MAX_CONNECTIONS_PER_IP = 3

    async def hold() -> list[bool]:
        opened, results = [], []
        for _ in range(4):
            try:
                opened.append(
                    await websockets.connect(f"{live_asgi.ws_url}/ws/chat/", origin=live_asgi.http_url)
                )
                results.append(True)
            except websockets.exceptions.InvalidStatus:
                results.append(False)
        await opened[0].close()
        await asyncio.sleep(0.2)
        again = await websockets.connect(f"{live_asgi.ws_url}/ws/chat/", origin=live_asgi.http_url)
        results.append(True)
        for socket in [*opened[1:], again]:
            await socket.close()
        return results

    assert asyncio.run(hold()) == [True, True, True, False, True]  # a closed socket frees its slot
