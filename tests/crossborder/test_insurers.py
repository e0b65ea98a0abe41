"""Insurer access: dashboard users and API tokens see only their own insurer's leads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from crossborder.models import AuditEvent, InsurerMember, InsurerToken, Lead
from portal.models import Insurer
from tests.crossborder.conftest import EXPORT, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_leads(client: Client, appetite: None) -> tuple[Lead, Lead]:
    enquiry = submit(client, "export_credit", EXPORT)
    a = enquiry.leads.get(insurer__slug="kwun-tong-general")
    b = enquiry.leads.get(insurer__slug="sham-shui-po-general")
    return a, b


def test_dashboard_is_scoped_to_the_users_insurer(two_leads: tuple[Lead, Lead]) -> None:
    a, b = two_leads
    user = User.objects.create_user("kt", password="pw-for-tests-only")
    InsurerMember.objects.create(user=user, insurer=a.insurer)
    client = Client()
    assert client.get("/en/enquiries/insurer/").status_code == 302  # login first
    client.force_login(user)
    page = client.get("/en/enquiries/insurer/").content.decode()
    assert str(a.delivery_id) in page and str(b.delivery_id) not in page
    assert client.get(f"/en/enquiries/insurer/leads/{b.delivery_id}/").status_code == 404
    assert (
        client.post(f"/en/enquiries/insurer/leads/{b.delivery_id}/", {"action": "accept"}).status_code == 404
    )
    client.post(f"/en/enquiries/insurer/leads/{a.delivery_id}/", {"action": "accept"})
    valid = (timezone.now().date() + timedelta(days=10)).isoformat()
    client.post(
        f"/en/enquiries/insurer/leads/{a.delivery_id}/",
        {"action": "quote", "amount": "8800", "currency": "HKD", "valid_until": valid},
    )
    # Won, lost and decline are confirmed first (the page asks; the confirming POST acts).
    client.post(f"/en/enquiries/insurer/leads/{a.delivery_id}/", {"action": "won", "confirmed": "yes"})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, str(a.quote_amount), b.status) == ("won", "8800.00", "new")
    actors = set(AuditEvent.objects.filter(lead_id_ref=a.pk).values_list("actor", "action"))
    assert {("user:kt", "lead.accepted"), ("user:kt", "lead.quoted"), ("user:kt", "lead.won")} <= actors
    other = User.objects.create_user("nobody", password="pw-for-tests-only")
    client.force_login(other)
    assert client.get("/en/enquiries/insurer/").status_code == 403


def test_api_tokens_are_hashed_and_scoped(two_leads: tuple[Lead, Lead], client: Client) -> None:
    a, b = two_leads
    token, raw = InsurerToken.issue(a.insurer, "crm")
    assert raw not in token.key_hash and len(token.key_hash) == 64

    def call(method: str, path: str, auth: str = raw, **body: object) -> tuple[int, object]:
        kw = {"content_type": "application/json", "data": body} if method == "post" else {}
        r = getattr(client, method)(f"/api/insurer{path}", HTTP_AUTHORIZATION=f"Bearer {auth}", **kw)
        return r.status_code, r.json()

    status, leads = call("get", "/leads")
    assert status == 200 and [x["delivery_id"] for x in leads] == [str(a.delivery_id)]  # type: ignore[union-attr]
    assert call("get", f"/leads/{b.delivery_id}")[0] == 404
    assert call("post", f"/leads/{b.delivery_id}/accept")[0] == 404
    assert call("get", "/leads", auth="ins_guess")[0] == 401
    assert call("post", f"/leads/{a.delivery_id}/outcome", won=True)[0] == 409  # must accept and quote first
    assert call("post", f"/leads/{a.delivery_id}/accept")[0] == 200
    valid = (timezone.now().date() + timedelta(days=5)).isoformat()
    status, body = call(
        "post", f"/leads/{a.delivery_id}/quote", amount="1500.50", currency="usd", valid_until=valid
    )
    assert status == 200 and body["quote_currency"] == "USD"  # type: ignore[index]
    token.revoked_at = timezone.now()
    token.save()
    assert call("get", "/leads")[0] == 401
    b.refresh_from_db()
    assert b.status == "new"


def test_openapi_schema_describes_the_lead_endpoints(client: Client, db: None) -> None:
    schema = client.get("/api/insurer/openapi.json").json()
    assert "/api/insurer/leads/{delivery_id}/quote" in schema["paths"]
    assert (
        "BearerAuth" in str(schema["components"]["securitySchemes"])
        or schema["components"]["securitySchemes"]
    )
    assert Insurer.objects.count() == 0


def test_the_served_docs_say_how_an_insurer_gets_connected(client: Client, db: None) -> None:
    """Token issuance, dashboard users, webhook secret and signature check were undocumented (issue 13)."""
    import hashlib
    import hmac

    from crossborder import webhooks

    text = client.get("/api/insurer/openapi.json").json()["info"]["description"]
    for needed in ("Insurer tokens", "Authorization: Bearer", "Insurer members", "webhook_secret"):
        assert needed in text, needed
    assert "X-Portal-Signature: v1=" in text and 'HMAC-SHA256(secret, timestamp + "." + raw body)' in text
    body, ts = b'{"event": "lead.created"}', 1_700_000_000  # the documented recipe is what is sent
    recipe = "v1=" + hmac.new(b"s3cret", f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    assert webhooks.sign("s3cret", ts, body) == recipe
    assert client.get("/en/enquiries/insurer/login/").status_code == 200  # the sign-in page it names


def test_insurer_users_sign_in_on_their_own_page_not_the_staff_admin(two_leads: tuple[Lead, Lead]) -> None:
    a, _ = two_leads
    user = User.objects.create_user("kt2", password="pw-for-tests-only")  # not staff
    InsurerMember.objects.create(user=user, insurer=a.insurer)
    client = Client()
    assert client.get("/en/enquiries/insurer/")["Location"].startswith("/en/enquiries/insurer/login/")
    signed_in = client.post(
        "/en/enquiries/insurer/login/", {"username": "kt2", "password": "pw-for-tests-only"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"].endswith("/enquiries/insurer/")
    assert str(a.delivery_id) in client.get("/en/enquiries/insurer/").content.decode()
    assert client.post("/en/enquiries/insurer/logout/").status_code == 302
    assert client.get("/en/enquiries/insurer/").status_code == 302
