"""After sending: the status link by e-mail (again on request, revealing nothing), a duplicate's
link to the earlier enquiry only by e-mail, what happens next in plain words, a confirmed
withdrawal, and quotes compared in one currency with an "I'm interested" that tells the insurer."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import timezone

from crossborder import leads
from crossborder.models import Enquiry, InsurerAppetite
from tests.crossborder.conftest import EXPORT, submit
from tests.crossborder.test_wizard import ABOUT, CONSENTS, URL, walk

pytestmark = pytest.mark.django_db


def card_of(card: object) -> dict[str, str]:
    """A quote card's answers by label."""
    rows = card.select(".summary-row")  # type: ignore[attr-defined]
    return {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in rows}


def send_in_steps(client: Client, lang: str, **about: str) -> Enquiry:
    details = {"step": "details", "annual_turnover_hkd": "18m", "destination_countries": "Germany"}
    walk(client, lang, "export_credit", {**ABOUT, **about}, details, CONSENTS)
    client.post(URL.format(lang=lang, line="export_credit"), {"step": "check", "send": "1"})
    return Enquiry.objects.order_by("-created_at").first()  # type: ignore[return-value]


def test_confirmation_in_the_applicants_language_and_a_duplicate_links_the_earlier_one_by_email_only(
    client: Client, appetite: None
) -> None:
    from crossborder.tasks import email_merged

    first = send_in_steps(client, "zh-hant", language="zh-Hant")
    assert f"/zh-hant/enquiries/status/{first.access_token}/" in mail.outbox[0].body
    assert first.reference in mail.outbox[0].subject and "查詢" in mail.outbox[0].subject
    # The one e-mail also carries the link that confirms the address; dedupe waits for it.
    confirm = re.search(r"https?://\S+/enquiries/confirm/\S+", mail.outbox[0].body)
    assert confirm is not None and len(mail.outbox) == 1
    assert client.post(confirm.group(0).split("testserver", 1)[1]).status_code == 200
    again = send_in_steps(client, "en", language="en")
    assert again.status == Enquiry.Status.MERGED
    assert len(mail.outbox) == 2 and first.access_token not in mail.outbox[1].body  # its own, no merge
    email_merged.call(again.pk)  # the merge notice, a task: to the confirmed address only
    assert len(mail.outbox) == 3 and mail.outbox[2].to == [again.email]
    assert f"/enquiries/status/{first.access_token}/" in mail.outbox[2].body
    assert first.reference in mail.outbox[2].subject
    page = client.get(f"/en/enquiries/status/{again.access_token}/").content.decode()
    assert first.access_token not in page and first.reference not in page, "nothing about it on screen"


def test_resend_my_link_says_the_same_whether_the_address_is_known_or_not(
    client: Client, appetite: None
) -> None:
    enquiry = submit(client, "export_credit", EXPORT)
    mail.outbox.clear()
    known = client.post("/en/enquiries/resend/", {"email": "CHAN@example.com"})
    unknown = client.post("/en/enquiries/resend/", {"email": "nobody@example.com"})

    def said(response: object) -> str:
        soup = BeautifulSoup(response.content.decode(), "html.parser")  # type: ignore[attr-defined]
        return soup.select_one("main").get_text(" ", strip=True)

    assert said(known) == said(unknown)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["chan@example.com"]
    assert enquiry.access_token in mail.outbox[0].body
    bad = client.post("/en/enquiries/resend/", {"email": "not an address"})
    assert "Error:" in bad.content.decode() and "right format" in bad.content.decode()


def test_status_page_says_what_happens_next_in_plain_words(client: Client, appetite: None) -> None:
    enquiry = submit(client, "export_credit", EXPORT)
    page = client.get(f"/en/enquiries/status/{enquiry.access_token}/").content.decode()
    assert "What happens next" in page and "should reply by" in page
    assert "waiting for the insurer to reply" in page or "waiting for its reply" in page
    assert ": delivered" not in page and ": new" not in page


def test_withdrawal_asks_first_and_says_what_is_erased(client: Client, appetite: None) -> None:
    enquiry = submit(client, "export_credit", EXPORT)
    status = client.get(f"/en/enquiries/status/{enquiry.access_token}/").content.decode()
    assert f'href="/en/enquiries/status/{enquiry.access_token}/withdraw/"' in status
    confirm = client.get(f"/en/enquiries/status/{enquiry.access_token}/withdraw/").content.decode()
    assert "e-mail address, phone number and answers" in confirm and "cannot be undone" in confirm
    assert Enquiry.objects.filter(pk=enquiry.pk).exists(), "asking does not erase"
    client.post(f"/en/enquiries/status/{enquiry.access_token}/withdraw/", {"confirm": "yes"})
    assert not Enquiry.objects.filter(pk=enquiry.pk).exists()


def test_quotes_compared_in_hkd_with_the_original_lowest_first_and_interest_tells_the_insurer(
    client: Client, appetite: None
) -> None:
    enquiry = submit(client, "export_credit", EXPORT)
    first, second = enquiry.leads.select_related("insurer").order_by("insurer__slug")
    until = timezone.now().date() + timedelta(days=30)
    for lead, amount, currency in ((first, Decimal("12800"), "HKD"), (second, Decimal("1500"), "USD")):
        leads.accept(lead, "test")
        leads.quote(lead, "test", amount=amount, currency=currency, valid_until=until)
    InsurerAppetite.objects.filter(insurer=second.insurer).update(notify_email="quotes@insurer.example")
    soup = BeautifulSoup(client.get(f"/en/enquiries/status/{enquiry.access_token}/").content, "html.parser")
    cards = [card_of(c) for c in soup.select("ol.quote-cards > li")]
    assert [c["Premium in HK$ (indicative)"] for c in cards] == ["HK$11,670", "HK$12,800"], (
        "USD 1,500 at 7.78 first"
    )
    assert (
        cards[0]["Premium as quoted"] == "USD 1,500.00" and cards[1]["Premium as quoted"] == "HKD 12,800.00"
    )
    assert "2026-11-30" in soup.select_one("#quotes-order").get_text()
    mail.outbox.clear()
    response = client.post(f"/en/enquiries/status/{enquiry.access_token}/interested/{second.delivery_id}/")
    assert response.status_code == 302
    assert mail.outbox[0].to == ["quotes@insurer.example"] and enquiry.reference in mail.outbox[0].subject


def test_a_lead_the_insurer_marks_won_is_worded_as_the_insurers_report(
    client: Client, appetite: None
) -> None:
    """Journey test E14: the page said "You have accepted this quote" although the applicant did
    nothing on the portal; only the insurer marked the lead won."""
    enquiry = submit(client, "export_credit", EXPORT)
    lead = enquiry.leads.order_by("insurer__slug").first()
    assert lead is not None
    leads.accept(lead, "test")
    leads.quote(lead, "test", amount=Decimal("12800"), currency="HKD", valid_until=timezone.now().date())
    leads.outcome(lead, "test", won=True)
    english = client.get(f"/en/enquiries/status/{enquiry.access_token}/").content.decode()
    assert "The insurer reports that you took up this quote" in english
    chinese = client.get(f"/zh-hant/enquiries/status/{enquiry.access_token}/").content.decode()
    assert "保險公司表示您已接受此報價" in chinese
