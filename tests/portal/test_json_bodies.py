"""Hostile JSON (5,000 levels deep, unpaired surrogates) is a 400, or an error frame, never a 500
(issue 13, Low)."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from crossborder.models import InsurerToken, Lead
from portal import jsonsafe
from tests.conftest import LiveASGIServer

DEEP = "[" * 5000 + "]" * 5000
DEEP_IN_OBJECT = '{"message": ' + "[" * 5000 + "]" * 5000 + "}"
SURROGATE = '{"message": "hi \\ud800 there", "product_line": "export_credit", "contact_name": "\\udfff"}'
BODIES = [DEEP, DEEP_IN_OBJECT, SURROGATE]


def test_the_parser_refuses_and_accepts_what_it_should() -> None:
    for body in BODIES:
        with pytest.raises(ValueError):
            jsonsafe.loads(body)
    assert jsonsafe.loads('{"a": "[[[[ not nesting \\" {{{{", "b": "\\ud83d\\ude00"}') == {
        "a": '[[[[ not nesting " {{{{',
        "b": "😀",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize(
    "path", ["/api/enquiries/", "/api/enquiries/matches/", "/api/chat/", "/api/chat/messages/1/feedback/"]
)
def test_json_endpoints_answer_400(client: Client, path: str, body: str) -> None:
    assert client.post(path, body, content_type="application/json").status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("body", BODIES)
def test_the_insurer_api_answers_400(client: Client, demo_catalogue: None, body: str) -> None:
    from tests.crossborder.conftest import EXPORT, submit

    call_command("load_appetite", verbosity=0)
    lead: Lead = submit(client, "export_credit", EXPORT).leads.first()  # type: ignore[assignment]
    _, raw = InsurerToken.issue(lead.insurer, "crm")
    response = client.post(
        f"/api/insurer/leads/{lead.delivery_id}/quote",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400
    assert response.json() == {  # the one JSON error shape (issue 13, F3), `detail` kept (E18)
        "errors": {"__all__": [{"message": "Cannot parse request body", "code": "invalid_json"}]},
        "detail": "Cannot parse request body",
    }
    surrogate_notes = {
        "amount": "10",
        "valid_until": (timezone.now().date() + timedelta(days=1)).isoformat(),
        "notes": "\ud800",
    }
    text = json.dumps(surrogate_notes)  # ASCII escapes: valid JSON, invalid text
    response = client.post(
        f"/api/insurer/leads/{lead.delivery_id}/accept", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    response = client.post(
        f"/api/insurer/leads/{lead.delivery_id}/quote",
        text,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400


def test_the_websocket_answers_an_error_frame_and_stays_open(live_asgi: LiveASGIServer) -> None:
    from tests.chat.test_transport import exchange

    frames = asyncio.run(
        exchange(live_asgi, [DEEP, '{"type": "message", "text": "\\ud800"}', {"type": "nope"}])
    )
    assert [f.get("code") for f in frames] == ["invalid_json", "invalid_json", "unknown_type"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/enquiries/",
        "/api/enquiries/matches/",
        "/api/chat/",
        "/api/insurer/leads/00000000-0000-0000-0000-000000000000/quote",
    ],
)
def test_a_body_over_the_upload_limit_is_a_413_json_and_one_log_line(
    client: Client, settings: Any, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    """Past DATA_UPLOAD_MAX_MEMORY_SIZE Django raised RequestDataTooBig wherever the body was read
    first: an HTML 400 and a traceback (issue 13, F2)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"contact_name": "x" * 20_000})
    with caplog.at_level(logging.WARNING):
        response = client.post(path, body, content_type="application/json")
    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert response.json() == {
        "errors": {"__all__": [{"message": "request body too large", "code": "too_large"}]}
    }
    assert [r.exc_info for r in caplog.records] == [None] * len(caplog.records)  # no traceback
    ours = [r.getMessage() for r in caplog.records if r.name == "portal.middleware.body_limit"]
    assert len(ours) == 1 and path in ours[0]
