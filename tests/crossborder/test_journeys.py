"""Defects a fresh-eyed tester found in the portal's journeys (D4–D12), server side: one list of
quote currencies, withdrawals acknowledged from the dashboard, the sign-in lockout as a site page,
an enquiry not shared said as such, JSON errors named as the body names its fields, group consents
asked only for a group, and the reply language following the page it is opened on."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from crossborder.models import InsurerMember, InsurerToken, Lead, LeadWithdrawal
from crossborder.quotes import rates
from portal.models import Insurer
from tests.crossborder.conftest import EXPORT, submit
from tests.crossborder.test_dashboard import insurer_client, soup  # noqa: F401  (a fixture)
from tests.crossborder.test_enquiries import API_OK
from tests.crossborder.test_quote_amounts import accepted_lead  # noqa: F401  (a fixture)
from tests.crossborder.test_wizard import ABOUT, URL, walk
from tests.crossborder.test_wizard import EXPORT as EXPORT_STEP

pytestmark = pytest.mark.django_db


def _valid_until() -> str:
    return (timezone.now().date() + timedelta(days=5)).isoformat()


# D4 ------------------------------------------------------------------------------------------


def test_the_api_refuses_a_currency_the_dashboard_does_not_offer(
    accepted_lead: Lead,  # noqa: F811
    client: Client,
) -> None:
    _, raw = InsurerToken.issue(accepted_lead.insurer, "crm")
    url = f"/api/insurer/leads/{accepted_lead.delivery_id}/quote"
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = {"amount": "12800", "currency": "XXX", "valid_until": _valid_until()}
    refused = client.post(url, body, content_type="application/json", **auth)
    assert refused.status_code == 400, refused.content
    assert list(refused.json()["errors"]) == ["currency"]
    assert "HKD" in refused.json()["errors"]["currency"][0]["message"]
    accepted_lead.refresh_from_db()
    assert (accepted_lead.status, accepted_lead.quote_currency) == ("accepted", "")
    taken = client.post(url, {**body, "currency": "usd"}, content_type="application/json", **auth)
    assert taken.status_code == 200 and taken.json()["quote_currency"] == "USD"


def test_the_dashboard_offers_exactly_the_accepted_currencies_and_refuses_others(
    accepted_lead: Lead,  # noqa: F811
) -> None:
    user = User.objects.create_user("kt", password="pw")
    InsurerMember.objects.create(user=user, insurer=accepted_lead.insurer)
    insurer = Client()
    insurer.force_login(user)
    url = f"/en/enquiries/insurer/leads/{accepted_lead.delivery_id}/"
    offered = [o["value"] for o in soup(insurer.get(url)).select("select[name=currency] option")]
    assert offered == list(rates().quote_currencies)
    assert set(offered) <= set(rates().hkd_per_unit), "every accepted currency can be compared in HK$"
    bad = insurer.post(
        url, {"action": "quote", "amount": "12,800", "currency": "XXX", "valid_until": _valid_until()}
    )
    assert bad.status_code == 400 and "currency" in soup(bad).select_one(".error-summary").get_text()
    accepted_lead.refresh_from_db()
    assert accepted_lead.status == "accepted"


# D5 ------------------------------------------------------------------------------------------


def test_a_withdrawal_is_acknowledged_from_the_dashboard_and_its_row_shows_the_due_time(
    insurer_client: tuple[Client, Lead],  # noqa: F811
    client: Client,
    settings: Any,
) -> None:
    insurer, lead = insurer_client
    client.post(f"/en/enquiries/status/{lead.enquiry.access_token}/withdraw/")
    withdrawal = LeadWithdrawal.objects.get(lead_delivery_id=lead.delivery_id)
    due = withdrawal.withdrawn_at + timedelta(hours=settings.LEAD_ACK_HOURS)
    page = soup(insurer.get("/en/enquiries/insurer/"))
    row = page.select_one("tr.withdrawn")
    assert row.select("td")[-1].get_text(strip=True) == timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
    button = page.select_one(".withdrawal-banner form button")
    assert lead.enquiry.reference in button.get_text()
    action = page.select_one(".withdrawal-banner form")["action"]
    # Another insurer cannot acknowledge it; this one can, once, by the API's own function.
    other = User.objects.create_user("ssp", password="pw")
    InsurerMember.objects.create(user=other, insurer=Insurer.objects.get(slug="tai-po-mutual"))
    stranger = Client()
    stranger.force_login(other)
    assert stranger.post(action).status_code == 404
    assert insurer.get(action).status_code == 405, "a GET (a link preview) acknowledges nothing"
    done = insurer.post(action, follow=True)
    withdrawal.refresh_from_db()
    assert withdrawal.acknowledged_at is not None
    after = soup(done)
    assert after.select_one(".withdrawal-banner") is None
    assert "acknowledged" in after.select_one("[role=status]").get_text()
    assert "acknowledged" in after.select_one("tr.withdrawn").get_text()


# D6 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Sign-in paused"), ("zh-hant", "暫停登入"), ("zh-hans", "暂停登录")]
)
def test_the_sign_in_lockout_is_a_page_of_the_site_in_its_language(
    demo_catalogue: None, settings: Any, lang: str, title: str
) -> None:
    client = Client()
    url = f"/{lang}/enquiries/insurer/login/"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "kt-agent", "password": "guess"})
    assert response.status_code == 429
    page = soup(response)
    assert page.html["lang"] == lang
    assert page.select_one("h1").get_text(strip=True) == title
    assert title in page.title.get_text()
    assert page.select_one("header nav") is not None and page.select_one("footer") is not None
    assert "15" in page.select_one("main").get_text()
    if lang != "en":
        assert "Account locked" not in page.get_text() and "minutes" not in page.get_text()


# D7 ------------------------------------------------------------------------------------------


def test_an_enquiry_without_consent_to_share_says_it_was_not_passed_on(
    client: Client, appetite: None
) -> None:
    enquiry = submit(client, "export_credit", {k: v for k, v in EXPORT.items() if k != "consent_share"})
    assert not enquiry.leads.exists()
    page = soup(client.get(f"/en/enquiries/status/{enquiry.access_token}/"))
    text = page.get_text(" ", strip=True)
    assert "did not agree that we share" in page.select_one(".summary-list dd").get_text()
    assert "no insurer matched" not in text and "Sent on" not in text
    assert "Received on" in text
    routed = submit(client, "export_credit", {**EXPORT, "email": "other@example.com"})
    assert "Sent on" in soup(client.get(f"/en/enquiries/status/{routed.access_token}/")).get_text()


# D11 -----------------------------------------------------------------------------------------


def test_json_errors_name_the_bodys_own_fields(client: Client, appetite: None) -> None:
    def errors(body: dict[str, Any]) -> dict[str, Any]:
        r = client.post("/api/enquiries/", json.dumps(body), content_type="application/json")
        assert r.status_code == 400, r.content
        result: dict[str, Any] = r.json()["errors"]
        return result

    missing = errors({**API_OK, "consents": ["share"]})
    assert list(missing) == ["consents"] and missing["consents"][0]["code"] == "required"
    group = {**API_OK, "product_line": "export_credit", "details": {"annual_turnover_hkd": 18_000_000}}
    group["group_entity"] = {"jurisdiction": "Shenzhen", "registration_no": "123", "consents": ["share"]}
    named = errors(group)
    assert {"group_entity.registration_no", "group_entity.consents"} <= set(named), named
    assert not [name for name in named if name.startswith(("consent_", "group_entity_"))], named


# D12 -----------------------------------------------------------------------------------------


def test_group_consents_are_asked_only_once_a_group_company_is_named(client: Client, appetite: None) -> None:
    consents_url = URL.format(lang="en", line="export_credit") + "?step=consents"
    walk(client, "en", "export_credit", ABOUT, EXPORT_STEP)
    page = soup(client.get(consents_url))
    assert page.select("[name=consent_process]") and not page.select("[name^=consent_group_]")
    walk(client, "en", "export_credit", {**EXPORT_STEP, "group_entity_jurisdiction": "Shenzhen"})
    assert len(soup(client.get(consents_url)).select("[name^=consent_group_]")) == 3


def test_the_reply_language_follows_the_page_until_the_visitor_chooses(
    client: Client, appetite: None
) -> None:
    def preset(lang: str) -> str:
        page = soup(client.get(URL.format(lang=lang, line="export_credit")))
        return str(page.select_one("input[name=language][checked]")["value"])

    assert preset("zh-hans") == "zh-Hans"
    assert preset("zh-hant") == "zh-Hant", "the same draft opened on another language's page"
    assert preset("en") == "en"
    walk(client, "en", "export_credit", {**ABOUT, "language": "zh-Hant"})
    assert preset("zh-hans") == "zh-Hant", "the visitor's own choice is kept"
