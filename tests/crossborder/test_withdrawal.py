"""Withdrawal erases everything personal and tells every insurer on every channel (issue 13, Medium 3)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from chat.models import Conversation, Message
from chat.owners import owner_key_for_session
from crossborder import leads
from crossborder.models import AuditEvent, InsurerToken, Lead, LeadWithdrawal
from tests.crossborder.conftest import EXPORT

pytestmark = pytest.mark.django_db
HKID = "A123456(7)"


def test_withdrawal_erases_the_conversation_audit_text_and_files_and_tells_everyone(
    client: Client, appetite: None, django_capture_on_commit_callbacks: Any
) -> None:
    session = client.session
    session.save()
    chat = Conversation.objects.create(owner_key=owner_key_for_session(str(session.session_key)))
    Message.objects.create(
        conversation=chat, role="user", text=f"I am Chan Tai Man, HKID {HKID}", language="en"
    )
    response = client.post(f"/en/enquiries/new/export_credit/?conversation={chat.id}", EXPORT)
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    lead = Lead.objects.get(enquiry__access_token=token, insurer__slug="kwun-tong-general")
    others = list(Lead.objects.filter(enquiry__access_token=token).exclude(pk=lead.pk))
    leads.accept(lead, "user:kt")
    valid = timezone.now().date() + timedelta(days=5)
    document = ContentFile(b"%PDF-1.4 quote", name="quote.pdf")
    leads.quote(
        lead,
        "user:kt",
        amount="8800",
        currency="HKD",
        valid_until=valid,
        notes=f"for {HKID}",
        document=document,
    )
    stored = Lead.objects.get(pk=lead.pk).quote_document.name
    assert default_storage.exists(stored)
    reference = lead.enquiry.reference

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = client.post(f"/en/enquiries/status/{token}/withdraw/")
    assert page.status_code == 200
    assert default_storage.exists(stored), "files go only after the commit"
    for callback in callbacks:
        callback()
    assert not default_storage.exists(stored)
    assert not Conversation.objects.filter(id=chat.id).exists()
    trail = json.dumps(
        list(AuditEvent.objects.filter(enquiry_reference=reference).values_list("changes", flat=True))
    )
    assert HKID not in trail and "Chan Tai Man" not in trail and "8800" not in trail
    # Every insurer is told, whatever channel it uses: the feed holds a row for each lead.
    told = {w.insurer.slug for w in LeadWithdrawal.objects.filter(reference=reference)}
    assert told == {lead.insurer.slug, *(o.insurer.slug for o in others)}


def test_the_insurer_api_has_a_withdrawal_feed(client: Client, appetite: None) -> None:
    from tests.crossborder.conftest import submit

    enquiry = submit(client, "export_credit", EXPORT)
    lead = enquiry.leads.get(insurer__slug="kwun-tong-general")
    other = enquiry.leads.exclude(pk=lead.pk).first()
    assert other is not None
    _, raw = InsurerToken.issue(lead.insurer, "crm")
    _, raw_other = InsurerToken.issue(other.insurer, "crm")
    before = timezone.now() - timedelta(seconds=1)
    client.post(f"/en/enquiries/status/{enquiry.access_token}/withdraw/")

    def get(path: str, token: str) -> Any:
        return client.get(f"/api/insurer{path}", HTTP_AUTHORIZATION=f"Bearer {token}")

    feed = get("/withdrawals", raw).json()
    assert [(row["delivery_id"], row["reference"]) for row in feed] == [
        (str(lead.delivery_id), enquiry.reference)
    ]
    later = urlencode({"since": (timezone.now() + timedelta(seconds=5)).isoformat()})
    assert get(f"/withdrawals?{later}", raw).json() == []
    assert len(get(f"/withdrawals?{urlencode({'since': before.isoformat()})}", raw).json()) == 1
    # Another insurer sees only its own lead's withdrawal and cannot acknowledge this one.
    assert [r["delivery_id"] for r in get("/withdrawals", raw_other).json()] == [str(other.delivery_id)]
    url = f"/api/insurer/withdrawals/{lead.delivery_id}/acknowledge"
    assert client.post(url, HTTP_AUTHORIZATION=f"Bearer {raw_other}").status_code == 404
    assert client.post(url, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert get("/withdrawals", raw).json()[0]["acknowledged_at"] is not None
