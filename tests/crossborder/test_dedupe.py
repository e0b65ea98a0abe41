"""Deduplication only after the applicant confirms their e-mail, and no merge oracle (issue 13, Medium 1)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from crossborder import confirmation
from crossborder.models import Enquiry
from tests.crossborder.conftest import EXPORT, submit

pytestmark = pytest.mark.django_db
API = {
    "product_line": "export_credit",
    "applicant_jurisdiction": "HK",
    "contact_name": "Chan Tai Man",
    "email": "victim@example.com",
    "details": {"annual_turnover_hkd": 18000000, "destination_countries": ["US", "DE"]},
    "consents": ["process", "share"],
}


def api(client: Client, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/enquiries/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    result: dict[str, Any] = response.json()
    return result


def test_an_unconfirmed_first_enquiry_cannot_swallow_the_real_applicants(
    client: Client, appetite: None
) -> None:
    # Someone asks first with the victim's address, and never confirms (they cannot).
    api(client, {**API, "contact_name": "Mallory"})
    real = Enquiry.objects.get(reference=api(client, API)["reference"])
    assert real.status == Enquiry.Status.ROUTED and real.leads.exists() and real.merged_into is None


def test_the_response_is_the_same_whether_or_not_it_was_merged(client: Client, appetite: None) -> None:
    first = Enquiry.objects.get(reference=api(client, API)["reference"])
    confirmation.confirm_email(confirmation.confirmation_token(first))
    merged = api(client, API)
    fresh = api(client, {**API, "email": "someone-else@example.com"})
    assert Enquiry.objects.get(reference=merged["reference"]).status == Enquiry.Status.MERGED
    shape = ("status", "insurers", "flags")
    assert {k: merged[k] for k in shape} == {k: fresh[k] for k in shape}
    assert first.reference not in json.dumps(merged)
    page = client.get(merged["status_url"].split("testserver", 1)[1]).content.decode()
    other = client.get(fresh["status_url"].split("testserver", 1)[1]).content.decode()
    assert first.reference not in page
    varying = r"GBA-\w+|/status/[^/]+/|value=\"\w{64}\""  # references, links, CSRF tokens
    assert re.sub(varying, "", page) == re.sub(varying, "", other)


def test_the_confirmation_link_is_emailed_and_bound_to_the_address(client: Client, appetite: None) -> None:
    mail.outbox.clear()
    enquiry = submit(client, "export_credit", EXPORT)
    assert len(mail.outbox) == 1  # one e-mail on sending: the status link and the confirmation link
    link = re.search(r"https?://\S+/confirm/\S+", mail.outbox[0].body).group(0)  # type: ignore[union-attr]
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get(f"/{path}").status_code == 200  # a GET (a mail scanner) confirms nothing
    assert Enquiry.objects.get(pk=enquiry.pk).email_confirmed_at is None
    assert client.post(f"/{path}").status_code == 200
    assert Enquiry.objects.get(pk=enquiry.pk).email_confirmed_at is not None
    Enquiry.objects.filter(pk=enquiry.pk).update(email="changed@example.com", email_confirmed_at=None)
    assert confirmation.confirm_email(path.rstrip("/").rsplit("/", 1)[1]) is None
    assert client.post("/en/enquiries/confirm/forged-token/").status_code == 404


def test_the_merge_is_told_to_the_confirmed_address(appetite: None) -> None:
    from crossborder.tasks import email_merged

    client = Client()
    first = submit(client, "export_credit", EXPORT)
    Enquiry.objects.filter(pk=first.pk).update(email_confirmed_at=first.created_at)
    second = submit(client, "export_credit", EXPORT)
    assert second.status == Enquiry.Status.MERGED and first.access_token not in mail.outbox[-1].body
    email_merged.call(second.pk)
    assert mail.outbox[-1].to == [EXPORT["email"]] and first.reference in mail.outbox[-1].subject
    assert first.access_token in mail.outbox[-1].body  # the earlier enquiry's link, by e-mail only
