"""The overseas IP limit of cover in HK$ (`limit_hkd`), end to end: the name the chat's quote
capture gives it, the form (one currency only, messages in the page's language), the JSON API, the
lead an insurer receives, its REST API and its dashboard."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from chat.enquiry import extract_fields
from crossborder.line_fields import line_fields
from crossborder.models import Enquiry, InsurerMember, InsurerToken, Lead
from crossborder.money import MoneyField

pytestmark = pytest.mark.django_db
URL = "/{lang}/enquiries/new/overseas_ip/"
ABOUT = {
    "step": "about",
    "applicant_jurisdiction": "HK",
    "contact_name": "Chan Tai Man",
    "email": "chan@example.com",
    "language": "en",
}
IP = {
    "step": "details",
    "industry": "robotics",
    "cover_types": ["enforcement"],
    "territories": "US",
    "disputes_5y": "0",
}
CONSENTS = {"step": "consents", "consent_process": "on", "consent_share": "on"}
API_IP = {
    "product_line": "overseas_ip",
    "applicant_jurisdiction": "HK",
    "contact_name": "Lee",
    "email": "lee@example.com",
    "details": {
        "industry": "robotics",
        "cover_types": ["enforcement"],
        "territories": ["US"],
        "disputes_5y": 0,
        "limit_hkd": "HK$6m",
    },
    "consents": ["process", "share"],
}


def page(response: object) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")  # type: ignore[attr-defined]


def test_every_limit_the_chat_reads_for_an_ip_quote_is_a_field_of_the_form() -> None:
    """The chat states a limit under the name of its currency; the form must ask under that name."""
    form_fields = line_fields("overseas_ip")
    for message, name, currency in [
        ("IP insurance quote, enforcement cover with a HK$6 million limit", "limit_hkd", "HKD"),
        ("限额300万元人民币的海外专利被诉抗辩保险", "limit_rmb", "CNY"),
    ]:
        fields = extract_fields(message)
        assert fields["product_line"] == "overseas_ip" and name in fields, fields
        field = form_fields[name]
        assert isinstance(field, MoneyField) and field.currency == currency


def test_the_chats_hk_limit_prefills_the_form_and_is_sent_as_given(client: Client, appetite: None) -> None:
    chat = extract_fields("IP insurance quote, enforcement cover with a HK$6 million limit")
    form = client.get(URL.format(lang="en") + f"?limit_hkd={int(chat['limit_hkd'])}").context["form"]
    assert form["limit_hkd"].value() == "6,000,000"  # shown grouped, as the form shows amounts
    client.post(URL.format(lang="en") + "?step=about", ABOUT)
    client.post(URL.format(lang="en") + "?step=details", {**IP, "limit_hkd": "HK$6m"})
    client.post(URL.format(lang="en") + "?step=consents", CONSENTS)
    check = client.get(URL.format(lang="en") + "?step=check")
    assert check.context["form"].cleaned_data["limit_hkd"] == 6_000_000
    rows = {r["name"]: r["value"] for s in check.context["sections"] for r in s["rows"]}
    assert rows["limit_hkd"] == "HK$6,000,000"


@pytest.mark.parametrize(
    ("lang", "both", "wrong_currency"),
    [
        ("en", "in one currency only", "This amount is in HKD; you wrote CNY"),
        ("zh-hant", "只須以一種貨幣填寫", "此金額以 HKD 計算"),
        ("zh-hans", "只须以一种货币填写", "此金额以 HKD 计算"),
    ],
)
def test_a_limit_in_two_currencies_or_the_wrong_one_is_refused_in_the_pages_language(
    client: Client, appetite: None, lang: str, both: str, wrong_currency: str
) -> None:
    client.post(URL.format(lang=lang) + "?step=about", ABOUT)
    response = client.post(URL.format(lang=lang), {**IP, "limit_rmb": "5m", "limit_hkd": "5.5m"})
    summary = page(response).select_one(".error-summary")
    assert summary is not None and both in summary.get_text()
    assert summary.select_one("a[href='#id_limit_hkd']") is not None, "the link moves to the HK$ box"
    response = client.post(URL.format(lang=lang), {**IP, "limit_hkd": "RMB 5m"})
    assert wrong_currency in page(response).select_one(".error-summary").get_text()
    assert not Enquiry.objects.exists()


def test_the_insurer_receives_the_hk_limit_by_api_and_on_its_dashboard(
    client: Client, appetite: None
) -> None:
    r = client.post("/api/enquiries/", json.dumps(API_IP), content_type="application/json")
    assert r.status_code == 201, r.json()
    lead = Lead.objects.filter(enquiry__reference=r.json()["reference"]).first()
    assert lead is not None and lead.payload["details"]["limit_hkd"] == 6_000_000
    _token, raw = InsurerToken.issue(lead.insurer, "crm")
    got = client.get(f"/api/insurer/leads/{lead.delivery_id}", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert got["lead"]["details"]["limit_hkd"] == 6_000_000
    schema = json.dumps(client.get("/api/insurer/openapi.json").json())
    assert "`limit_hkd` (amount in HKD)" in schema, "the API docs name the field"
    user = User.objects.create_user("ip-underwriter", password="pw-for-tests-only")
    InsurerMember.objects.create(user=user, insurer=lead.insurer)
    insurer = Client()
    insurer.force_login(user)
    for lang, label in (("en", "Limit of cover (HK$)"), ("zh-hant", "保障限額（港元）")):
        soup = page(insurer.get(f"/{lang}/enquiries/insurer/leads/{lead.delivery_id}/"))
        answers = {
            row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in soup.select(".summary-row")
        }
        assert answers.get(label) == "HK$6,000,000", answers
    both = {**API_IP, "details": {**API_IP["details"], "limit_rmb": "5m"}}  # type: ignore[dict-item]
    r = client.post(
        "/api/enquiries/", json.dumps({**both, "email": "x@example.com"}), content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["errors"]["limit_hkd"][0]["code"] == "one_of"
