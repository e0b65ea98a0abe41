"""The insurer's lead page: labelled answers in the page's language, a premium typed as people
write it, confirmations (decline with a reason) and only the actions the lead's state allows;
the list: search, sort, SLA marking, a labelled filter and withdrawn leads kept as a row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from crossborder.models import InsurerMember, Lead
from portal.models import Insurer
from tests.crossborder.conftest import EXPORT, submit
from tests.crossborder.test_after_sending import card_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def insurer_client(client: Client, appetite: None) -> tuple[Client, Lead]:
    submit(client, "export_credit", {**EXPORT, "destination_countries": "Germany, UK"})
    lead = Lead.objects.get(insurer__slug="kwun-tong-general")
    user = User.objects.create_user("kt", password="pw")
    InsurerMember.objects.create(user=user, insurer=Insurer.objects.get(slug="kwun-tong-general"))
    insurer = Client()
    insurer.force_login(user)
    return insurer, lead


def soup(response: object) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")  # type: ignore[attr-defined]


def test_lead_page_labels_answers_in_the_pages_language(insurer_client: tuple[Client, Lead]) -> None:
    insurer, lead = insurer_client
    page = soup(insurer.get(f"/zh-hant/enquiries/insurer/leads/{lead.delivery_id}/"))
    assert page.select_one("pre") is None, "no pprint of a dict"
    answers = {
        dt.get_text(strip=True): dd.get_text(strip=True)
        for dt, dd in zip(page.select("dt"), page.select("dd"), strict=False)
    }
    assert any("德國" in v and "英國" in v for v in answers.values()), answers
    assert any(v == "HK$18,000,000" for v in answers.values()), answers


def test_premium_12800_is_read_and_a_bad_one_keeps_the_form(insurer_client: tuple[Client, Lead]) -> None:
    insurer, lead = insurer_client
    url = f"/en/enquiries/insurer/leads/{lead.delivery_id}/"
    insurer.post(url, {"action": "accept"})
    until = (timezone.now().date() + timedelta(days=30)).isoformat()
    bad = insurer.post(
        url,
        {
            "action": "quote",
            "amount": "about twelve thousand",
            "currency": "HKD",
            "valid_until": until,
            "notes": "Plan B",
        },
    )
    page = soup(bad)
    assert "ConversionSyntax" not in bad.content.decode()
    assert "in figures" in page.select_one(".error-summary").get_text()
    assert page.select_one("#id_notes").get_text() == "Plan B", "what was typed is kept"
    insurer.post(url, {"action": "quote", "amount": "12,800", "currency": "HKD", "valid_until": until})
    lead.refresh_from_db()
    assert (lead.status, str(lead.quote_amount)) == ("quoted", "12800.00")


def test_decline_asks_for_a_reason_and_only_valid_actions_are_offered(
    insurer_client: tuple[Client, Lead],
) -> None:
    insurer, lead = insurer_client
    url = f"/en/enquiries/insurer/leads/{lead.delivery_id}/"
    page = soup(insurer.get(url))
    assert page.select("button[value=accept]") and not page.select("button[value=won]")
    asked = soup(insurer.post(url, {"action": "decline"}))
    assert asked.select_one("textarea[name=reason]") is not None
    lead.refresh_from_db()
    assert lead.status != "declined", "asking does not decline"
    empty = soup(insurer.post(url, {"action": "decline", "confirmed": "yes", "reason": " "}))
    assert "reason" in empty.select_one(".error-summary").get_text()
    insurer.post(url, {"action": "decline", "confirmed": "yes", "reason": "Outside our appetite"})
    lead.refresh_from_db()
    assert lead.status == "declined"
    wrong = soup(insurer.post(url, {"action": "won", "confirmed": "yes"}))
    assert "cannot be marked as won now" in wrong.select_one(".error-summary").get_text()


def test_list_has_labelled_filters_search_sla_and_withdrawn_rows(
    insurer_client: tuple[Client, Lead], client: Client
) -> None:
    insurer, lead = insurer_client
    Lead.objects.filter(pk=lead.pk).update(ack_due_at=timezone.now() - timedelta(minutes=5))
    page = soup(insurer.get("/en/enquiries/insurer/"))
    for name in ("q", "status", "sort"):
        control = page.select_one(f"[name={name}]")
        assert page.select_one(f"label[for={control['id']}]") is not None
    assert page.select_one("tr.sla-overdue .sla-label").get_text() == "overdue"
    assert "Chan Tai Man" in page.get_text()
    assert not soup(insurer.get("/en/enquiries/insurer/?q=nobody")).select("tr.sla-overdue")
    reference = lead.enquiry.reference
    client.post(f"/en/enquiries/status/{lead.enquiry.access_token}/withdraw/")
    listing = soup(insurer.get("/zh-hans/enquiries/insurer/"))
    rows = listing.select("tr.withdrawn")
    assert any(reference in r.get_text() for r in rows)
    # Journey test E13: "no leads" was shown directly above the withdrawn lead's row.
    assert "没有潜在客户" not in listing.get_text()
    empty = soup(insurer.get("/en/enquiries/insurer/?q=nobody"))
    assert "No leads." in empty.get_text() and not empty.select("tr.withdrawn")


def test_a_quote_note_too_long_is_refused_at_its_field_not_cut(insurer_client: tuple[Client, Lead]) -> None:
    """Journey test E1/E2: notes are length-checked where they are typed (the box says so too)."""
    from crossborder import leads

    insurer, lead = insurer_client
    url = f"/en/enquiries/insurer/leads/{lead.delivery_id}/"
    insurer.post(url, {"action": "accept"})
    until = (timezone.now().date() + timedelta(days=5)).isoformat()
    quote = {"action": "quote", "amount": "12,800", "currency": "HKD", "valid_until": until}
    refused = insurer.post(url, {**quote, "notes": "x" * (leads.NOTES_MAX_CHARS + 1)})
    assert refused.status_code == 400
    assert "Shorten it to 2,000 characters." in soup(refused).select_one(".error-summary").get_text()
    lead.refresh_from_db()
    assert (lead.status, lead.quote_notes) == ("accepted", "")
    box = soup(insurer.get(url)).select_one("textarea[name=notes]")
    assert box["maxlength"] == str(leads.NOTES_MAX_CHARS)


def test_a_decline_can_be_undone_within_the_window_only(insurer_client: tuple[Client, Lead]) -> None:
    from crossborder import leads
    from crossborder.models import AuditEvent

    insurer, lead = insurer_client
    url = f"/en/enquiries/insurer/leads/{lead.delivery_id}/"
    before = Lead.objects.get(pk=lead.pk).status
    insurer.post(url, {"action": "decline", "confirmed": "yes", "reason": "Outside our appetite"})
    page = soup(insurer.get(url))
    assert page.select_one("button[value=undo]") is not None and "undo this until" in page.get_text()
    insurer.post(url, {"action": "undo"})
    lead.refresh_from_db()
    assert (lead.status, lead.quote_notes) == (before, "")
    insurer.post(url, {"action": "decline", "confirmed": "yes", "reason": "Outside our appetite"})
    AuditEvent.objects.filter(action="lead.declined").update(at=timezone.now() - leads.UNDO_WINDOW)
    assert soup(insurer.get(url)).select_one("button[value=undo]") is None
    late = soup(insurer.post(url, {"action": "undo"}))
    assert "cannot be undone now" in late.select_one(".error-summary").get_text()
    lead.refresh_from_db()
    assert lead.status == "declined"


def test_quote_terms_are_recorded_and_compared_on_the_status_page(
    insurer_client: tuple[Client, Lead], client: Client
) -> None:
    insurer, lead = insurer_client
    url = f"/en/enquiries/insurer/leads/{lead.delivery_id}/"
    insurer.post(url, {"action": "accept"})
    until = (timezone.now().date() + timedelta(days=30)).isoformat()
    quote = {
        "action": "quote",
        "amount": "12,800",
        "currency": "HKD",
        "valid_until": until,
        "period_months": "12",
        "plan": "Whole turnover, level 2",
        "deductible": "5k",
        "insured": "Buyers in Germany and the UK",
    }
    bad = soup(insurer.post(url, {**quote, "deductible": "US$5k"}))
    assert "This amount is in HKD" in bad.select_one(".error-summary").get_text()
    insurer.post(url, quote)
    lead.refresh_from_db()
    assert lead.quote_terms == {
        "period_months": 12,
        "deductible": "5000.00",
        "plan": "Whole turnover, level 2",
        "insured": "Buyers in Germany and the UK",
    }
    page = soup(client.get(f"/en/enquiries/status/{lead.enquiry.access_token}/"))
    card = page.select_one("ol.quote-cards > li")
    assert card.h3.get_text() == lead.insurer.name
    assert card_of(card) | {"Notes": "", "Document": ""} == {
        "Premium in HK$ (indicative)": "HK$12,800",
        "Premium as quoted": "HKD 12,800.00",
        "Period": "12 months",
        "Plan or level": "Whole turnover, level 2",
        "Deductible": "HKD 5,000.00",
        "Who is covered": "Buyers in Germany and the UK",
        "Valid until": until,
        "Notes": "",
        "Document": "",
    }


def test_the_quote_document_reaches_the_applicant_through_the_private_link_only(
    insurer_client: tuple[Client, Lead], client: Client
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    insurer, lead = insurer_client
    url = f"/en/enquiries/insurer/leads/{lead.delivery_id}/"
    insurer.post(url, {"action": "accept"})
    until = (timezone.now().date() + timedelta(days=30)).isoformat()
    document = SimpleUploadedFile("quote.pdf", b"%PDF-1.4 fictional quote", content_type="application/pdf")
    insurer.post(
        url,
        {
            "action": "quote",
            "amount": "12,800",
            "currency": "HKD",
            "valid_until": until,
            "document": document,
        },
    )
    status = soup(client.get(f"/en/enquiries/status/{lead.enquiry.access_token}/"))
    link = status.select_one("ol.quote-cards a[href*='/document/']")
    assert link is not None and lead.insurer.name in link.get_text()
    response = client.get(link["href"])
    assert response.status_code == 200 and b"fictional quote" in b"".join(response.streaming_content)
    other = link["href"].replace(lead.enquiry.access_token, "not-the-token")
    assert client.get(other).status_code == 404


def test_a_quote_with_several_fields_wrong_lists_every_problem_each_at_its_field(
    insurer_client: tuple[Client, Lead],
) -> None:
    """Tester B, D13: an empty amount and an empty date gave only "Enter an amount."."""
    insurer, lead = insurer_client
    insurer.post(f"/en/enquiries/insurer/leads/{lead.delivery_id}/", {"action": "accept"})
    bad = insurer.post(
        f"/en/enquiries/insurer/leads/{lead.delivery_id}/",
        {"action": "quote", "amount": "", "valid_until": "", "period_months": "500", "currency": "HKD"},
    )
    assert bad.status_code == 400
    summary = soup(bad).select_one(".error-summary")
    links = {a["href"]: a.get_text(" ", strip=True) for a in summary.select("a")}
    assert set(links) == {"#id_amount", "#id_valid_until", "#id_period_months"}
    assert links["#id_amount"].startswith("Premium") and links["#id_valid_until"].startswith("Valid until")
    for href in links:
        field = soup(bad).select_one(href)
        assert field["aria-invalid"] == "true"
        assert soup(bad).select_one(f"{href}_error") is not None, "the message is at the field too"
