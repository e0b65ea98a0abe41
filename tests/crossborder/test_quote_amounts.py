"""Quote amounts: validated before they are stored, on SQLite and PostgreSQL alike (issue 13, High 1).

The parser itself (crossborder.money, journey's) is tested in test_money.py; here, the insurer API,
the dashboard and the repair of amounts stored before.
"""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.utils import timezone

from crossborder.models import AuditEvent, InsurerMember, InsurerToken, Lead
from tests.crossborder.conftest import EXPORT, submit


@pytest.fixture
def accepted_lead(client: Client, appetite: None) -> Lead:
    enquiry = submit(client, "export_credit", EXPORT)
    lead = enquiry.leads.get(insurer__slug="kwun-tong-general")
    lead.status = Lead.Status.ACCEPTED
    lead.save(update_fields=["status"])
    return lead


def _valid_until() -> str:
    return (timezone.now().date() + timedelta(days=5)).isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["1e13", "1e12", "Infinity", "NaN", "-1", "12.345", 1e13, "ten"])
def test_api_bad_amount_is_a_400_with_a_field_error(
    accepted_lead: Lead, client: Client, amount: object
) -> None:
    _, raw = InsurerToken.issue(accepted_lead.insurer, "crm")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.post(
        f"/api/insurer/leads/{accepted_lead.delivery_id}/quote",
        {"amount": amount, "currency": "HKD", "valid_until": _valid_until()},
        content_type="application/json",
        **auth,  # type: ignore[arg-type]
    )
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["amount"]
    assert response.json()["errors"]["amount"][0]["code"]
    # Nothing was stored and the lead still reads everywhere.
    assert client.get("/api/insurer/leads", **auth).status_code == 200  # type: ignore[arg-type]
    accepted_lead.refresh_from_db()
    assert (accepted_lead.status, accepted_lead.quote_amount) == ("accepted", None)


@pytest.mark.django_db
def test_api_past_date_is_a_field_error_and_a_good_quote_is_stored(
    accepted_lead: Lead, client: Client
) -> None:
    _, raw = InsurerToken.issue(accepted_lead.insurer, "crm")
    url = f"/api/insurer/leads/{accepted_lead.delivery_id}/quote"
    past = (timezone.now().date() - timedelta(days=2)).isoformat()
    response = client.post(
        url,
        {"amount": "10", "valid_until": past},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["valid_until"]
    response = client.post(
        url,
        {"amount": "999999999999.99", "valid_until": _valid_until()},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200 and response.json()["quote_amount"] == "999999999999.99"


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["1e13", "Infinity", "NaN"])
def test_dashboard_bad_amount_is_a_400_with_the_error_shown(accepted_lead: Lead, amount: str) -> None:
    user = User.objects.create_user("kt", password="pw-for-tests-only")
    InsurerMember.objects.create(user=user, insurer=accepted_lead.insurer)
    client = Client()
    client.force_login(user)
    url = f"/en/enquiries/insurer/leads/{accepted_lead.delivery_id}/"
    response = client.post(
        url, {"action": "quote", "amount": amount, "currency": "HKD", "valid_until": _valid_until()}
    )
    assert response.status_code == 400
    assert "amount" in response.content.decode().lower() or "infinity" in response.content.decode().lower()
    assert client.get(url).status_code == 200
    accepted_lead.refresh_from_db()
    assert accepted_lead.quote_amount is None


@pytest.mark.django_db
def test_repair_migration_frees_a_lead_holding_a_bad_amount(accepted_lead: Lead, client: Client) -> None:
    # What the unvalidated code stored: SQLite kept 1e13 as a float, PostgreSQL accepts NaN.
    bad = "1e13" if connection.vendor == "sqlite" else "'NaN'"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE crossborder_lead SET quote_amount = {bad} WHERE id = %s", [accepted_lead.pk])
    migration = importlib.import_module("crossborder.migrations.0009_repair_quote_amounts")
    # The function uses only the editor's connection; a real editor cannot open inside the test's transaction.
    migration.repair_quote_amounts(apps, SimpleNamespace(connection=connection))
    lead = Lead.objects.get(pk=accepted_lead.pk)
    assert lead.quote_amount is None
    assert AuditEvent.objects.filter(lead_id_ref=lead.pk, action="lead.quote_amount_repaired").exists()
    token = lead.enquiry.access_token
    assert client.get(f"/en/enquiries/status/{token}/").status_code == 200
    assert client.post(f"/en/enquiries/status/{token}/withdraw/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("quote.html", b"<html><script>alert(1)</script></html>", "invalid_type"),
        ("quote.pdf", b"MZ\x90\x00 not a pdf", "invalid_type"),
        ("quote.pdf", b"%PDF-1.4" + b"0" * 2048, "too_large"),
    ],
)
def test_quote_documents_are_pdf_or_images_within_the_size(
    accepted_lead: Lead, settings: Any, name: str, content: bytes, code: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from crossborder import leads

    settings.QUOTE_DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(leads.QuoteError) as refused:
        leads.quote(
            accepted_lead,
            "user:kt",
            amount="100",
            currency="HKD",
            valid_until=timezone.now().date(),
            document=SimpleUploadedFile(name, content),
        )
    assert refused.value.errors["document"][0]["code"] == code
    accepted_lead.refresh_from_db()
    assert accepted_lead.status == "accepted" and not accepted_lead.quote_document
    ok = leads.quote(
        accepted_lead,
        "user:kt",
        amount="100",
        currency="HKD",
        valid_until=timezone.now().date(),
        document=SimpleUploadedFile("q.pdf", b"%PDF-1.4 small"),
    )
    assert ok.quote_document.name.endswith(".pdf")
