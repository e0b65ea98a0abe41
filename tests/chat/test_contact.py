"""'Contact a person': a stored request with a reference, errors in the page's language, and the chat
transcript only with consent and only the visitor's own."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from chat.conversation import Caller, ask, owner_key_for_session
from chat.models import ContactRequest

pytestmark = pytest.mark.django_db

URL = "/api/chat/contact/"


def _form(**changes: str) -> dict[str, str]:
    return {
        "name": "Chan Tai Man",
        "channel": "whatsapp",
        "contact": "+852 9123 4567",
        "question": "Can someone explain the waiting period?",
        "language": "en",
        **changes,
    }


def _conversation_of(client: Client) -> str:
    client.post("/api/chat/session/")
    owner = owner_key_for_session(client.session.session_key)
    caller = Caller(owner_key=owner)
    exchange = ask(text="Hello, what is a deductible?", conversation_id=None, language="en", caller=caller)
    return str(exchange.conversation.id)


def test_a_request_is_stored_with_a_reference(client: Client) -> None:
    response = client.post(URL, _form())
    assert response.status_code == 200
    reference = response.json()["reference"]
    assert re.fullmatch(r"CR-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", reference)
    stored = ContactRequest.objects.get(reference=reference)
    assert (stored.name, stored.channel, stored.contact) == ("Chan Tai Man", "whatsapp", "+85291234567")
    assert stored.transcript == "" and stored.language == "en"


def test_transcript_only_with_consent(client: Client) -> None:
    conversation = _conversation_of(client)
    without = client.post(URL, _form(conversation=conversation)).json()["reference"]
    assert ContactRequest.objects.get(reference=without).transcript == ""
    agreed = client.post(URL, _form(conversation=conversation, attach_transcript="on")).json()
    assert agreed["transcript"] is True
    assert (
        "Visitor: Hello, what is a deductible?"
        in ContactRequest.objects.get(reference=agreed["reference"]).transcript
    )


def test_someone_elses_transcript_is_never_attached(client: Client) -> None:
    conversation = _conversation_of(client)
    stranger = Client()
    stranger.post("/api/chat/session/")
    reply = stranger.post(URL, _form(conversation=conversation, attach_transcript="on")).json()
    assert ContactRequest.objects.get(reference=reply["reference"]).transcript == ""


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter your name"),
        ("zh-hant", "請輸入您的姓名"),
        ("zh-hans", "请输入您的姓名"),
    ],
)
def test_errors_are_specific_and_in_the_page_language(client: Client, language: str, message: str) -> None:
    response = client.post(URL, _form(name="", contact="12", language=language))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["name"] == [message]
    assert re.search(r"\+8[56]\d* \d", errors["contact"][0]), "the message shows the format"
    assert not ContactRequest.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("9123 4567", "+85291234567"),  # a Hong Kong number without its code
        ("+86 138 0013 8000", "+8613800138000"),
        ("+1 (415) 555-0100", "+14155550100"),
    ],
)
def test_phone_numbers_are_read_and_stored_in_one_form(client: Client, typed: str, stored: str) -> None:
    reference = client.post(URL, _form(channel="phone", contact=typed)).json()["reference"]
    assert ContactRequest.objects.get(reference=reference).contact == stored


@pytest.mark.parametrize("typed", ["12", "13800138000", "call me"])
def test_numbers_that_cannot_be_dialled_are_refused(client: Client, typed: str) -> None:
    assert client.post(URL, _form(channel="phone", contact=typed)).status_code == 400


def test_an_email_channel_needs_an_email_address(client: Client) -> None:
    assert client.post(URL, _form(channel="email", contact="+852 9123 4567")).status_code == 400
    assert client.post(URL, _form(channel="email", contact="lee@example.com")).status_code == 200


def test_the_request_needs_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, _form()).status_code == 403


def test_staff_see_requests_in_admin(client: Client) -> None:
    reference = client.post(URL, _form()).json()["reference"]
    admin = User.objects.create_superuser("staff", "staff@example.com", "pw")
    client.force_login(admin)
    listing = client.get("/en/admin/chat/contactrequest/").content.decode()
    assert reference in listing and "Chan Tai Man" in listing
    stored = ContactRequest.objects.get(reference=reference)
    page = client.get(f"/en/admin/chat/contactrequest/{stored.pk}/change/")
    assert page.status_code == 200 and "Can someone explain the waiting period?" in page.content.decode()
