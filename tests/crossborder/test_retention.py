"""Scheduled purges: enquiries (with files and conversation), chat, audit, sessions, task results
(issue 13, Medium 4)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chat.models import Conversation, Message
from crossborder import retention
from crossborder.models import AuditEvent, Enquiry, EventDelivery, Lead
from tests.crossborder.conftest import EXPORT, submit

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - timedelta(days=5000)


def test_every_kind_of_data_is_purged_after_its_period(
    client: Client, appetite: None, django_capture_on_commit_callbacks: Any, settings: Any, tmp_path: Any
) -> None:
    # A media folder of its own: the run's folder keeps quote files other tests (and earlier runs)
    # wrote, and the purge counts every orphan over an hour old, not only this test's.
    settings.MEDIA_ROOT = str(tmp_path)
    old_chat = Conversation.objects.create(owner_key="x")
    Message.objects.create(conversation=old_chat, role="user", text="HKID A123456(7)")
    Conversation.objects.filter(pk=old_chat.pk).update(created_at=LONG_AGO)
    Message.objects.filter(conversation=old_chat).update(created_at=LONG_AGO)
    fresh_chat = Conversation.objects.create(owner_key="y")
    enquiry = submit(client, "export_credit", {**EXPORT, "email": "old@example.com"})
    enquiry.conversation_id = old_chat.pk
    enquiry.save(update_fields=["conversation_id"])
    lead = enquiry.leads.first()
    assert lead is not None
    lead.quote_document.save("quote.pdf", ContentFile(b"%PDF-1.4"), save=True)
    stored = lead.quote_document.name
    orphan = default_storage.save("quotes/left-behind.pdf", ContentFile(b"%PDF-1.4"))
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=LONG_AGO)
    kept = submit(client, "export_credit", {**EXPORT, "email": "new@example.com"})
    AuditEvent.objects.create(enquiry_reference="GBA-OLD", actor="x", action="y")
    AuditEvent.objects.filter(enquiry_reference="GBA-OLD").update(at=LONG_AGO)
    session = SessionStore()
    session.create()
    Session.objects.filter(session_key=session.session_key).update(expire_date=LONG_AGO)
    done = DBTaskResult.objects.create(
        task_path="x.y",
        args_kwargs={},
        status="SUCCESSFUL",
        backend_name="default",
        run_after=LONG_AGO,
        finished_at=LONG_AGO,
    )
    import os

    os.utime(default_storage.path(orphan), (LONG_AGO.timestamp(), LONG_AGO.timestamp()))

    from chat.models import ContactRequest

    asked = [
        ContactRequest.objects.create(
            reference=f"CR-{n}", name="Chan", channel="phone", contact="+85291234567"
        )
        for n in "AB"
    ]
    ContactRequest.objects.filter(pk=asked[0].pk).update(created_at=LONG_AGO)
    told, telling = (
        EventDelivery.objects.create(
            event="lead.withdrawn",
            insurer=lead.insurer,
            lead_delivery_id=uuid.uuid4(),
            reference="GBA-OLD",
            state=state,
            created_at=LONG_AGO,
        )
        for state in ("delivered", "pending")
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = retention.purge_all()

    assert not Enquiry.objects.filter(pk=enquiry.pk).exists() and Enquiry.objects.filter(pk=kept.pk).exists()
    assert not default_storage.exists(stored) and not default_storage.exists(orphan)
    assert not Conversation.objects.filter(pk=old_chat.pk).exists()
    assert Conversation.objects.filter(pk=fresh_chat.pk).exists()
    assert not AuditEvent.objects.filter(enquiry_reference="GBA-OLD").exists()
    assert not Session.objects.filter(session_key=session.session_key).exists()
    assert not DBTaskResult.objects.filter(pk=done.pk).exists()
    assert counts["enquiries"] == 1 and counts["orphan_quote_files"] == 1
    assert Lead.objects.filter(enquiry=kept).exists()
    assert list(ContactRequest.objects.values_list("pk", flat=True)) == [asked[1].pk]
    # A withdrawal event is kept while it is still being sent, then as long as the notices.
    assert not EventDelivery.objects.filter(pk=told.pk).exists()
    assert EventDelivery.objects.filter(pk=telling.pk).exists()
