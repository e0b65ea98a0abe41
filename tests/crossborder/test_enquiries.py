"""Enquiry forms and API: per-line validation, prefill, consent, merging, withdrawal, retention, audit."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from crossborder.models import AuditEvent, ConsentRecord, Enquiry, InsurerAppetite, Lead
from tests.crossborder.conftest import EXPORT, MEDICAL, submit

pytestmark = pytest.mark.django_db


def test_export_enquiry_is_routed_by_appetite_with_reasons_and_audit(client: Client, appetite: None) -> None:
    enquiry = submit(client, "export_credit", EXPORT)
    slugs = set(enquiry.leads.values_list("insurer__slug", flat=True))
    # HK applicant: IA-authorised export-credit insurers whose appetite fits.
    assert slugs == {"kwun-tong-general", "sham-shui-po-general"}
    log = {e["insurer"]: e for e in enquiry.routing_log}
    assert "R5" in log["yantian-port-insurance"]["reason"] or "R1" in log["yantian-port-insurance"]["reason"]
    assert log["kwun-tong-general"]["eligible"] is True
    assert "ombp_sbp" in enquiry.flags
    assert enquiry.consents.get(purpose="share").text_version == "2026-11.1"
    lead = enquiry.leads.first()
    assert lead is not None
    # Only what the insurer needs: no transcript, no portal-internal fields.
    assert set(lead.payload) == {
        "reference",
        "product_line",
        "applicant_jurisdiction",
        "contact",
        "details",
        "flags",
    }
    assert lead.payload["details"]["destination_countries"] == ["DE", "US"]
    actions = set(
        AuditEvent.objects.filter(enquiry_reference=enquiry.reference).values_list("action", flat=True)
    )
    assert {"enquiry.created", "enquiry.routed", "lead.created"} <= actions


def test_field_errors_in_the_users_language_and_nothing_stored(client: Client, appetite: None) -> None:
    bad = {**EXPORT, "annual_turnover_hkd": "-5", "registration_no": "12", "credit_period_days": "999"}
    response = client.post("/zh-hans/enquiries/new/export_credit/", bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"annual_turnover_hkd", "registration_no", "credit_period_days"} <= set(errors)
    page = response.content.decode()
    assert "请输入大于零的金额" in page and "请输入 0 至 360 之间的数字" in page  # specific, in Chinese
    assert "香港商业登记号码为 8 位数字" in page
    assert not Enquiry.objects.exists()


def test_health_answer_needs_the_sensitive_consent_and_goes_to_one_insurer(
    client: Client, appetite: None
) -> None:
    data = {
        **MEDICAL,
        "health_flag": "on",
    }
    response = client.post("/en/enquiries/new/gba_medical/", data)
    assert "consent_sensitive" in response.context["form"].errors
    enquiry = submit(client, "gba_medical", {**data, "consent_sensitive": "on"})
    assert enquiry.leads.count() == 1
    assert enquiry.leads.get().insurer.slug == "lantau-peak-health"  # the only HK one taking R9 cases
    assert enquiry.leads.get().payload["details"]["health_flag"] is True


def test_prefill_from_the_chats_extract_vocabulary(client: Client, appetite: None) -> None:
    query = (
        "entity_jurisdiction=Shenzhen&annual_turnover_hkd=18000000&destination_countries=US,DE"
        "&payment_terms=OA,DA&credit_period_days=90&nonsense=1"
    )
    form = client.get(f"/en/enquiries/new/export_credit/?{query}").context["form"]
    assert form["applicant_jurisdiction"].value() == "Shenzhen"
    assert form["annual_turnover_hkd"].value() == "18,000,000"  # shown grouped, as the form shows amounts
    assert form["payment_terms"].value() == ["OA", "DA"]
    assert form["destination_countries"].value() == "US,DE"
    ip = client.get("/en/enquiries/new/overseas_ip/?patents=US:3,EP:2&cover_types=enforcement").context[
        "form"
    ]
    # One box per patent office, filled from the chat's "US:3,EP:2".
    assert 'id="id_patents_US" value="3"' in str(ip["patents"])
    assert 'id="id_patents_EP" value="2"' in str(ip["patents"])
    medical = client.get(
        "/en/enquiries/new/gba_medical/?residency_status=hk_permanent&ages=42,40,9&insured_relationships=self,spouse,child"
    ).context["form"]
    assert medical["applicant_jurisdiction"].value() == "HK"
    assert medical["insured_relationships"].value() == ["self", "spouse", "child"]
    pension = client.get(
        "/en/enquiries/new/pension/?hk_taxpayer=false&hk_permanent_resident=true&age=62"
    ).context["form"]
    assert (pension["hk_taxpayer"].value(), pension["hk_permanent_resident"].value()) == (False, True)


def test_no_share_consent_means_nothing_shared(client: Client, appetite: None) -> None:
    data = {k: v for k, v in EXPORT.items() if k != "consent_share"}
    enquiry = submit(client, "export_credit", data)
    assert enquiry.status == Enquiry.Status.NOT_ROUTED and not enquiry.leads.exists()


def test_same_applicant_and_line_within_30_days_is_merged(client: Client, appetite: None) -> None:
    first = submit(client, "export_credit", EXPORT)
    Enquiry.objects.filter(pk=first.pk).update(email_confirmed_at=timezone.now())  # see test_dedupe.py
    second = submit(client, "export_credit", {**EXPORT, "email": "CHAN@example.com"})
    assert second.status == Enquiry.Status.MERGED and second.merged_into == first
    assert not second.leads.exists()
    # Told to the confirmed address only: the page does not reveal the earlier enquiry.
    assert first.reference not in client.get(f"/en/enquiries/status/{second.access_token}/").content.decode()


def test_complaint_is_not_routed(client: Client, appetite: None) -> None:
    enquiry = submit(client, "export_credit", {**EXPORT, "complaint": "on"})
    assert enquiry.status == Enquiry.Status.BLOCKED and not enquiry.leads.exists()
    assert "12378" in client.get(f"/en/enquiries/status/{enquiry.access_token}/").content.decode()


def test_withdrawal_erases_and_retention_purges(client: Client, appetite: None) -> None:
    enquiry = submit(client, "export_credit", EXPORT)
    reference = enquiry.reference
    response = client.post(f"/en/enquiries/status/{enquiry.access_token}/withdraw/")
    assert response.status_code == 200 and reference in response.content.decode()
    assert not Enquiry.objects.filter(reference=reference).exists()
    assert not Lead.objects.exists() and not ConsentRecord.objects.exists()
    assert AuditEvent.objects.filter(
        enquiry_reference=reference, action="enquiry.withdrawn_and_erased"
    ).exists()
    old = submit(client, "export_credit", {**EXPORT, "email": "old@example.com"})
    Enquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))
    fresh = submit(client, "export_credit", {**EXPORT, "email": "new@example.com"})
    call_command("purge_enquiries", "--days", "730", stdout=StringIO())
    assert list(Enquiry.objects.values_list("pk", flat=True)) == [fresh.pk]


API_OK = {
    "product_line": "ecommerce",
    "applicant_jurisdiction": "HK",
    "contact_name": "Lee",
    "email": "lee@example.com",
    "details": {"seller_jurisdiction": "HK", "platforms": ["Amazon"], "markets": ["US"]},
    "consents": ["process", "share"],
}


def test_api_validates_like_the_form(client: Client, appetite: None) -> None:
    def post(body: object, raw: bytes | None = None) -> tuple[int, dict[str, object]]:
        r = client.post(
            "/api/enquiries/", raw if raw is not None else json.dumps(body), content_type="application/json"
        )
        return r.status_code, r.json()

    ok = API_OK
    status, body = post(ok)
    assert status == 201 and body["insurers"] == ["sham-shui-po-general"]  # US listing → R7
    hostile = [
        ({**ok, "email": "x" * 300}, "email"),
        ({**ok, "details": {**ok["details"], "platforms": ["Amazon'; DROP TABLE"]}}, "platforms"),  # type: ignore[dict-item]
        ({**ok, "details": {**ok["details"], "markets": ["<script>"]}}, "markets"),  # type: ignore[dict-item]
        ({**ok, "consents": ["share"]}, "consents"),
        ({**ok, "product_line": "yachts"}, "product_line"),
        ({**ok, "contact_name": ["a", "b"]}, "contact_name"),
    ]
    for payload, field in hostile:
        status, body = post(payload)
        assert status == 400 and field in body["errors"], (field, body)  # type: ignore[operator]
    assert post(None, b"{bad json")[0] == 400
    assert post(None, b"[1,2]")[0] == 400
    assert post(None, json.dumps({**ok, "contact_name": "x" * 70_000}).encode())[0] == 413
    assert Enquiry.objects.count() == 1


@pytest.mark.parametrize(
    ("where", "typed", "stored"),
    [
        ("HK", "91234567", "+85291234567"),  # journey test E19: +852 was demanded
        ("HK", "9123 4567", "+85291234567"),
        ("Shenzhen", "138 0013 8000", "+8613800138000"),
        ("other", "+44 20 7946 0958", "+442079460958"),
        ("HK", "+86 138 0013 8000", "+8613800138000"),
    ],
)
def test_a_phone_without_its_country_code_is_read_where_the_applicant_is(
    client: Client, appetite: None, where: str, typed: str, stored: str
) -> None:
    payload = {**API_OK, "applicant_jurisdiction": where, "phone": typed}
    response = client.post("/api/enquiries/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Enquiry.objects.get().phone == stored


@pytest.mark.parametrize(("where", "typed"), [("HK", "12345"), ("other", "91234567"), ("HK", "9123456")])
def test_a_phone_that_is_no_number_there_is_refused(
    client: Client, appetite: None, where: str, typed: str
) -> None:
    payload = {**API_OK, "applicant_jurisdiction": where, "phone": typed}
    response = client.post("/api/enquiries/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 400 and "phone" in response.json()["errors"]


def _is_error_shape(body: dict[str, object]) -> bool:
    """The README's shape: {"errors": {field: [{"message", "code"}]}}, codes non-empty."""
    errors = body.get("errors")
    return isinstance(errors, dict) and all(
        isinstance(items, list)
        and items
        and all(set(e) == {"message", "code"} and e["message"] and e["code"] for e in items)
        for items in errors.values()
    )


@pytest.mark.parametrize("path", ["/api/enquiries/", "/api/enquiries/matches/"])
def test_api_errors_have_one_shape_and_name_every_bad_field(
    client: Client, appetite: None, path: str
) -> None:
    """Bare strings ("Expected a single value.", "a list of consent purposes") and a first-error-only
    answer were replaced by one shape naming every bad field (issue 13, F3)."""

    def post(raw: bytes) -> tuple[int, dict[str, object]]:
        r = client.post(path, raw, content_type="application/json")
        return r.status_code, r.json()

    several = {
        **API_OK,
        "contact_name": ["a", "b"],
        "consents": "process",
        "details": ["not", "an object"],
        "group_entity": "x",
        "email": "not-an-address",
    }
    status, body = post(json.dumps(several).encode())
    assert status == 400 and _is_error_shape(body), body
    assert {"contact_name", "consents", "details", "group_entity", "email"} <= set(body["errors"]), body  # type: ignore[arg-type]
    for raw in (b"{bad json", b"[1,2]", json.dumps({**API_OK, "product_line": "yachts"}).encode()):
        status, body = post(raw)
        assert status == 400 and _is_error_shape(body), (raw, body)
    status, body = post(json.dumps({**API_OK, "contact_name": "x" * 70_000}).encode())
    assert status == 413 and _is_error_shape(body), body


def test_api_status_url_is_in_the_applicants_language(client: Client, appetite: None) -> None:
    """The JSON API has no language prefix; the link must follow `language`, like the e-mail (F4)."""
    r = client.post(
        "/api/enquiries/", json.dumps({**API_OK, "language": "zh-Hant"}), content_type="application/json"
    )
    assert r.status_code == 201, r.json()
    assert "/zh-hant/enquiries/" in r.json()["status_url"]


def test_appetite_file_loads_all_or_nothing(tmp_path: Path, demo_catalogue: None) -> None:
    good = tmp_path / "a.json"
    good.write_text(json.dumps({"appetite": [{"insurer": "tai-po-mutual", "daily_cap": 5, "weight": 3}]}))
    call_command("load_appetite", str(good), stdout=StringIO())
    assert InsurerAppetite.objects.get(insurer__slug="tai-po-mutual").daily_cap == 5
    bad = tmp_path / "b.yaml"
    bad.write_text("appetite:\n  - insurer: tai-po-mutual\n    daily_cap: 9\n  - insurer: nobody\n")
    with pytest.raises(CommandError, match="nobody"):
        call_command("load_appetite", str(bad))
    assert InsurerAppetite.objects.get(insurer__slug="tai-po-mutual").daily_cap == 5
    private = tmp_path / "c.yaml"
    private.write_text(
        "appetite:\n  - insurer: tai-po-mutual\n    webhook_url: http://127.0.0.1/x\n    webhook_secret: s\n"
    )
    with pytest.raises(CommandError), pytest.MonkeyPatch.context() as mp:
        from django.conf import settings

        mp.setattr(settings, "WEBHOOK_ALLOW_PRIVATE", False)
        call_command("load_appetite", str(private))


def test_status_page_shows_quotes_side_by_side_and_sla_reassignment(client: Client, appetite: None) -> None:
    from crossborder import leads, services

    enquiry = submit(client, "export_credit", EXPORT)
    first, second = enquiry.leads.order_by("insurer__slug")
    leads.accept(first, "test")
    leads.quote(
        first, "test", amount=1200, currency="HKD", valid_until=timezone.now().date() + timedelta(days=30)
    )  # type: ignore[arg-type]
    Lead.objects.filter(pk=second.pk).update(ack_due_at=timezone.now() - timedelta(minutes=1))
    assert services.reassign_overdue() == []  # no third HK export insurer fits the appetite
    page = client.get(f"/en/enquiries/status/{enquiry.access_token}/").content.decode()
    assert "HKD 1,200.00" in page
    assert "did not respond in time" in page
    assert Lead.objects.get(pk=second.pk).status == Lead.Status.EXPIRED


def test_chat_handoff_stores_the_transcript_of_the_visitors_own_conversation(
    client: Client, appetite: None
) -> None:
    from chat.models import Conversation, Message
    from chat.owners import owner_key_for_session

    session = client.session
    session.save()
    mine = Conversation.objects.create(owner_key=owner_key_for_session(str(session.session_key)))
    Message.objects.create(
        conversation=mine, role=Message.Role.USER, text="I export to Germany, HK$18m", language="en"
    )
    theirs = Conversation.objects.create(owner_key=owner_key_for_session("someone-else"))
    page = client.get(f"/en/enquiries/new/export_credit/?conversation={mine.id}&annual_turnover_hkd=18000000")
    assert page.context["handoff"] is True
    assert page.context["form"]["annual_turnover_hkd"].value() == "18,000,000"
    response = client.post(f"/en/enquiries/new/export_credit/?conversation={mine.id}", EXPORT)
    enquiry = Enquiry.objects.get(access_token=response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert "I export to Germany" in enquiry.transcript
    assert "I export to Germany" not in json.dumps(list(enquiry.leads.values_list("payload", flat=True)))
    assert (
        client.get(f"/en/enquiries/new/export_credit/?conversation={theirs.id}").context["handoff"] is False
    )
    general = client.get(f"/en/enquiries/new/general/?conversation={mine.id}").content.decode()
    assert f"/en/enquiries/new/export_credit/?conversation={mine.id}" in general
