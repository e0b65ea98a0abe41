"""Plans grounded however a question writes their names, and places that are not plans (issue 9:
entities grounded in what the portal holds, in either script, with typos and other spellings)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chat import entities, glossary
from chat.answering import answer_question
from chat.entities import _latin_names
from chat.grounding import names_unknown
from chat.understanding import _with_places, understand
from knowledge.places import without_local_places
from tests.chat.unit_blocks import TEST_CHUNK


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (
            "NetMerchant Cross-Border E-commerce Package — Product summary",
            ["NetMerchant Cross-Border E-commerce Package"],
        ),
        ("Serene Deferred Annuity Plan — Product Brochure", ["Serene Deferred Annuity Plan"]),
        ("Twin-Bay Peace of Mind Inpatient Plan", ["Twin-Bay Peace of Mind Inpatient Plan"]),
        # An insurer's name is not a product's; the product's name after it is.
        (
            "長洲綜合保險有限公司（Cheung Chau General Insurance Limited）ReturnEase Return-Shipping and Cargo Insurance",
            ["ReturnEase Return-Shipping and Cargo Insurance"],
        ),
        # Sentences and labels are no names.
        ("Sample document for testing — fictional insurer and product.", []),
        ("生效日期：2026年1月1日（Effective date: 2026-01-01）", []),
    ],
)
def test_the_latin_names_of_a_chinese_documents_header(line: str, names: list[str]) -> None:
    assert _latin_names(line)[:1] == names[:1]


def test_districts_and_areas_are_places() -> None:
    assert "Sham" not in without_local_places("Where can I get dim sum in Sham Shui Po?")
    assert "深水埗" not in without_local_places("深水埗邊度有好食嘅點心？")
    assert "蛇口" not in without_local_places("蛇口港附近有什么好吃的海鲜餐厅？")
    # A plan's own name stays.
    assert "FamilyCare" in without_local_places("Under Tai Po Mutual's FamilyCare plan")


@pytest.mark.parametrize(
    ("question", "english"),
    [
        ("FamilyCare 睇中醫每次賠幾多？", "chinese medicine"),
        ("BayLink 生仔最多賠幾多錢？", "maternity"),  # written Cantonese, read as 生育
        ("门诊每次最多报销多少？", "outpatient"),
    ],
)
def test_medical_benefits_are_rendered_in_english(question: str, english: str) -> None:
    assert any(english in c.other for c in glossary.concepts(question))


def test_an_off_topic_message_naming_an_insurers_place_stays_off_topic(plan_documents: list[str]) -> None:
    # "Lantau" is in the insurer's name (Lantau Test Assurance Limited), and a district.
    assert entities.ground("What's the weather like on Lantau this weekend?").documents == ["lantau-senior"]
    understood = understand("What's the weather like on Lantau this weekend?")
    assert understood.intent == "out_of_scope"
    answer = answer_question("What's the weather like on Lantau this weekend?")
    assert (answer.kind, answer.reason) == ("no_answer", "out_of_scope") and answer.citations == []
    # A plan named by its own name is asked about, whatever place the message also names.
    assert understand("Does Harbourview pay for a hospital stay on Lantau?").intent == "answer"


def test_a_name_in_the_documents_header_in_the_other_language_names_the_plan(
    plan_documents: list[str],
) -> None:
    # The Chinese document's header also names it "Lantau Senior Hospital Plan"; its title does not.
    assert entities.ground("Does the Senior Hospital Plan pay for a private room?").documents == [
        "lantau-senior"
    ]
    assert "lantau-senior" in understand("What is the room limit of the Senior plan?").named_documents


@pytest.mark.parametrize(
    "question",
    [
        "What does Harbour View pay per day for a room?",  # a one-word name written apart
        "What does harbour-view pay per day for a room?",
        "What does harbourview pay per day for a room?",
        "What does Harbourveiw pay per day for a room?",  # misspelt
    ],
)
def test_a_one_word_name_however_written(plan_documents: list[str], question: str) -> None:
    grounded = entities.ground(question)
    assert grounded.documents == ["harbourview-care"] and grounded.unknown == []


def test_a_romanised_name_of_several_words_is_held_not_unknown(plan_documents: list[str]) -> None:
    # 大嶼山 romanised in Cantonese: the plan is named, not an unknown product.
    grounded = entities.ground("What is the room limit of the Tai Yu Shan senior plan?")
    assert grounded.documents == ["lantau-senior"] and grounded.unknown == []
    # Another word beside a held name is still another product.
    assert entities.ground("What does the Harbourview Elite plan pay for a room?").unknown == [
        "Harbourview Elite"
    ]


class _TwoNamesApart:
    """Held Chinese names one character apart, as two insurers may well name their plans."""

    chinese_names = {
        "湾区安心": ("灣區安心", "anxin"),
        "湾区安享": ("湾区安享", "anxiang"),
        "双湾安心": ("雙灣安心", "twinbay"),
    }
    written_chinese = " ".join(chinese_names)


@pytest.mark.parametrize(
    ("question", "corrected"),
    [
        # Each name written right is its own plan, in either script, alone or beside the other.
        ("灣區安心計劃嘅癌症等候期係幾耐？", "灣區安心計劃嘅癌症等候期係幾耐？"),
        ("湾区安享递延年金的投保年龄是多少？", "湾区安享递延年金的投保年龄是多少？"),
        ("灣區安享同灣區安心有咩分別？", "灣區安享同灣區安心有咩分別？"),
        # A misspelling nearest to one held name is spelt as held.
        ("雙彎安心的等候期", "雙灣安心的等候期"),
        # One character from two held names at once ("灣區安X"): neither is guessed.
        ("灣區安康的等候期", "灣區安康的等候期"),
    ],
)
def test_a_held_chinese_name_is_never_corrected_into_another(question: str, corrected: str) -> None:
    assert entities._corrected_chinese(question, _TwoNamesApart()) == corrected  # type: ignore[arg-type]


@pytest.fixture
def hyphenated_brand(plan_documents: list[str], tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A plan whose brand is hyphenated, beside the fixture plans."""
    from knowledge.ingest import DocumentMeta, ingest_document, register_document

    path = tmp_path / "saikung-tidewater.md"
    path.write_text(
        "Sample document for testing — fictional insurer and product.\n\n"
        "# Tide-Water Inpatient Plan\n\n## Waiting periods\n\n"
        "Maternity benefits are payable after a waiting period of 300 days.\n",
        encoding="utf-8",
    )
    meta = DocumentMeta(
        doc_id="saikung-tidewater",
        insurer="Sai Kung Test Assurance Limited",
        product="saikung-tidewater",
        product_line="gba_medical",
        language="en",
        title="Tide-Water Inpatient Plan",
        effective_date="2026-01-01",
    )
    assert ingest_document(register_document(path, meta)) > 0
    return meta.doc_id


@pytest.mark.parametrize(
    "question",
    [
        "What is the waiting period for maternity under TideWater?",
        "Tide Water maternity waiting period?",
        "Does the Tidewater plan cover maternity?",
    ],
)
def test_a_hyphenated_name_written_as_one_word_or_two_names_its_plan(
    hyphenated_brand: str, question: str
) -> None:
    assert understand(question).named_documents == [hyphenated_brand]


def test_a_plan_named_in_a_follow_up_wins_over_the_plan_before(hyphenated_brand: str) -> None:
    understood = understand(
        "What is the waiting period for maternity under TideWater?",
        ["What is the overall annual limit of Harbourview?"],
    )
    assert understood.named_documents == [hyphenated_brand]


class _BrandInAnUnquotedTitle:
    """One plan held by a quoted brand, another only by its whole unquoted title."""

    chinese_names = {
        "湾区安心": ("灣區安心", "anxin"),
        "湾区安享递延年金计划": ("湾区安享递延年金计划", "anxiang"),
    }
    written_chinese = " ".join([*chinese_names, "前海长青养老保险 — 湾区安享递延年金计划（2026年版）"])


def test_a_held_name_written_in_part_is_not_a_misspelling_of_another() -> None:
    corrected = entities._corrected_chinese("湾区安享递延年金的投保年龄是多少？", _BrandInAnUnquotedTitle())  # type: ignore[arg-type]
    assert "灣區安心" not in corrected
    assert corrected.startswith("湾区安享")
    # A run no held name writes, a character from the brand, is still spelt as held.
    assert entities._corrected_chinese("灣區安新的等候期", _BrandInAnUnquotedTitle()) == "灣區安心的等候期"  # type: ignore[arg-type]


def test_a_country_is_mentioned_by_a_region_containing_it() -> None:
    def unknown(question: str, text: str) -> bool:
        chunks = [replace(TEST_CHUNK, text=text, section="")]
        return names_unknown(_with_places(question), chunks, chunks, [])

    rates = "承保地域：美国、欧洲（欧盟成员国、英国、瑞士及挪威）、东南亚。欧洲 3.6%"
    assert not unknown("What rate applies if we are sued in Germany?", rates)
    # The regions written into the query for the search are not asked for themselves.
    assert not unknown("出口到德國，保費率是多少？", "甲級：德國、法國、英國")
    assert unknown("出口到巴西，保費率是多少？", "甲級：德國、法國、英國")
    assert unknown("What rate applies if we are sued in Germany?", "Japan and South Korea: 2.4%")
