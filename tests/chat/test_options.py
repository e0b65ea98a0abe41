"""A value a plan does not offer, beside the options it does ("US$10 million" among limits of
US$1,000,000, US$2,000,000 or US$5,000,000; a 3-year term among 5 or 10 years), is declined
showing the options: quoted as the answer, they read as if the asked value were one of them."""

from __future__ import annotations

import pytest

from chat import options
from chat.answering import answer_question
from tests.chat.test_value_deferred import annuity  # noqa: F401  (the fixture)

UNITS = [
    "Section: A. Product liability – per occurrence and annual aggregate; Limit: US$1,000,000, "
    "US$2,000,000 or US$5,000,000",
    "Premium term: 5 or 10 years",
    "自付費選項：每個保單年度HK$0、HK$10,000或HK$30,000",
]


@pytest.mark.parametrize(
    ("text", "values", "kind"),
    [
        (UNITS[0], {"1000000", "2000000", "5000000"}, "money"),
        (UNITS[1], {"5", "10"}, "year"),
        (UNITS[2], {"0", "10000", "30000"}, "money"),
        # A band is no set of options.
        ("Entry age: 18 to 65", set(), ""),
    ],
)
def test_options_a_passage_offers_and_their_kind(text: str, values: set[str], kind: str) -> None:
    found, their_kind = options.offered(text)
    assert set(found) == values and their_kind == kind


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How much would CartCover cost with a US$10 million product liability limit?", 0),
        ("GoldenYears with a 3-year premium term - what is the guaranteed IRR?", 1),
        ("康橋通自付費HK$50,000保費幾多？", 2),
        # Across scripts, through the glossary (deductible: 自付費); a Chinese comma ends a number.
        ("KangKiu Essential at age 40 with a HK$5,000 deductible: what is the annual premium?", 2),
        ("康橋通基本計劃揀自付費HK$20,000，40歲每年保費幾多？", 2),
        # Offered, or no value of the options' kind.
        ("KangKiu at age 40 with a HK$10,000 deductible: what is the premium?", None),
        ("With a US$2 million limit what is the rate?", None),
        ("Our turnover is US$3 million, what is the premium for a US$2,000,000 limit?", None),
        ("I am 45, premium term 5 years?", None),
    ],
)
def test_a_value_not_among_the_options_of_its_kind_is_found(question: str, unit: int | None) -> None:
    assert options.not_offered(question, UNITS) == unit


@pytest.mark.usefixtures("annuity")
def test_a_premium_term_the_plan_does_not_offer_is_declined_with_the_options() -> None:
    answer = answer_question(
        "Tai Hang Deferred Annuity with a 3-year premium term: what is the monthly annuity?"
    )
    assert answer.kind == "no_answer", answer.text
    assert any("5 or 10 years" in c["quote"] for c in answer.citations)


@pytest.mark.usefixtures("annuity")
def test_an_offered_premium_term_is_answered() -> None:
    answer = answer_question(
        "Tai Hang Deferred Annuity at entry age 40: the monthly annuity for a 5 years premium term, "
        "annuity start age 65, 20-year period?"
    )
    assert answer.kind == "answer", answer.text
    assert "742" in answer.text
