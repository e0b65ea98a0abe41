"""The webhook connects to the address it checked (no DNS rebinding), IPv6 forms embedding IPv4 are
refused, and reply bodies are never stored (issue 13, Medium 5)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from crossborder import tasks, webhooks
from crossborder.models import EventDelivery, InsurerAppetite, Lead
from tests.crossborder.conftest import EXPORT, submit
from tests.crossborder.receiver import Receiver

pytestmark = pytest.mark.django_db
SECRET = "whsec-test-only"
REAL_GETADDRINFO = socket.getaddrinfo


@pytest.mark.parametrize(
    "address",
    [
        "::127.0.0.1",
        "64:ff9b::7f00:1",
        "2002:7f00:1::",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",
        "2002:c0a8:101::",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",
        "127.0.0.1",
        "10.1.2.3",
        "169.254.169.254",
        "fe80::1",
        "::1",
    ],
)
def test_non_public_addresses_and_ipv6_forms_embedding_them_are_refused(address: str) -> None:
    assert not webhooks.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:4700::1111", "64:ff9b::5db8:d822", "2002:5db8:d822::"]
)
def test_public_addresses_pass(address: str) -> None:
    assert webhooks.is_public(ipaddress.ip_address(address))


def _resolving(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """`insurer.test` resolves to each answer in turn (the last one repeats): a rebinding DNS server."""
    asked: list[str] = []

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "insurer.test":
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        answer = answers[min(len(asked), len(answers) - 1)]
        asked.append(answer)
        family = socket.AF_INET6 if ":" in answer else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (answer, int(port or 80)))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return asked


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(SECRET)
    yield r
    r.close()


def _lead(client: Any, receiver: Receiver, url: str) -> Lead:
    InsurerAppetite.objects.filter(insurer__slug="kwun-tong-general").update(
        webhook_url=url, webhook_secret=SECRET
    )
    return submit(client, "export_credit", EXPORT).leads.get(insurer__slug="kwun-tong-general")


def _event(lead: Lead) -> EventDelivery:
    return EventDelivery.objects.get(lead=lead)


@pytest.mark.parametrize("embedded", ["::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::"])
def test_a_host_resolving_to_an_embedded_loopback_is_refused(
    monkeypatch: pytest.MonkeyPatch, settings: Any, embedded: str
) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE = False
    _resolving(monkeypatch, [embedded])
    with pytest.raises(ValidationError):
        webhooks.validate_url("https://insurer.test/hook")


def test_a_rebinding_answer_never_reaches_the_address_behind_the_check(
    client: Any, appetite: None, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE = False
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    lead = _lead(client, receiver, f"http://insurer.test:{receiver.port}/hook")
    # First answer public (the check passes), every later one loopback (where the receiver listens).
    asked = _resolving(monkeypatch, ["93.184.216.34", "127.0.0.1"])
    tasks.deliver.call(_event(lead).pk)  # (no route out of this machine: a connection error, retried later)
    assert receiver.requests == [] and asked == ["93.184.216.34"]  # resolved once, connected there


def test_the_connection_keeps_the_host_name_and_the_reply_body_is_not_stored(
    client: Any, appetite: None, receiver: Receiver, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE = True
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    lead = _lead(client, receiver, f"http://insurer.test:{receiver.port}/hook")
    _resolving(monkeypatch, ["127.0.0.1"])
    receiver.respond = lambda n: 500
    receiver.reply_body = b"<script>alert(1)</script> Traceback: db password hunter2"
    tasks.deliver.call(_event(lead).pk)
    assert (
        receiver.requests[0]["host"] == f"insurer.test:{receiver.port}" and receiver.requests[0]["verified"]
    )
    error = _event(lead).attempts.get().error
    assert error == "HTTP 500 Internal Server Error" and "hunter2" not in error
