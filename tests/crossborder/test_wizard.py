"""The enquiry in steps (GOV.UK patterns): progress, an error summary that links to each field,
specific messages, fieldsets, working hint references, only the consents a line needs, a check
page before sending, a preview of matching insurers with reasons and no consent check, and a
confirmation e-mail in the applicant's language."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from crossborder.models import Enquiry

pytestmark = pytest.mark.django_db
URL = "/{lang}/enquiries/new/{line}/"
ABOUT = {
    "step": "about",
    "applicant_jurisdiction": "HK",
    "contact_name": "Chan Tai Man",
    "email": "chan@example.com",
    "language": "en",
}
EXPORT = {
    "step": "details",
    "annual_turnover_hkd": "18m",
    "destination_countries": "UK, 德國",
    "payment_terms": ["OA"],
}
CONSENTS = {"step": "consents", "consent_process": "on", "consent_share": "on"}


def page(response: object) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")  # type: ignore[attr-defined]


def check_accessible_markup(soup: BeautifulSoup) -> None:
    """What axe cannot tell from one page state: ids referenced exist, one alert at most, groups in
    fieldsets with legends, no doubled punctuation in labels."""
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for tag in soup.find_all(attrs={"aria-describedby": True}):
        missing = set(tag["aria-describedby"].split()) - ids
        assert not missing, f"{tag.name} {tag.get('name')} describedby {missing}"
    assert len(soup.select("[role=alert]")) <= 1
    for group in soup.select(
        "form.enquiry input[type=radio], form.enquiry input[type=checkbox][name=platforms]"
    ):
        fieldset = group.find_parent("fieldset")
        assert fieldset is not None and fieldset.legend is not None, group
    for label in soup.select("label, legend"):
        assert not re.search(r"[？?：:]\s*[：:]", label.get_text()), label.get_text()


def walk(client: Client, lang: str, line: str, *steps: dict[str, object]) -> object:
    response = None
    for data in steps:
        response = client.post(URL.format(lang=lang, line=line) + f"?step={data['step']}", data)
        assert response.status_code == 302, page(response).select(".error-summary")
    return response


def test_a_whole_export_enquiry_in_steps_with_check_page_and_confirmation_email(
    client: Client, appetite: None
) -> None:
    first = client.get(URL.format(lang="en", line="export_credit"))
    soup = page(first)
    assert [li.get_text(" ", strip=True) for li in soup.select(".steps li")] == [
        "1 About you",
        "2 Your business",
        "3 Consents and insurers",
        "4 Check your answers",
    ]
    assert soup.select_one(".steps li[aria-current=step]").get_text(strip=True).endswith("About you")
    check_accessible_markup(soup)
    walk(client, "en", "export_credit", ABOUT, EXPORT)
    consents = page(client.get(URL.format(lang="en", line="export_credit") + "?step=consents"))
    check_accessible_markup(consents)
    named = {i["name"] for i in consents.select("input[type=checkbox]")}
    assert "consent_sensitive" not in named, "no health-data consent on export credit"
    assert {"consent_process", "consent_share", "consent_cross_boundary"} <= named
    walk(client, "en", "export_credit", CONSENTS)
    check = client.get(URL.format(lang="en", line="export_credit") + "?step=check")
    text = page(check).get_text(" ", strip=True)
    assert "HK$18,000,000" in text and "Germany and United Kingdom" in text
    assert "Open account (O/A)" in text
    rows = {
        dt.get_text(strip=True): dd.get_text(strip=True)
        for dt, dd in ((r.dt, r.dd) for r in page(check).select(".summary-row"))
    }
    assert rows["A buyer is more than 60 days overdue now"] == "No", "an unticked box reads No"
    assert rows["This is a complaint about an insurer or a policy, not a request for a quote"] == "No"
    assert not any(label.startswith("For the group's other entity") for label in rows), "not a group"
    assert page(check).select("a[href*='step=details']")
    assert not Enquiry.objects.exists(), "nothing is sent before the check page's Send"
    sent = client.post(URL.format(lang="en", line="export_credit"), {"step": "check", "send": "1"})
    enquiry = Enquiry.objects.get()
    assert sent["Location"].endswith(f"/status/{enquiry.access_token}/")
    assert enquiry.details["annual_turnover_hkd"] == 18_000_000
    assert enquiry.details["destination_countries"] == ["DE", "GB"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["chan@example.com"]
    assert f"/en/enquiries/status/{enquiry.access_token}/" in mail.outbox[0].body
    assert enquiry.reference in mail.outbox[0].subject


def test_errors_are_summarised_linked_specific_and_the_title_says_error(
    client: Client, appetite: None
) -> None:
    walk(client, "en", "export_credit", ABOUT)
    bad = {**EXPORT, "annual_turnover_hkd": "", "destination_countries": "Mars", "credit_period_days": "999"}
    response = client.post(URL.format(lang="en", line="export_credit"), bad)
    soup = page(response)
    assert soup.title.get_text().startswith("Error: Your business")
    summary = soup.select_one(".error-summary")
    assert summary["role"] == "alert" and summary.has_attr("tabindex")
    links = {a["href"]: a.get_text() for a in summary.select("a")}
    # Each names its field first (tester B, D13), then says what to do.
    assert links["#id_annual_turnover_hkd"] == "Annual turnover (HK$): Enter your annual turnover"
    assert "Mars" in links["#id_destination_countries"]
    assert "between 0 and 360" in links["#id_credit_period_days"]
    for href in links:
        assert soup.select_one(href) is not None, href
    turnover = soup.select_one("#id_annual_turnover_hkd")
    assert "id_annual_turnover_hkd_error" in turnover["aria-describedby"]
    check_accessible_markup(soup)


def test_18m_is_eighteen_million_and_a_wrong_currency_is_refused(client: Client, appetite: None) -> None:
    walk(client, "en", "export_credit", ABOUT)
    refused = client.post(
        URL.format(lang="en", line="export_credit"), {**EXPORT, "annual_turnover_hkd": "US$18m"}
    )
    assert "This amount is in HKD; you wrote USD" in page(refused).select_one(".error-summary").get_text()
    walk(client, "en", "export_credit", {**EXPORT, "annual_turnover_hkd": "1,800萬"})
    form = client.get(URL.format(lang="en", line="export_credit") + "?step=check").context["form"]
    assert form.cleaned_data["annual_turnover_hkd"] == 18_000_000


def test_chinese_pages_have_no_double_punctuation_and_messages_in_chinese(
    client: Client, appetite: None
) -> None:
    soup = page(client.get(URL.format(lang="zh-hant", line="gba_medical")))
    check_accessible_markup(soup)
    response = client.post(URL.format(lang="zh-hant", line="gba_medical"), {"step": "about"})
    soup = page(response)
    assert soup.title.get_text().startswith("錯誤：")
    assert "請輸入您的姓名" in soup.select_one(".error-summary").get_text()


def test_preview_checks_no_consent_and_says_why_each_insurer_matches(client: Client, appetite: None) -> None:
    walk(client, "en", "export_credit", ABOUT, EXPORT)
    response = client.post(URL.format(lang="en", line="export_credit"), {"step": "consents", "preview": "1"})
    soup = page(response)
    assert soup.select_one(".error-summary") is None, "no consent is asked for by a preview"
    options = soup.select("#insurer-picker .option")
    assert options, "the matches are listed"
    for option in options:
        reasons = [li.get_text() for li in option.select(".reasons li")]
        assert any("Insurance Authority" in r for r in reasons) and any("Export credit" in r for r in reasons)
    check_accessible_markup(soup)
    assert not Enquiry.objects.exists()


def test_patents_per_office_and_countries_by_name_in_three_languages(client: Client, appetite: None) -> None:
    about = {**ABOUT, "applicant_jurisdiction": "Shenzhen"}
    ip = {
        "step": "details",
        "industry": "robotics",
        "patents_US": "3",
        "patents_EP": "2",
        "cover_types": ["defence"],
        "territories": "美国, Japan, EU, ASEAN",
        "disputes_5y": "0",
    }
    walk(client, "en", "overseas_ip", about, ip)
    form = client.get(URL.format(lang="en", line="overseas_ip") + "?step=check").context["form"]
    assert form.cleaned_data["patents"] == {"US": 3, "EP": 2}
    assert form.cleaned_data["territories"] == ["ASEAN", "EU", "JP", "US"]
    soup = page(client.get(URL.format(lang="en", line="overseas_ip") + "?step=details"))
    fieldset = soup.select_one("#id_patents_US").find_parent("fieldset")
    assert "Patents you hold" in fieldset.legend.get_text()
    assert soup.select_one("label[for=id_patents_US]").get_text() == "United States"
    assert soup.select_one("#country-data") is not None, "the picker's suggestions are on the page"


def test_health_consent_only_on_the_medical_line(client: Client, appetite: None) -> None:
    for line in ("ecommerce", "overseas_ip", "pension"):
        walk(client, "en", line, ABOUT)
        html = client.get(URL.format(lang="en", line=line) + "?step=consents").content.decode()
        assert "consent_sensitive" not in html, line
    walk(client, "en", "gba_medical", ABOUT)
    html = client.get(URL.format(lang="en", line="gba_medical") + "?step=consents").content.decode()
    assert "consent_sensitive" in html


def test_steps_are_saved_at_their_own_address_and_only_sending_uses_the_enquiry_one(
    client: Client, appetite: None
) -> None:
    form = page(client.get(URL.format(lang="en", line="export_credit")))
    assert form.select_one("form.enquiry")["action"] == "/en/enquiries/new/export_credit/step/"
    saved = client.post("/en/enquiries/new/export_credit/step/", ABOUT)
    assert saved.status_code == 302 and saved["Location"] == "/en/enquiries/new/export_credit/?step=details"
    wrong = page(
        client.post("/en/enquiries/new/export_credit/step/", {**EXPORT, "annual_turnover_hkd": "lots"})
    )
    back = wrong.select_one("a.back")["href"]
    assert back == "/en/enquiries/new/export_credit/?step=about", "links work from the step address too"
    assert (
        client.post("/en/enquiries/new/export_credit/step/", {"step": "check", "send": "1"}).status_code
        == 404
    )
    assert client.get("/en/enquiries/new/export_credit/step/").status_code == 405
