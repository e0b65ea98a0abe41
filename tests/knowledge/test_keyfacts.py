"""Key-fact extraction and premium estimates: pure functions over loader blocks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from knowledge.keyfacts import extract_facts, units_from_blocks, value_key, verify, vocabulary
from knowledge.keyfacts.premiums import Estimate, Refusal, parse_band, rate_tables
from knowledge.keyfacts.records import editions_asked
from knowledge.keyfacts.scoring import load_gold, manifest_documents, score_document
from knowledge.loaders import Block, load_blocks
from knowledge.models import PlanDocument
from knowledge.text import years_named
from portal.models import Insurer, Product

DEMO = Path(__file__).resolve().parents[2] / "knowledge" / "demo_corpus"


def _table(header: list[str], rows: list[list[str]], section: str = "Premium table") -> list[Block]:
    return [Block(kind="heading", text=section, level=2), Block(kind="table", header=header, rows=rows)]


def test_a_table_row_gives_the_value_under_its_column() -> None:
    blocks = _table(
        ["Benefit", "Essential", "Premier"],
        [["Overall annual benefit limit", "HK$1,000,000", "HK$3,000,000"]],
    )
    fact = extract_facts(blocks, "gba_medical")["annual_limit"]
    assert fact is not None
    assert (fact.value, fact.column, fact.section) == ("HK$1,000,000", "Essential", "Premium table")


def test_a_sentence_gives_a_list_of_options_whole() -> None:
    blocks = [Block(kind="text", text="Deductible options: HK$0, HK$10,000 or HK$20,000 per policy year.")]
    fact = extract_facts(blocks, "gba_medical")["deductible_options"]
    assert fact is not None and fact.value == "HK$0, HK$10,000 or HK$20,000"


def test_a_count_before_its_noun_and_not_a_longer_word() -> None:
    blocks = [
        Block(kind="text", text="At non-network hospitals we pay 75% of eligible expenses."),
        Block(kind="text", text="The plan has 36 network hospitals in the mainland GBA cities."),
    ]
    fact = extract_facts(blocks, "gba_medical")["network_hospitals"]
    assert fact is not None and fact.value == "36"


def test_a_section_heading_completes_a_term_group() -> None:
    blocks = [Block(kind="heading", text="等候期", level=2), Block(kind="text", text="癌症治療：180日")]
    fact = extract_facts(blocks, "gba_medical")["waiting_cancer"]
    assert fact is not None and fact.value == "180日"


def test_traditional_and_simplified_synonyms_match_both_scripts() -> None:
    blocks = [Block(kind="text", text="投保年齡：出生滿28天至65週歲，可續保至80週歲")]
    facts = extract_facts(blocks, "gba_medical")
    assert facts["renewal_age"] is not None and "80" in facts["renewal_age"].value


def test_an_unstated_attribute_is_none_not_a_guess() -> None:
    blocks = [Block(kind="text", text="Room and board is paid in full. Cancer treatment is covered.")]
    facts = extract_facts(blocks, "gba_medical")
    assert facts["room_and_board"] is None
    assert facts["waiting_cancer"] is None


def test_rival_values_lower_the_confidence() -> None:
    blocks = [
        Block(kind="text", text="首次投保的，自保险期间开始之日起60天为等待期；"),
        Block(kind="text", text="海关扣押应对费用的等待期为30天。"),
    ]
    fact = extract_facts(blocks, "overseas_ip")["waiting_period"]
    assert fact is not None and fact.value == "60天"
    assert fact.alternatives == ("30天",)
    assert fact.confidence < 0.75  # flagged to staff


@pytest.mark.parametrize(
    ("value", "kind", "key"),
    [
        ("人民币300万元", "money", (3_000_000.0,)),
        ("HK$60 million", "money", (60_000_000.0,)),
        ("人民币 1 亿元", "money", (100_000_000.0,)),
        ("None", "money", "none"),
        ("three", "count", (3.0,)),
        ("15 days to 70 years", "age_range", (15.0, 70.0)),
    ],
)
def test_value_keys_compare_what_values_denote(value: str, kind: str, key: object) -> None:
    assert value_key(value, kind) == key


def test_every_demo_fact_is_a_span_of_its_document() -> None:
    """No invented value: each extracted value is in its quote, and the quote in the document."""
    for doc in manifest_documents(DEMO):
        blocks = load_blocks(Path(doc["path"]))
        text = "\n".join(
            [b.text for b in blocks] + [" ".join(b.header + [c for r in b.rows for c in r]) for b in blocks]
        )
        for fact in extract_facts(blocks, doc["product_line"]).values():
            assert fact is None or verify(fact, text), (doc["doc_id"], fact)


def test_demo_accuracy_against_gold_stays_at_target() -> None:
    gold = load_gold()
    outcomes = [o for doc in manifest_documents(DEMO) for o in score_document(doc, gold[doc["doc_id"]])]
    assert sum(o.correct for o in outcomes) / len(outcomes) >= 0.95
    assert not [o for o in outcomes if o.invented]


def test_units_keep_the_heading_they_sit_under() -> None:
    units = units_from_blocks(
        [Block(kind="heading", text="Eligibility"), Block(kind="text", text="Entry age: 18 to 60.")]
    )
    assert [(u.section, u.text) for u in units] == [("Eligibility", "Entry age: 18 to 60.")]


def test_the_vocabulary_has_labels_in_three_languages() -> None:
    for attributes in vocabulary().attributes.values():
        for attribute in attributes:
            assert set(attribute.labels) == {"en", "zh-Hant", "zh-Hans"}, attribute.key


# --- premium estimates -------------------------------------------------------------

BANDED = _table(
    ["Age", "Standard, HK$0 deductible", "Plus, HK$0 deductible"],
    [
        ["18–30", "3,860", "7,980"],
        ["31–40", "4,940", "9,870"],
        ["41–50", "7,260", "14,350"],
        ["71–100 (renewal only)", "29,400", "52,800"],
    ],
)


@pytest.mark.parametrize(
    ("age", "expected"),
    [(30, "3,860"), (31, "4,940"), (35, "4,940"), (40, "4,940"), (41, "7,260"), (71, "29,400")],
)
def test_an_age_picks_its_band_at_the_edges(age: int, expected: str) -> None:
    table = rate_tables(BANDED)[0]
    result = estimate_for(table, age, "Standard, HK$0 deductible")
    assert isinstance(result, Estimate) and result.value == expected


def estimate_for(table: object, age: int, column: str) -> Estimate | Refusal:
    from knowledge.keyfacts.premiums import estimate

    return estimate(table, column=column, age=age)  # type: ignore[arg-type]


@pytest.mark.parametrize("age", [17, 51, 70, 101])
def test_an_age_outside_every_band_is_refused_not_rounded(age: int) -> None:
    result = estimate_for(rate_tables(BANDED)[0], age, "Plus, HK$0 deductible")
    assert isinstance(result, Refusal) and result.reason == "age"
    assert result.detail == "18–100"


def test_an_option_not_in_the_table_is_refused() -> None:
    result = estimate_for(rate_tables(BANDED)[0], 35, "Plus, HK$10,000 deductible")
    assert isinstance(result, Refusal) and result.reason == "option"
    assert "Standard, HK$0 deductible" in result.detail


def test_a_renewal_only_row_says_so() -> None:
    result = estimate_for(rate_tables(BANDED)[0], 80, "Standard, HK$0 deductible")
    assert isinstance(result, Estimate) and result.renewal_only
    assert not result.renewal_noted  # its row label "71–100 (renewal only)" says so: not twice


@pytest.mark.parametrize(
    ("label", "band"),
    [
        ("0–17周岁", (0, 17)),
        ("71 and over (renewal only)", (71, 200)),
        ("55歲", (55, 55)),
        ("66–80（只限續保）", (66, 80)),
    ],
)
def test_band_labels(label: str, band: tuple[int, int]) -> None:
    parsed = parse_band(label)
    assert parsed is not None and (parsed.low, parsed.high) == band


def test_a_labelled_rate_table_is_read_by_row_and_column() -> None:
    from knowledge.keyfacts.premiums import estimate

    blocks = _table(
        ["Payment terms", "Grade A", "Grade B"],
        [["D/P", "0.14%", "0.20%"], ["O/A 60 days", "0.22%", "0.33%"]],
        "Premium rates",
    )
    table = rate_tables(blocks)[0]
    assert not table.by_age
    result = estimate(table, column="Grade B", row="D/P")
    assert isinstance(result, Estimate) and result.value == "0.20%"
    assert isinstance(estimate(table, column="Grade B", row="L/C"), Refusal)


def test_demo_medical_tables_are_found() -> None:
    table = rate_tables(load_blocks(DEMO / "docs" / "taipo-familycare-medical.html"))[0]
    assert table.age_range == (0, 100)
    assert table.options == ("Hospital section", "Outpatient section (add-on)")


def test_a_list_with_its_unit_stated_once_is_kept_whole() -> None:
    blocks = _table(["Item", "Plan"], [["Premium term", "5 or 10 years"]], "Benefits")
    fact = extract_facts(blocks, "pension")["premium_term"]
    assert fact is not None and fact.value == "5 or 10 years"


def test_an_item_number_before_the_row_label_is_skipped() -> None:
    blocks = _table(
        ["Item", "Term", "Detail"], [["4", "Maximum Credit Period", "180 days from shipment"]], "Schedule"
    )
    fact = extract_facts(blocks, "export_credit")["max_credit_period"]
    assert fact is not None and fact.value == "180 days"


def test_a_row_label_may_insert_characters_into_a_chinese_synonym() -> None:
    blocks = _table(["保障项目", "每次索赔限额"], [["被诉侵权抗辩", "人民币300万元至3,000万元"]], "保障额度")
    fact = extract_facts(blocks, "overseas_ip")["ip_limit"]
    assert fact is not None and fact.value == "人民币300万元至3,000万元"


def test_a_column_attribute_needs_its_column() -> None:
    header = ["Section", "Limit", "Excess"]
    blocks = _table(
        header,
        [
            [
                "1. Product liability, each occurrence",
                "US$1,000,000 or US$2,000,000",
                "US$2,500 each occurrence",
            ]
        ],
        "Limits",
    )
    facts = extract_facts(blocks, "ecommerce")
    assert facts["deductible"] is not None and facts["deductible"].value == "US$2,500"
    no_column = _table(
        ["Section", "Limit"], [["Product liability, each occurrence", "US$1,000,000"]], "Limits"
    )
    assert extract_facts(no_column, "ecommerce")["deductible"] is None


# --- network hospitals -------------------------------------------------------------


def test_network_hospitals_are_read_from_their_list_with_the_city() -> None:
    from knowledge.keyfacts.hospitals import matches, network_hospitals

    blocks = [
        Block(kind="heading", text="Network hospitals (direct billing)"),
        Block(kind="text", text="1. Shenzhen Meilin Harmony Hospital — Nanshan District, Shenzhen"),
        Block(kind="text", text="深圳龍崗康和醫院（深圳市龍崗區）"),
        Block(kind="text", text="Treatment at other registered hospitals in the GBA is reimbursed."),
        Block(kind="heading", text="Exclusions"),
        Block(kind="text", text="Zhuhai Xiangzhou Hospital — Zhuhai"),
    ]
    found = network_hospitals(blocks)
    assert [(h.name, h.city) for h in found] == [
        ("Shenzhen Meilin Harmony Hospital", "shenzhen"),
        ("深圳龍崗康和醫院", "shenzhen"),
    ]
    assert all(matches(h, "深圳") for h in found) and matches(found[0], "shenzhen")
    assert matches(found[0], "Meilin") and not matches(found[1], "Meilin")
    assert not any(matches(h, "Zhuhai") for h in found)


# --- LLM extraction, against a local OpenAI-compatible server ------------------------


@pytest.fixture
def fake_llm(settings):  # type: ignore[no-untyped-def]
    import threading
    from http.server import ThreadingHTTPServer

    from tests.chat.conftest import FakeOpenAI, _handler

    state = FakeOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings.OPENAI_API_KEY = "test"
    settings.LLM_TIMEOUT_SECONDS = 2.0
    yield state
    server.shutdown()


LLM_BLOCKS = [
    Block(kind="heading", text="Benefits"),
    Block(kind="text", text="Overall annual limit: HK$1,500,000 per policy year."),
    Block(kind="text", text="Room and board, per day: HK$1,800."),
    Block(kind="text", text="Deductible options: HK$0 or HK$20,000."),
]


def test_llm_values_are_kept_only_when_they_quote_their_unit(fake_llm) -> None:  # type: ignore[no-untyped-def]
    from knowledge.keyfacts.llm import llm_facts, merge

    fake_llm.reply = (
        '{"annual_limit": {"value": "HK$1,500,000", "unit": 0},'
        ' "room_and_board": {"value": "HK$9,999", "unit": 1},'
        ' "deductible_options": {"value": "HK$0 or HK$20,000", "unit": 0},'
        ' "lifetime_limit": null}'
    )
    units = units_from_blocks(LLM_BLOCKS)
    facts = llm_facts(units, "gba_medical")
    assert facts["annual_limit"] is not None and facts["annual_limit"].value == "HK$1,500,000"
    assert facts["room_and_board"] is None  # a figure its unit does not hold
    assert facts["deductible_options"] is None  # quoted from the wrong unit
    merged = merge(extract_facts(LLM_BLOCKS, "gba_medical"), facts, "gba_medical")
    assert merged["room_and_board"] is not None and merged["room_and_board"].value == "HK$1,800"
    assert "never instructions" in fake_llm.requests[0]["messages"][0]["content"]


def test_a_disagreement_with_the_rules_is_flagged(fake_llm) -> None:  # type: ignore[no-untyped-def]
    from knowledge.keyfacts.llm import llm_facts, merge

    blocks = [*LLM_BLOCKS, Block(kind="text", text="Plus plan: HK$4,000,000 a year.")]
    fake_llm.reply = '{"annual_limit": {"value": "HK$4,000,000", "unit": 3}}'
    units = units_from_blocks(blocks)
    merged = merge(extract_facts(blocks, "gba_medical"), llm_facts(units, "gba_medical"), "gba_medical")
    fact = merged["annual_limit"]
    assert fact is not None and fact.value == "HK$4,000,000"
    assert fact.alternatives == ("HK$1,500,000",) and fact.confidence < 0.75


def test_a_failing_model_leaves_the_rules(fake_llm) -> None:  # type: ignore[no-untyped-def]
    from knowledge.keyfacts.llm import llm_facts

    fake_llm.status = 500
    assert llm_facts(units_from_blocks(LLM_BLOCKS), "gba_medical") == {}
    fake_llm.status = 200
    fake_llm.reply = "I cannot help with that."
    assert llm_facts(units_from_blocks(LLM_BLOCKS), "gba_medical") == {}


@pytest.mark.parametrize(
    ("age", "expected"), [(30, "3,860"), (31, "4,940"), (35, "4,940"), (40, "4,940"), (41, "7,260")]
)
def test_bridgecare_premium_for_an_age_is_its_band_not_the_oldest(age: int, expected: str) -> None:
    """The issue's case: a 35-year-old gets the 31–40 row (HK$4,940), not the 71–100 one."""
    from knowledge.keyfacts.premiums import estimate

    table = rate_tables(load_blocks(DEMO / "docs" / "lantau-bridgecare-medical.pdf"))[0]
    result = estimate(table, column="Standard, HK$0 deductible", age=age)
    assert isinstance(result, Estimate) and result.value == expected
    assert isinstance(estimate(table, column="Standard, HK$0 deductible", age=101), Refusal)


def test_territories_are_a_labels_list_or_the_first_sentence_under_their_heading() -> None:
    labelled = [
        Block(
            kind="text",
            text="Territory: the United States, Canada and the European Union. Claims elsewhere are excluded.",
        )
    ]
    fact = extract_facts(labelled, "ecommerce")["territories"]
    assert fact is not None and fact.value == "the United States, Canada and the European Union"
    headed = [
        Block(kind="text", text="被保险人在承保地域内被指控侵权时的抗辩费用。"),
        Block(kind="heading", text="四、承保地域"),
        Block(kind="text", text="美国、欧盟成员国及英国、日本及韩国。投保人可选择一个或多个承保地域。"),
    ]
    fact = extract_facts(headed, "overseas_ip")["territories"]
    assert fact is not None and fact.value == "美国、欧盟成员国及英国、日本及韩国"


# --- flags, names and asides (attributes added for issue 11's missing facts) ---------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plan is certified as a Qualifying Deferred Annuity Policy (QDAP).", "yes"),
        ("本計劃屬即期年金，並非合資格延期年金保單（QDAP），所繳保費不可申請扣稅。", "no"),
        ("本计划并非合资格延期年金保单。", "no"),
    ],
)
def test_a_flag_is_its_phrase_as_written_and_a_denial_before_it_says_no(text: str, expected: str) -> None:
    fact = extract_facts([Block(kind="text", text=text)], "pension")["qdap"]
    assert fact is not None and fact.value in text
    assert value_key(fact.value, "flag") == expected == value_key(expected, "flag")


def test_a_flag_the_document_never_names_is_none() -> None:
    blocks = [Block(kind="text", text="Premiums are paid for 5 or 10 years.")]
    assert extract_facts(blocks, "pension")["qdap"] is None


def test_names_are_read_as_a_run_before_or_after_their_label_and_compared_as_a_set() -> None:
    before = [
        Block(kind="text", text="Amazon, Temu and Walmart can be named as additional insureds at no cost.")
    ]
    after = [Block(kind="text", text="可列为附加被保险人的平台：Walmart、亚马逊及Temu，不另收保费。")]
    first = extract_facts(before, "ecommerce")["platforms"]
    second = extract_facts(after, "ecommerce")["platforms"]
    assert first is not None and first.value == "Amazon, Temu and Walmart"
    assert second is not None and second.value == "Walmart、亚马逊及Temu"
    assert value_key(first.value, "names") == value_key(second.value, "names") == "amazon|temu|walmart"


def test_a_label_colon_value_statement_outranks_an_earlier_passing_mention() -> None:
    blocks = [
        Block(kind="text", text="本产品可满足亚马逊等平台的要求，并可将平台列为附加被保险人。"),
        Block(kind="text", text="可列为附加被保险人的平台：Amazon、SHEIN、AliExpress，不另收保费。"),
    ]
    fact = extract_facts(blocks, "ecommerce")["platforms"]
    assert fact is not None and fact.value == "Amazon、SHEIN、AliExpress"


def test_an_aside_in_brackets_does_not_push_a_value_out_of_reach() -> None:
    text = (
        "Specified surgery (cataract, hernia, knee or hip replacement, benign prostate surgery, "
        "tonsils and adenoids): 12 months."
    )
    fact = extract_facts([Block(kind="text", text=text)], "gba_medical")["waiting_specified"]
    assert fact is not None and fact.value == "12 months"


def test_a_pension_schedule_row_gives_returns_and_a_denial_free_period() -> None:
    blocks = _table(
        ["Item", "Plan"],
        [
            ["Annuity period", "10, 15 or 20 years"],
            ["Guaranteed internal rate of return", "5-year pay: 2.30%; 10-year pay: 2.55%"],
            ["Projected internal rate of return including bonus", "5-year pay: 3.40%"],
        ],
        "Benefits",
    )
    facts = extract_facts(blocks, "pension")
    assert {k: f.value for k, f in facts.items() if f} == {
        "annuity_period": "10, 15 or 20 years",
        "guaranteed_irr": "2.30%",
        "projected_irr": "3.40%",
    }


def test_a_country_risk_percentage_is_read_from_its_own_row() -> None:
    blocks = _table(
        ["Item", "Policy"],
        [
            ["Percentage of indemnity — buyer (commercial) risks", "85%"],
            ["Percentage of indemnity — country (political) risks", "90%"],
        ],
        "Key terms",
    )
    facts = extract_facts(blocks, "export_credit")
    assert (facts["indemnity"].value, facts["indemnity_country"].value) == ("85%", "90%")  # type: ignore[union-attr]


def test_a_network_table_reads_its_city_column_and_leaves_out_rows_marked_no() -> None:
    from knowledge.keyfacts.hospitals import city_label, matches, network_hospitals

    blocks = [
        Block(kind="heading", text="醫院網絡（直接結算）"),
        Block(
            kind="table",
            header=["Hospital", "Chinese name", "City", "Direct settlement"],
            rows=[
                ["Hong Kong Road Example Hospital", "港路示例醫院", "Zhuhai", "✓"],
                ["Guangzhou Lane Example Hospital", "廣州巷示例醫院", "Shenzhen", "Reimbursement"],
                ["Pine Example Hospital", "", "Dongguan", "否"],
            ],
        ),
    ]
    found = network_hospitals(blocks)
    # The city comes from its column, not from a city named inside the hospital's name.
    assert [(h.name, h.city, h.also) for h in found] == [
        ("Hong Kong Road Example Hospital", "zhuhai", ("港路示例醫院",))
    ]
    assert matches(found[0], "港路示例医院") and matches(found[0], "珠海")
    assert city_label("zhuhai", "zh-hant") == "珠海" and city_label("macao", "en") == "Macao"


# --- covers, from the schedule table's row labels --------------------------------------


def test_covers_are_the_schedule_rows_kinds_named_as_the_document_names_them() -> None:
    blocks = [
        Block(kind="heading", text="Overview"),
        Block(
            kind="text", text="The policy does not cover return shipping costs or overseas warehouse stock."
        ),
        *_table(
            ["Section and benefit", "Limit", "Deductible"],
            [
                ["1. Product liability — per occurrence", "US$1,000,000", "US$2,500"],
                ["1. Legal defence costs", "In addition to the limit", "—"],
                ["2. Goods in transit (optional) — per shipment", "US$50,000", "US$500"],
                ["2. Goods in transit — annual aggregate", "US$500,000", "—"],
            ],
            "Schedule",
        ),
    ]
    fact = extract_facts(blocks, "ecommerce")["covers"]
    assert fact is not None and fact.value == "Product liability · Goods in transit"
    assert verify(fact, " ".join(c for b in blocks for r in b.rows for c in r) + " " + blocks[1].text)
    assert value_key(fact.value, "ecommerce_covers") == value_key("貨物運輸 · 產品責任", "ecommerce_covers")


def test_a_label_naming_two_kinds_is_the_kind_of_its_longest_name() -> None:
    blocks = _table(
        ["保障项目", "每次索赔限额"],
        [
            ["（一）被诉抗辩", "人民币100万元"],
            ["（三）无效宣告抗辩", "人民币30万元"],
            ["附加：海关扣押应对费用", "每年人民币20万元"],
        ],
        "保障额度",
    )
    fact = extract_facts(blocks, "overseas_ip")["cover_types"]
    assert fact is not None and fact.value == "被诉抗辩 · 无效宣告抗辩 · 海关扣押应对费用"
    assert value_key(fact.value, "ip_covers") == "customs|defence|invalidity"


def test_no_schedule_table_means_no_covers() -> None:
    blocks = [Block(kind="text", text="Product liability and goods in transit are covered.")]
    assert extract_facts(blocks, "ecommerce")["covers"] is None


def test_covers_may_be_a_tables_columns_and_a_clause_number_is_not_a_count() -> None:
    blocks = _table(
        ["項目", "甲部\u3000侵權抗辯", "乙部\u3000主動維權"],
        [["每年保障限額", "港幣3,000,000元", "港幣3,000,000元"]],
        "保障限額",
    )
    fact = extract_facts(blocks, "overseas_ip")["cover_types"]
    assert fact is not None and fact.value == "侵權抗辯 · 主動維權"
    assert value_key(fact.value, "ip_covers") == "defence|enforcement"
    numbered = [Block(kind="text", text="1.3 「網絡醫院」：於大灣區內地城市與本公司訂有直接結算協議的醫院。")]
    assert extract_facts(numbered, "gba_medical")["network_hospitals"] is None


def test_one_option_of_a_list_is_not_a_rival_of_the_list() -> None:
    blocks = [
        Block(kind="heading", text="Deductible options"),
        Block(kind="text", text="You choose a deductible of HK$0, HK$10,000 or HK$25,000 per policy year."),
        Block(kind="heading", text="Premiums"),
        Block(kind="text", text="Table 2 - Standard plan, HK$10,000 deductible"),
    ]
    fact = extract_facts(blocks, "gba_medical")["deductible_options"]
    assert fact is not None and fact.value == "HK$0, HK$10,000 or HK$25,000" and not fact.alternatives


def _demo_facts(name: str, line: str) -> dict[str, object]:
    return dict(extract_facts(load_blocks(DEMO / "docs" / name), line))


def test_a_value_for_one_plan_version_names_it() -> None:
    # "2. 小微版统一费率…年度最低保费人民币3,000元" is the SME version's minimum, not the plan's.
    facts = _demo_facts("yantian-chuhai-xinbao-export-credit.txt", "export_credit")
    assert [(f.value, f.scope) for f in (facts["minimum_premium"], facts["eligible_turnover"])] == [  # type: ignore[attr-defined]
        ("人民币3,000元", "小微版"),
        ("500万美元", "小微版"),
    ]


@pytest.mark.parametrize(
    ("name", "scope"),
    [
        ("kwuntong-patentpursuit-ip.txt", "Enforcement (main section)"),
        ("longgang-chuhai-hanghu-ip.html", "被诉抗辩"),
        ("taipo-haiwai-weiquan-ip.md", "被訴抗辯"),
    ],
)
def test_a_value_from_a_section_row_names_the_section(name: str, scope: str) -> None:
    # Under a "Limit per claim" column each row is a section: the row label scopes the value.
    fact = _demo_facts(name, "overseas_ip")["ip_limit"]
    assert fact is not None and fact.scope == scope  # type: ignore[attr-defined]


def test_a_value_for_one_case_carries_the_other_case_the_document_states() -> None:
    fact = _demo_facts("lantau-silverharbour-annuity-2026.txt", "pension")["entry_age"]
    assert fact is not None and fact.value == "18 to 60"  # type: ignore[attr-defined]
    assert "for the 5-year premium term; 18 to 55 for the 10-year premium term" in fact.scope  # type: ignore[attr-defined]


def test_a_bare_amount_takes_its_currency_from_the_header_and_a_plan_name_is_no_qualifier() -> None:
    twinbay = _demo_facts("tungchung-twinbay-medical.docx", "gba_medical")["annual_limit"]
    assert (twinbay.value, twinbay.column, twinbay.currency) == ("1,200,000", "", "HK$")  # type: ignore[attr-defined]
    tradeguard = _demo_facts("kwuntong-tradeguard-export-credit.html", "export_credit")["max_credit_period"]
    assert tradeguard is not None and "TradeGuard" not in (tradeguard.column + tradeguard.scope)  # type: ignore[attr-defined]


def test_a_table_row_whose_label_is_the_attribute_has_no_scope() -> None:
    blocks = _table(["Benefit", "Limit"], [["Overall annual limit", "HK$1,000,000"]])
    fact = extract_facts(blocks, "gba_medical")["annual_limit"]
    assert fact is not None and fact.scope == ""


def test_a_payout_table_is_named_and_a_next_birthday_table_read_a_year_on() -> None:
    from knowledge.keyfacts.premiums import NEXT_BIRTHDAY, PAYOUT, row_estimates

    annuity = rate_tables(load_blocks(DEMO / "docs" / "tungchung-yinian-annuity.html"))[0]
    assert annuity.kind == PAYOUT and annuity.figure_options == ("男性", "女性")
    family = rate_tables(load_blocks(DEMO / "docs" / "taipo-familycare-medical.html"))[0]
    assert family.age_basis == NEXT_BIRTHDAY and family.currency == "HK$"
    figures = row_estimates(family, 40)
    assert isinstance(figures, list) and {f.row for f in figures} == {"41–50"}
    assert [f.table_age for f in figures] == [41, 41]


def test_a_rate_beside_amounts_is_not_an_option_of_them() -> None:
    blocks = [
        Block(kind="heading", text="保费表", level=2),
        Block(kind="text", text="年缴保费（人民币），按周岁年龄计算。"),
        Block(
            kind="table", header=["年龄", "保费", "续保保费上浮上限"], rows=[["18–40周岁", "598元", "30%"]]
        ),
    ]
    table = rate_tables(blocks)[0]
    assert table.figure_options == ("保费",) and table.currency == "RMB" and table.age_basis == "last"


def test_a_table_without_a_currency_takes_its_documents_only_one() -> None:
    table = [
        Block(kind="text", text="All amounts are in Hong Kong dollars (HK$)."),
        *_table(["Age", "Premium"], [["18–30", "5,880"]]),
    ]
    assert rate_tables(table)[0].currency == "HK$"
    both = [
        Block(kind="text", text="Limits in US$; premiums payable in RMB."),
        *_table(["Age", "Premium"], [["18–30", "5,880"]]),
    ]
    assert rate_tables(both)[0].currency == ""  # two currencies named: none is guessed


def test_market_grades_come_with_the_markets_listed_for_them() -> None:
    grades = _table(["Grade", "Markets"], [["A", "United States, Japan"], ["B", "Mexico, Chile"]])
    rates = Block(
        kind="table",
        header=["Country grade", "Up to 60 days"],
        rows=[["Grade 1", "0.12%"], ["Grade 2", "0.21%"]],
    )
    blocks = [*grades, rates]
    fact = extract_facts(blocks, "export_credit")["markets"]
    assert fact is not None and fact.value == "A | United States, Japan · B | Mexico, Chile"
    assert verify(fact, "A United States, Japan B Mexico, Chile")
    assert value_key(fact.value, "market_grades") == value_key(
        "B | Mexico, Chile · A | United States, Japan", "market_grades"
    )


def test_grades_in_prose_end_where_the_line_ends() -> None:
    text = "國家類別舉例：一類：美國、日本二類：韓國、智利未列明的國家個案評估。"
    blocks = [Block(kind="text", text=text, breaks=[7, 15, 23])]
    fact = extract_facts(blocks, "export_credit")["markets"]
    assert fact is not None and fact.value == "一類：美國、日本 · 二類：韓國、智利"


def test_a_payout_table_gives_its_figure_and_the_premium_it_is_per() -> None:
    blocks = [
        Block(kind="heading", text="Guaranteed monthly income"),
        Block(kind="text", text="Monthly annuity for each HK$100,000 of total premium."),
        Block(
            kind="table",
            header=["Premium term", "Annuity start age", "10-year period"],
            rows=[["5 years", "60", "1,162"]],
        ),
    ]
    fact = extract_facts(blocks, "pension")["income_per_premium"]
    assert fact is not None and fact.value == "1,162 · for each HK$100,000"
    assert value_key(fact.value, "payout_per_premium") == value_key(
        "1,162 per HK$100,000", "payout_per_premium"
    )
    no_basis = [blocks[0], blocks[2]]
    assert extract_facts(no_basis, "pension")["income_per_premium"] is None


def test_a_premium_range_gives_the_minimum_and_the_maximum() -> None:
    blocks = [Block(kind="text", text="Single premium from HK$100,000 to HK$8,000,000 per annuitant.")]
    facts = extract_facts(blocks, "pension")
    assert facts["minimum_premium"] is not None and facts["minimum_premium"].value == "HK$100,000"
    assert facts["maximum_premium"] is not None and facts["maximum_premium"].value == "HK$8,000,000"
    single = [Block(kind="text", text="A woman aged 62 pays a single premium of HK$2,000,000.")]
    assert extract_facts(single, "pension")["minimum_premium"] is None


def test_an_entry_age_may_end_at_an_age_named_not_numbered() -> None:
    blocks = [Block(kind="text", text="投保年龄：16周岁至法定退休年龄前。")]
    fact = extract_facts(blocks, "pension")["entry_age"]
    assert fact is not None and fact.value == "16周岁至法定退休年龄前"


def test_covers_and_a_limit_column_read_from_one_schedule() -> None:
    blocks = _table(
        ["保障部分", "限額", "自負額"],
        [
            ["甲部 產品責任（每次事故）", "1,000,000美元", "2,000美元"],
            ["退運費用每年上限", "30,000美元", "—"],
        ],
        "保障限額及自負額",
    )
    facts = extract_facts(blocks, "ecommerce")
    assert facts["covers"] is not None and facts["covers"].value == "產品責任 · 退運費用"
    assert facts["liability_limit"] is not None and facts["liability_limit"].value == "1,000,000美元"


def test_a_row_under_a_heading_naming_several_terms_must_name_its_own() -> None:
    blocks = _table(
        ["項目", "甲部"],
        [["每年保障限額", "港幣3,000,000元"], ["每宗自負額", "港幣80,000元"]],
        "保障限額、自負額及等候期",
    )
    fact = extract_facts(blocks, "overseas_ip")["ip_limit"]
    # The deductible row is no rival: the heading's "限額" does not make it a limit.
    assert fact is not None and (fact.value, fact.alternatives) == ("港幣3,000,000元", ())


def test_options_listed_before_their_label_are_taken_whole() -> None:
    blocks = [
        Block(kind="text", text="6.1 保單持有人可為每名受保人選擇港幣0元、20,000元或50,000元的每年自負額。")
    ]
    fact = extract_facts(blocks, "gba_medical")["deductible_options"]
    assert fact is not None and fact.value == "港幣0元、20,000元或50,000元"


@pytest.mark.parametrize(
    "sentence",
    [
        "Sunset Harbour has 9 network hospitals in Shenzhen and Zhuhai, where we settle bills directly.",
        "夕陽港在深圳及珠海共有9間網絡醫院，經預先批核後直接結算。",
        "- Our network covers 9 hospitals across Shenzhen and Zhuhai.",
    ],
)
def test_a_network_section_that_is_only_a_sentence_lists_no_hospital(sentence: str) -> None:
    """Tester B, D8: the sentence showed as a hospital named "Sunset Harbour has 9 network hospitals
    in Shenzhen and Zhuhai"; a name entry beside it is still read."""
    from knowledge.keyfacts.hospitals import network_hospitals

    alone = [Block(kind="heading", text="3. Network hospitals"), Block(kind="paragraph", text=sentence)]
    assert network_hospitals(alone) == []
    listed = [*alone, Block(kind="item", text="Zhuhai Harbour Example Hospital — Xiangzhou, Zhuhai")]
    assert [h.name for h in network_hospitals(listed)] == ["Zhuhai Harbour Example Hospital"]


@pytest.mark.parametrize(
    ("value", "written_in", "reader", "said"),
    [
        ("None", "en", "en", "No limit"),
        ("Nil", "en", "zh-hant", "不設上限"),
        ("無", "zh-Hant", "zh-hans", "不设上限"),
        ("無", "zh-Hant", "en", "No limit"),
    ],
)
def test_a_bare_none_for_a_limit_is_said_in_full_in_every_language(
    value: str, written_in: str, reader: str, said: str
) -> None:
    """Tester B: FamilyCare's lifetime limit read just "None" on English pages (could mean no cover)."""
    from knowledge.keyfacts.gloss import gloss

    assert gloss(value, "money", written_in, reader) == said
    assert gloss("No lifetime limit", "money", "en", "en") is None, "a phrase already says it"


# --- the edition a question asks about ---------------------------------------------


@pytest.fixture
def two_editions(db) -> Product:  # type: ignore[no-untyped-def]
    insurer = Insurer.objects.create(slug="lion-rock", name_en="Lion Rock Test Assurance Limited")
    product = Product.objects.create(
        insurer=insurer, slug="flexicare", name_en="FlexiCare", product_line="gba_medical", jurisdiction="HK"
    )
    for year in (2025, 2026):
        PlanDocument.objects.create(
            doc_id=f"flexicare-{year}",
            product=product,
            title=f"FlexiCare ({year} edition)",
            file="x.pdf",
            status=PlanDocument.Status.READY,
            checksum=str(year),
            effective_date=dt.date(year, 4, 1),
        )
    return product


def test_a_superseded_edition_is_asked_for_only_by_its_year(two_editions: Product) -> None:
    today = dt.date(2026, 6, 1)
    asked = lambda years: [d.doc_id for d in editions_asked(two_editions, years, today)]  # noqa: E731
    assert asked(set()) == ["flexicare-2026"]  # no edition named: the current one
    assert asked({2025}) == ["flexicare-2025"]
    assert asked({2025, 2026}) == ["flexicare-2025", "flexicare-2026"]  # both, oldest first
    assert asked({2024}) == ["flexicare-2026"]  # no such edition: the current one
    assert years_named("FlexiCare 2025年版同2026年版比") == {2025, 2026}
