"""What a fresh-eyed tester found on the served portal, by class: a decline's reason reaching the
applicant, registration numbers checked for each company's own jurisdiction, insurer actions
confirmed with words (not codes), errors in the site's own pattern, and reasons stated alike for
every matching insurer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from crossborder import leads
from crossborder.forms import EnquiryForm
from crossborder.line_fields import INSURER_LABELS, line_fields
from crossborder.models import Lead
from portal.models import ProductLine
from tests.crossborder.conftest import BASE, EXPORT, submit
from tests.crossborder.test_dashboard import insurer_client, soup  # noqa: F401  (a fixture)
from tests.crossborder.test_wizard import ABOUT, CONSENTS, URL, walk
from tests.crossborder.test_wizard import EXPORT as EXPORT_STEP

pytestmark = pytest.mark.django_db
VALID_USCC = "91110000600037341L"  # the check character matches (GB 32100-2015)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are compared in English; a page served earlier may have left another language on."""
    with translation.override("en"):
        yield


def status_page(client: Client, token: str, lang: str = "en") -> BeautifulSoup:
    return soup(client.get(f"/{lang}/enquiries/status/{token}/"))


def overall(page: BeautifulSoup) -> str:
    return page.select_one(".summary-row dd").get_text(strip=True)


# F1 -------------------------------------------------------------------------------------------
def test_the_decline_reason_is_shown_escaped_and_all_declined_changes_the_status(
    client: Client, appetite: None
) -> None:
    enquiry = submit(client, "export_credit", {**EXPORT, "destination_countries": "Germany, UK"})
    all_leads = list(enquiry.leads.all())
    assert len(all_leads) >= 2
    leads.decline(all_leads[0], "user:kt", "<b>Outside</b> our appetite")
    page = status_page(client, enquiry.access_token)
    reason = page.select_one(".decline-reason")
    assert reason is not None and "<b>Outside</b> our appetite" in reason.get_text(), "escaped, as typed"
    assert page.select_one(".decline-reason b") is None
    assert overall(page) == "sent to insurers", "others are still considering it"
    for lead in all_leads[1:]:
        leads.decline(lead, "user:x", "Not our market")
    page = status_page(client, enquiry.access_token)
    assert overall(page) == "every insurer declined"
    assert "cannot offer cover" in page.select_one("main").get_text()
    zh = status_page(client, enquiry.access_token, "zh-hant")
    assert overall(zh) != "every insurer declined" and re.search(r"[\u4e00-\u9fff]", overall(zh))
    assert not re.search(r"[\u4e00-\u9fff）]: ", zh.select_one("ul.leads").get_text()), "full-width colon"


# F2 -------------------------------------------------------------------------------------------
def export_form(**data: str) -> EnquiryForm:
    form = EnquiryForm({**EXPORT, **data}, product_line="export_credit")
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("where", "number", "error"),
    [
        ("HK", "12345678", None),
        ("HK", VALID_USCC, "8 digits"),
        ("Shenzhen", VALID_USCC, None),
        ("Shenzhen", "12345678", "18 characters"),
        ("other_mainland", VALID_USCC[:-1] + "X", "does not match"),
    ],
)
def test_a_registration_number_is_checked_for_its_companys_jurisdiction(
    demo_catalogue: None, where: str, number: str, error: str | None
) -> None:
    own = export_form(applicant_jurisdiction=where, registration_no=number).errors.get("registration_no")
    other_side = "Shenzhen" if where == "HK" else "HK"
    group = export_form(
        applicant_jurisdiction=other_side,
        group_entity_jurisdiction=where,
        group_entity_registration_no=number,
    ).errors.get("group_entity_registration_no")
    for errors in (own, group):
        if error is None:
            assert not errors
        else:
            assert errors and error in errors[0], errors


def test_the_boundary_check_reads_where_the_selling_company_is(demo_catalogue: None) -> None:
    data = {**BASE, "product_line": "ecommerce", "platforms": ["Amazon"], "markets": "DE"}

    def group_error(seller: str, other: str) -> bool:
        form = EnquiryForm({**data, "seller_jurisdiction": seller, "group_entity_jurisdiction": other})
        form.is_valid()
        return "group_entity_jurisdiction" in form.errors

    # The applicant is based in Hong Kong throughout; the seller is what counts.
    assert group_error("mainland", "Shenzhen"), "both companies on the mainland"
    assert not group_error("mainland", "HK")
    assert group_error("HK", "HK")


def test_no_answer_is_pre_selected_in_a_list(client: Client, demo_catalogue: None) -> None:
    for line in ProductLine.values:
        walk(client, "en", line, ABOUT)
        page = soup(client.get(URL.format(lang="en", line=line) + "?step=details"))
        for select in page.select("form.enquiry select"):
            chosen = select.select_one("option[selected]")
            assert chosen is None or chosen.get("value") == "", (line, select["name"])


# F5 / F6 / F7 ---------------------------------------------------------------------------------
def test_insurer_actions_are_confirmed_and_the_quote_shown_in_plain_words(
    insurer_client: tuple[Client, Lead],  # noqa: F811
) -> None:
    insurer, lead = insurer_client
    url = f"/en/enquiries/insurer/leads/{lead.delivery_id}/"
    accepted = soup(insurer.post(url, {"action": "accept"}, follow=True))
    assert "You accepted this lead" in accepted.select_one("[role=status]").get_text()
    assert accepted.select_one(".lead-status").get_text() == "Accepted: record a quote"
    until = (timezone.now().date() + timedelta(days=30)).isoformat()
    bad = soup(insurer.post(url, {"action": "quote", "amount": "twelve", "valid_until": until}))
    assert "12,800" in bad.select_one(".error-summary").get_text(), "a premium's example"
    quoted = soup(
        insurer.post(
            url,
            {"action": "quote", "amount": "12,800", "currency": "HKD", "valid_until": until, "plan": "Gold"},
            follow=True,
        )
    )
    assert "Your quote is recorded" in quoted.select_one("[role=status]").get_text()
    mine = {
        r.dt.get_text(strip=True): r.dd.get_text(strip=True)
        for r in quoted.select(".your-quote .summary-row")
    }
    assert (mine["Premium"], mine["Plan or level"], mine["Valid until"]) == ("HKD 12,800.00", "Gold", until)
    listing = soup(insurer.get("/zh-hant/enquiries/insurer/"))
    cells = [tr.select("td")[3].get_text(strip=True) for tr in listing.select("tbody tr:not(.withdrawn)")]
    with translation.override("zh-hant"):
        assert cells == [gettext("Quote sent to the applicant")] and cells[0] != "Quote sent to the applicant"


def test_decline_uses_the_error_summary_and_undo_says_hong_kong_time(
    insurer_client: tuple[Client, Lead],  # noqa: F811
) -> None:
    insurer, lead = insurer_client
    url = f"/en/enquiries/insurer/leads/{lead.delivery_id}/"
    page = soup(insurer.post(url, {"action": "decline", "confirmed": "yes", "reason": "  "}))
    form = page.select_one("form.confirm-box")
    assert form is not None and form.has_attr("novalidate"), "asked again, no browser tooltip"
    assert not page.select_one("#id_reason").has_attr("required")
    assert page.select_one(".error-summary a")["href"] == "#id_reason"
    assert "id_reason_error" in page.select_one("#id_reason")["aria-describedby"]
    done = soup(
        insurer.post(url, {"action": "decline", "confirmed": "yes", "reason": "No appetite"}, follow=True)
    )
    assert "(Hong Kong time)" in done.get_text()
    assert "the applicant can see your reason" in done.select_one("[role=status]").get_text().lower()


def test_the_insurer_reads_answers_about_the_applicant_not_to_them(demo_catalogue: None) -> None:
    second_person = re.compile(r"\b(you|your|I|my|we|our)\b", re.IGNORECASE)
    for line in ProductLine.values:
        for name, field in line_fields(line).items():
            label = str(INSURER_LABELS.get(name, field.label))
            assert not second_person.search(label), (line, name, label)


def test_option_labels_start_with_a_capital(demo_catalogue: None) -> None:
    for line in ProductLine.values:
        for name, field in line_fields(line).items():
            for value, label in getattr(field, "choices", None) or []:
                text = str(label)
                # sentence case; a brand written with a lower-case first letter ("eBay") keeps it
                assert not text or text[0].isupper() or not text[0].isalpha() or text[1:2].isupper(), (
                    line,
                    name,
                    value,
                )


def test_withdrawal_says_nothing_of_quotes_when_there_are_none(client: Client, appetite: None) -> None:
    enquiry = submit(client, "export_credit", EXPORT)
    text = soup(client.get(f"/en/enquiries/status/{enquiry.access_token}/withdraw/")).get_text()
    assert "0 quote" not in text


def test_the_consents_stay_marked_required_after_a_preview(client: Client, appetite: None) -> None:
    walk(client, "en", "export_credit", ABOUT, EXPORT_STEP)
    preview = soup(
        client.post(
            URL.format(lang="en", line="export_credit") + "?step=consents",
            {"step": "consents", "preview": "1"},
        )
    )
    assert not preview.select(".error-summary"), "the preview asks for no consent"
    assert "(required)" in preview.select_one("label[for=id_consent_process]").get_text()
    assert preview.select_one("#insurer-matches") is not None


def test_chinese_wording_the_tester_flagged() -> None:
    with translation.override("zh-hant"):
        assert gettext("Change") == "更改"
        wrong = gettext(
            "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
        )
        assert not re.search(r"\s", wrong % {"username": "使用者名稱"}), wrong
    with translation.override("zh-hans"):
        assert gettext("Change") == "修改"


# F8 -------------------------------------------------------------------------------------------
def test_every_matching_insurer_gives_the_same_kinds_of_reason(client: Client, appetite: None) -> None:
    walk(client, "en", "export_credit", ABOUT, EXPORT_STEP, CONSENTS)
    preview = soup(
        client.post(
            URL.format(lang="en", line="export_credit") + "?step=consents", {**CONSENTS, "preview": "1"}
        )
    )
    options = preview.select("#insurer-picker .option--with-reasons")
    assert len(options) >= 2
    for option in options:
        reasons = [li.get_text(strip=True) for li in option.select(".reasons li")]
        assert "takes businesses of your turnover" in reasons, reasons
        assert "covers the countries you named" in reasons, reasons
