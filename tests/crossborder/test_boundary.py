"""Cross-boundary consent in routing and in service-level reassignment (domain brief §6.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from crossborder import services
from crossborder.models import InsurerAppetite, Lead
from tests.crossborder.conftest import BASE, submit

pytestmark = pytest.mark.django_db

SHENZHEN_SELLER = {
    **BASE,
    "applicant_jurisdiction": "Shenzhen",
    "phone": "+8613812345678",
    "product_line": "ecommerce",
    "seller_jurisdiction": "mainland",
    "platforms": ["Shopee"],
    "markets": "SG, MY",
}
HK_BASED = {"sham-shui-po-general", "tai-po-mutual"}  # mainland-licensed, but hold lead data in HK


def test_without_cross_boundary_consent_no_lead_leaves_the_mainland(client: Client, appetite: None) -> None:
    enquiry = submit(client, "ecommerce", SHENZHEN_SELLER)
    sent = set(enquiry.leads.values_list("insurer__slug", flat=True))
    assert sent == {"yantian-port-insurance", "shekou-harbour-insurance"}
    log = {e["insurer"]: e for e in enquiry.routing_log}
    for slug in HK_BASED:
        assert log[slug]["eligible"] is False
        assert "without the applicant's cross-boundary consent" in log[slug]["reason"]
    payloads = Lead.objects.filter(enquiry=enquiry).values_list("insurer__slug", flat=True)
    assert not HK_BASED & set(payloads)


def test_with_the_consent_the_hk_insurer_may_receive_it(client: Client, appetite: None) -> None:
    enquiry = submit(client, "ecommerce", {**SHENZHEN_SELLER, "consent_cross_boundary": "on"})
    sent = set(enquiry.leads.values_list("insurer__slug", flat=True))
    assert len(sent) == 3 and sent & HK_BASED
    hk_lead = enquiry.leads.filter(insurer__slug__in=HK_BASED).first()
    assert hk_lead is not None and "under the applicant's cross-boundary consent" in hk_lead.reason


def _expire(leads: object) -> None:
    Lead.objects.filter(pk__in=[lead.pk for lead in leads]).update(  # type: ignore[attr-defined]
        ack_due_at=timezone.now() - timedelta(minutes=1)
    )


def test_service_level_reassignment_stays_within_the_consent(client: Client, appetite: None) -> None:
    # No cross-boundary consent: the two Shenzhen insurers got it; the HK-based ones may not take over.
    enquiry = submit(client, "ecommerce", SHENZHEN_SELLER)
    _expire(enquiry.leads.all())
    assert services.reassign_overdue() == []
    notes = [e for e in enquiry.__class__.objects.get(pk=enquiry.pk).routing_log if e.get("sla")]
    assert len(notes) == 2 and all("within the consent given" in n["reason"] for n in notes)
    # With it, an HK-based insurer may take over. Tai Po is paused while the enquiry is routed,
    # so it is the one untried insurer when the sweep runs.
    InsurerAppetite.objects.filter(insurer__slug="tai-po-mutual").update(active=False)
    consenting = submit(
        client, "ecommerce", {**SHENZHEN_SELLER, "email": "wong@example.com", "consent_cross_boundary": "on"}
    )
    InsurerAppetite.objects.filter(insurer__slug="tai-po-mutual").update(active=True)
    first, second = consenting.leads.exclude(insurer__slug="sham-shui-po-general").order_by("pk")
    # The cross-boundary consent withdrawn before the lead times out: the sweep may not send it across.
    consent = consenting.consents.get(purpose="cross_boundary")
    consent.withdrawn_at = timezone.now()
    consent.save()
    _expire([first])
    assert services.reassign_overdue() == []
    consenting.refresh_from_db()
    assert "no other eligible insurer within the consent given" in consenting.routing_log[-1]["reason"]
    consent.withdrawn_at = None
    consent.save()
    _expire([second])
    (new,) = services.reassign_overdue()
    assert (new.enquiry_id, new.insurer.slug) == (consenting.pk, "tai-po-mutual")
    assert "service level" in new.reason and "under the applicant's cross-boundary consent" in new.reason
