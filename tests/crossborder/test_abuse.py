"""Abuse resistance without hurting applicants (issue 13, High 3): throttles per IP, e-mail and
session; proof of work and a honeypot; sign-in lockout; a staff alert when the lead rate spikes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from crossborder.models import Enquiry, InsurerMember, Lead, StaffAlert
from portal import friction
from portal.models import Insurer
from tests.crossborder.conftest import EXPORT

pytestmark = [pytest.mark.django_db, pytest.mark.throttled]

API_BODY = {
    "product_line": "export_credit",
    "applicant_jurisdiction": "HK",
    "contact_name": "Chan Tai Man",
    "email": "chan@example.com",
    "details": {"annual_turnover_hkd": 18000000, "destination_countries": ["US", "DE"]},
    "consents": ["process", "share"],
}


def api_post(client: Client, body: dict[str, Any], ip: str = "203.0.113.9", proof: str = "") -> Any:
    headers = {"HTTP_X_PROOF_OF_WORK": proof} if proof else {}
    return client.post(
        "/api/enquiries/", json.dumps(body), content_type="application/json", REMOTE_ADDR=ip, **headers
    )


def test_a_burst_from_one_ip_is_slowed_then_stopped_and_applicants_still_get_through(
    client: Client, appetite: None, settings: Any
) -> None:
    settings.THROTTLE_POW_BITS = 8  # the mechanism, not the cost, is under test
    codes = []
    for n in range(105):
        response = api_post(client, {**API_BODY, "email": f"bot{n}@example.com"})
        if response.status_code == 428:  # a proof of work, as a determined client would
            challenge = response.json()["challenge"]
            proof = f"{challenge}:{friction.solve(challenge, response.json()['bits'])}"
            response = api_post(client, {**API_BODY, "email": f"bot{n}@example.com"}, proof=proof)
        codes.append(response.status_code)
    assert codes[:30] == [201] * 30 and set(codes[30:]) == {429}
    assert 0 < int(response["Retry-After"]) <= 3600
    # The insurers' daily caps are not used up: a genuine applicant elsewhere is routed.
    genuine = api_post(client, {**API_BODY, "email": "real@example.hk"}, ip="198.51.100.20")
    assert genuine.status_code == 201 and genuine.json()["insurers"]


def test_proof_of_work_is_required_after_a_few_and_cannot_be_forged_or_replayed(
    client: Client, appetite: None, settings: Any
) -> None:
    settings.THROTTLE_POW_BITS = 8
    for n in range(settings.THROTTLE_POW_AFTER):
        assert api_post(client, {**API_BODY, "email": f"a{n}@example.com"}).status_code == 201
    refused = api_post(client, {**API_BODY, "email": "b@example.com"})
    assert refused.status_code == 428 and refused.json()["code"] == "proof_of_work_required"
    challenge = refused.json()["challenge"]
    # A wrong answer; a guessed one solves 8 bits once in 256 tries, so take one that doesn't.
    wrong = next(
        f"{challenge}:{n}" for n in range(1000) if friction.leading_zero_bits(_sha256(f"{challenge}:{n}")) < 8
    )
    assert api_post(client, {**API_BODY, "email": "b@example.com"}, proof=wrong).status_code == 428
    forged = "made-up:challenge"
    assert api_post(client, {**API_BODY, "email": "b@example.com"}, proof=f"{forged}:1").status_code == 428
    proof = f"{challenge}:{friction.solve(challenge, 8)}"
    assert api_post(client, {**API_BODY, "email": "b@example.com"}, proof=proof).status_code == 201
    assert api_post(client, {**API_BODY, "email": "c@example.com"}, proof=proof).status_code == 428  # spent


def test_one_address_from_many_ips_is_throttled(client: Client, appetite: None) -> None:
    codes = [api_post(client, API_BODY, ip=f"198.51.100.{n}").status_code for n in range(8)]
    assert codes == [201] * 6 + [429] * 2


def test_an_applicant_using_the_form_normally_is_never_throttled(client: Client, appetite: None) -> None:
    for _ in range(4):  # a few "show the insurers that match" and a mistake or two
        assert client.post("/en/enquiries/new/export_credit/", {**EXPORT, "preview": "1"}).status_code == 200
    assert (
        client.post("/en/enquiries/new/export_credit/", {**EXPORT, "email": "not-an-address"}).status_code
        == 200
    )
    for line, extra in [
        ("export_credit", {"annual_turnover_hkd": "18000000", "destination_countries": "US, DE"}),
        ("export_credit", {"annual_turnover_hkd": "9000000", "destination_countries": "JP"}),
    ]:
        response = client.post(f"/en/enquiries/new/{line}/", {**EXPORT, **extra})
        assert response.status_code == 302


def test_the_honeypot_field_refuses_bots_and_stores_nothing(client: Client, appetite: None) -> None:
    refused = api_post(client, {**API_BODY, "website": "http://spam.example"})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {  # the one JSON error shape (issue 13, F3)
        "__all__": [{"message": "This request could not be accepted.", "code": "rejected"}]
    }
    response = client.post("/en/enquiries/new/export_credit/", {**EXPORT, "website": "http://spam.example"})
    assert response.status_code == 400
    assert not Enquiry.objects.exists()
    assert client.post("/en/enquiries/new/export_credit/", {**EXPORT, "website": ""}).status_code == 302


def test_the_form_pages_carry_the_honeypot_hidden_from_people(client: Client, appetite: None) -> None:
    page = BeautifulSoup(client.get("/en/enquiries/new/export_credit/").content.decode(), "html.parser")
    trap = page.select_one("form.enquiry input[name=website]")
    assert trap is not None and trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert trap.find_parent(attrs={"aria-hidden": "true", "class": "visually-hidden"}) is not None
    step = {"step": "about", "website": "http://spam.example"}
    assert client.post("/en/enquiries/new/export_credit/step/", step).status_code == 400


def test_chat_sessions_are_throttled_per_ip(client: Client, settings: Any) -> None:
    settings.THROTTLES = {**settings.THROTTLES, "chat-session": [("ip", 3, 3600)]}
    codes = [Client().post("/api/chat/session/", REMOTE_ADDR="203.0.113.5").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert Client().post("/api/chat/session/", REMOTE_ADDR="203.0.113.6").status_code == 200


def test_sign_in_locks_out_after_repeated_failures(demo_catalogue: None, settings: Any) -> None:
    user = User.objects.create_user("kt-agent", password="the-right-password-1")
    InsurerMember.objects.create(user=user, insurer=Insurer.objects.first())
    client = Client()
    url = "/en/enquiries/insurer/login/"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "kt-agent", "password": "guess"}).status_code == 200
    assert client.post(url, {"username": "kt-agent", "password": "guess"}).status_code == 429
    locked = client.post(url, {"username": "kt-agent", "password": "the-right-password-1"})
    assert locked.status_code in (403, 429) and "_auth_user_id" not in client.session
    # Another user is not locked out by someone guessing kt-agent's password.
    User.objects.create_user("other", password="another-password-2")
    assert Client().post(url, {"username": "other", "password": "another-password-2"}).status_code == 302


def test_a_spike_in_leads_alerts_staff_once(
    client: Client, appetite: None, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.LEAD_SPIKE_THRESHOLD = 3
    settings.ADMINS = [("Staff", "staff@portal.example")]
    settings.THROTTLES_ENABLED = False
    for n in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            api_post(client, {**API_BODY, "email": f"s{n}@example.com"})
    assert Lead.objects.count() > 3
    alert = StaffAlert.objects.get()
    assert alert.kind == "lead_spike" and alert.count > 3
    assert [m.to for m in mail.outbox if "spike" in m.subject.lower()] == [["staff@portal.example"]]
    staff = Client()
    staff.force_login(User.objects.create_superuser("boss", "boss@portal.example", "pw"))
    assert "lead_spike" in staff.get("/en/admin/crossborder/staffalert/").content.decode()


def test_once_raised_the_spike_alert_costs_one_lookup_per_enquiry(settings: Any) -> None:
    """Checked after every enquiry: during a spike it must not count the window's leads each time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from crossborder import alerts

    settings.LEAD_SPIKE_THRESHOLD = 1
    now = timezone.now()
    StaffAlert.objects.create(
        kind=alerts.LEAD_SPIKE,
        window_start=alerts._window_start(now, settings.LEAD_SPIKE_WINDOW_SECONDS),
        count=2,
    )
    with CaptureQueriesContext(connection) as queries:
        assert alerts.check_lead_rate(now) is None
    assert len(queries) == 1 and "crossborder_lead" not in queries[0]["sql"]


def _sha256(text: str) -> bytes:
    return hashlib.sha256(text.encode()).digest()
