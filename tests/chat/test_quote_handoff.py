"""The chat-to-form handoff keeps every amount the visitor stated (tester B, D7): an amount in
another currency than the form's field fills that field at the portal's fixed rate, the reply says
so, and a stated amount is never "still needed"; 赊账/賒賬/賒數 is open account."""

from __future__ import annotations

import pytest
from django.test import Client

from chat.answering import answer_question
from chat.enquiry import extract_fields
from crossborder.money import convert, rate


@pytest.mark.parametrize(
    ("message", "field", "amount", "currency"),
    [
        (
            "I'd like a quote for cross-border e-commerce insurance: we sell on Amazon US and TikTok Shop, "
            "annual sales US$2m",
            "annual_turnover_hkd",
            2_000_000,
            "USD",
        ),
        (
            "我们是深圳公司，想要出口信用保险报价，年销售额800万美元，买家在德国和美国，赊账90天",
            "annual_turnover_hkd",
            8e6,
            "USD",
        ),
        (
            "我哋喺東莞做玩具出口，一年營業額大概一千二百萬人民幣，啲客喺加拿大，賒數45日，想報價。",
            "annual_turnover_hkd",
            12e6,
            "CNY",
        ),
        (
            "Export credit quote: Hong Kong firm, annual turnover EUR 3 million, buyers in Italy.",
            "annual_turnover_hkd",
            3e6,
            "EUR",
        ),
        (
            "亚马逊和SHEIN卖家，公司在香港，每月销售额大约160万港元，想买跨境电商保险。",
            "max_monthly_sales_usd",
            1.6e6,
            "HKD",
        ),
    ],
)
def test_an_amount_in_another_currency_fills_the_forms_field_converted(
    message: str, field: str, amount: float, currency: str
) -> None:
    fields = extract_fields(message)
    into = "USD" if field.endswith("_usd") else "HKD"
    assert fields[field] == convert(amount, currency, into)
    assert fields["converted"][field]["currency"] == currency
    assert field not in fields["missing"], "a stated amount is never asked for again"


@pytest.mark.parametrize("written", ["赊账", "賒賬", "赊帐", "賒數", "記賬"])
def test_chinese_words_for_open_account_are_open_account(written: str) -> None:
    fields = extract_fields(f"香港公司想报出口信用保险，买家在德国，{written}60天")
    assert fields["payment_terms"] == "OA" and fields["credit_period_days"] == 60


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("message", "language", "turnover_words"),
    [
        (
            "We sell on Amazon and TikTok Shop, annual sales US$2m. I'd like an e-commerce insurance quote.",
            "en",
            "annual turnover",
        ),
        (
            "我们是深圳公司，想要出口信用保险报价，年销售额800万美元，买家在德国和美国，赊账90天",
            "zh-Hans",
            "每年营业额",
        ),
        (
            "本公司在香港註冊，年營業額約500萬美元，出口到英國，賒賬60天，想要出口信用保險報價。",
            "zh-Hant",
            "每年營業額",
        ),
    ],
)
def test_the_reply_says_the_conversion_and_never_that_the_amount_is_missing(
    message: str, language: str, turnover_words: str
) -> None:
    answer = answer_question(message)
    assert answer.kind == "quote" and answer.enquiry is not None
    assert answer.language == language
    shown = f"{answer.enquiry['annual_turnover_hkd']:,}"
    assert shown in answer.text and str(rate("USD", "HKD")) in answer.text, answer.text
    still_needed = answer.text.partition("Still needed" if language == "en" else "尚需")[2]
    assert turnover_words not in still_needed, answer.text


@pytest.mark.django_db
def test_the_prefilled_form_shows_the_converted_amount_in_its_hk_field(client: Client, db: None) -> None:
    from bs4 import BeautifulSoup

    fields = extract_fields("E-commerce quote: Hong Kong seller on Amazon, annual sales US$2m")
    query = f"annual_turnover_hkd={fields['annual_turnover_hkd']}&converted=ignored&platforms=Amazon"
    client.get(f"/en/enquiries/new/ecommerce/?{query}")
    page = client.get("/en/enquiries/new/ecommerce/?step=details")
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    assert soup.select_one("#id_annual_turnover_hkd")["value"] == "15,560,000"


@pytest.mark.parametrize("language", ["en", "zh-Hant", "zh-Hans"])
def test_the_talk_to_a_person_reply_points_at_the_contact_form_the_panel_offers(language: str) -> None:
    """Tester B: the reply said "the enquiry form" while the panel offers "Contact a person"."""
    from django.utils import translation

    from chat.messages import fixed_reply

    with translation.override(language.lower()):
        button = translation.gettext("Contact a person")
        enquiry_form = translation.gettext("enquiry form")
    reply = fixed_reply("handoff", language)
    assert button in reply and enquiry_form not in reply
