"""R6: a group with entities in Hong Kong and on the mainland: two enquiries and two sets of leads,
each with its own consents and data, each routed by its own entity's jurisdiction."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from crossborder.models import Enquiry, Lead
from tests.crossborder.conftest import EXPORT, submit

pytestmark = pytest.mark.django_db
USCC = "91440300MA5ABCDE1H"  # its check character matches (GB 32100-2015)
GROUP = {
    **EXPORT,
    "registration_no": "12345678",
    "group_entity_jurisdiction": "Shenzhen",
    "group_entity_registration_no": USCC,
    "group_entity_annual_turnover_hkd": "30000000",
    "consent_group_process": "on",
    "consent_group_share": "on",
}


def test_group_gets_two_enquiries_routed_by_each_entitys_jurisdiction(client: Client, appetite: None) -> None:
    hk = submit(client, "export_credit", GROUP)
    sz = hk.group_sibling
    assert sz is not None and sz.group_sibling == hk and Enquiry.objects.count() == 2
    assert (hk.applicant_jurisdiction, sz.applicant_jurisdiction) == ("HK", "Shenzhen")
    # HK entity → IA-authorised insurers (R1/R4); Shenzhen entity → mainland-licensed ones (R5).
    assert set(hk.leads.values_list("insurer__slug", flat=True)) == {
        "kwun-tong-general",
        "sham-shui-po-general",
    }
    assert set(sz.leads.values_list("insurer__slug", flat=True)) == {"yantian-port-insurance"}
    sz_log = {e["insurer"]: e["reason"] for e in sz.routing_log}
    assert "cross-boundary consent" in sz_log["sham-shui-po-general"]  # no crossing for it without consent
    for enquiry, other in ((hk, sz), (sz, hk)):
        note = enquiry.routing_log[0]
        assert note["note"] and note["reason"].startswith("R6:") and other.reference in note["reason"]
        assert all("(R6)" in lead.reason for lead in enquiry.leads.all())
    assert "(R5)" in sz_log["kwun-tong-general"]  # the HK-only insurer may not take the Shenzhen entity
    assert "licensed on the mainland" in sz.leads.get().reason
    assert "municipal_scheme_possible" in sz.flags and "ombp_sbp" in hk.flags  # R5 and R4 flags per entity


def test_each_entity_has_its_own_consents_and_data(client: Client, appetite: None) -> None:
    hk = submit(client, "export_credit", {**GROUP, "consent_cross_boundary": "on"})
    sz = hk.group_sibling
    assert sz is not None
    assert set(hk.consents.values_list("purpose", flat=True)) == {"process", "share", "cross_boundary"}
    assert set(sz.consents.values_list("purpose", flat=True)) == {"process", "share"}
    assert (hk.details["registration_no"], hk.details["annual_turnover_hkd"]) == ("12345678", 18_000_000)
    assert (sz.details["registration_no"], sz.details["annual_turnover_hkd"]) == (USCC, 30_000_000)
    assert sz.details["destination_countries"] == ["DE", "US"]  # the cover wanted is the group's
    for lead in Lead.objects.all():
        sent = json.dumps(lead.payload)
        own, others = (hk, sz) if lead.enquiry_id == hk.pk else (sz, hk)
        assert own.reference in sent and others.reference not in sent
        assert others.details["registration_no"] not in sent, "never the other entity's details"
    # Withdrawing one entity's consent erases that enquiry only.
    client.post(f"/en/enquiries/status/{sz.access_token}/withdraw/")
    hk.refresh_from_db()
    assert list(Enquiry.objects.all()) == [hk] and hk.group_sibling is None and hk.leads.count() == 2


def test_the_group_entity_is_validated_and_needs_its_own_consent(client: Client, appetite: None) -> None:
    def errors(data: dict[str, str]) -> dict[str, object]:
        response = client.post("/en/enquiries/new/export_credit/", data)
        assert response.status_code == 200
        return dict(response.context["form"].errors)

    assert "consent_group_process" in errors({**GROUP, "consent_group_process": ""})
    assert "group_entity_jurisdiction" in errors({**GROUP, "group_entity_jurisdiction": "HK"})  # same side
    assert "group_entity_registration_no" in errors({**GROUP, "group_entity_registration_no": "12"})
    assert not Enquiry.objects.exists()
    assert "group_entity_jurisdiction" not in client.get("/en/enquiries/new/pension/").context["form"].fields


def test_the_two_entities_are_not_merged_but_a_repeat_is(client: Client, appetite: None) -> None:
    hk = submit(client, "export_credit", GROUP)
    assert hk.status == hk.group_sibling.status == Enquiry.Status.ROUTED  # type: ignore[union-attr]
    from crossborder.confirmation import confirm_email, confirmation_token

    confirm_email(confirmation_token(hk))  # one link confirms both entities' enquiries
    again = submit(client, "export_credit", GROUP)
    assert again.merged_into == hk and again.group_sibling.merged_into == hk.group_sibling  # type: ignore[union-attr]


def test_the_api_takes_a_group_entity(client: Client, appetite: None) -> None:
    body = {
        "product_line": "overseas_ip",
        "applicant_jurisdiction": "Shenzhen",
        "contact_name": "Zhang Wei",
        "email": "zhang@example.com",
        "details": {
            "industry": "robotics",
            "cover_types": ["defence"],
            "territories": ["US"],
            "disputes_5y": 0,
        },
        "consents": ["process", "share"],
        "group_entity": {
            "jurisdiction": "HK",
            "registration_no": "87654321",
            "consents": ["process", "share"],
        },
    }
    r = client.post("/api/enquiries/", json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["applicant_jurisdiction"] == "Shenzhen" and "shenzhen_ip_subsidy" in created["flags"]
    group = created["group_entity"]
    assert set(created["insurers"]) == {"shekou-harbour-insurance", "longgang-tech-insurance"}
    assert group["applicant_jurisdiction"] == "HK"
    assert set(group["insurers"]) == {"kwun-tong-general", "tai-po-mutual"}  # IA-authorised, data in HK
    status_page = client.get(created["status_url"]).content.decode()
    assert group["reference"] in status_page
    bad = {**body, "group_entity": {"jurisdiction": "HK", "consents": "process"}}
    r = client.post("/api/enquiries/", json.dumps(bad), content_type="application/json")
    assert r.status_code == 400 and "group_entity" in r.json()["errors"]


def test_admin_shows_the_r6_reason_first(client: Client, appetite: None) -> None:
    from django.contrib.auth.models import User

    hk = submit(client, "export_credit", GROUP)
    client.force_login(User.objects.create_superuser("ops", "ops@example.com", "pw-for-tests-only"))
    page = client.get(f"/en/admin/crossborder/enquiry/{hk.pk}/change/").content.decode()
    assert page.index("R6: a group with entities in HK and Shenzhen") < page.index("sent to <b>")
    assert hk.group_sibling.reference in page  # type: ignore[union-attr]
