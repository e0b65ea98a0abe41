"""chat.tables and chat.comparing's pure parts: a table as data and as text, and what a question asks."""

from __future__ import annotations

from chat.comparing import asks_premium, attributes_asked
from chat.tables import Cell, Row, Table, columns_asked

HEADER = ("Age", "Standard, HK$0 deductible", "Standard, HK$20,000 deductible", "Plus, HK$0 deductible")


def test_a_quoted_row_renders_with_its_column_headers_and_one_citation() -> None:
    table = Table(
        "Premium table",
        (Cell("Age", None, "en"), Cell("Plus", None, "en")),
        (Row(Cell("31–40", 2, "en"), (Cell("9,870", 2, "en"),)),),
        ("Indicative only.",),
    )
    assert table.as_text() == "Premium table\nAge: 31–40; Plus: 9,870 [2]\nIndicative only."
    frame = table.as_frame()
    assert frame["caption"] == "Premium table"
    assert frame["columns"] == [
        {"text": "Age", "cite": None, "lang": "en"},
        {"text": "Plus", "cite": None, "lang": "en"},
    ]
    assert frame["rows"] == [
        {
            "header": {"text": "31–40", "cite": 2, "lang": "en"},
            "cells": [{"text": "9,870", "cite": 2, "lang": "en"}],
        }
    ]
    assert frame["text"] == table.as_text() and frame["notes"] == ["Indicative only."]


def test_a_side_by_side_table_renders_one_block_per_plan_in_the_readers_punctuation() -> None:
    rows = (Row(Cell("等候期：疾病"), (Cell("45 days", 1, "en"), Cell("120日", 2, "zh-Hant"))),)
    table = Table("比較", (Cell("主要資料"), Cell("甲"), Cell("乙")), rows, by_row=False, language="zh-Hant")
    assert table.as_text().splitlines() == ["比較", "等候期：疾病：", "甲：45 days [1]", "乙：120日 [2]"]


def test_a_question_naming_a_column_gets_that_column_only() -> None:
    assert columns_asked("premium at 35 with the HK$20,000 deductible", HEADER) == [2]
    assert columns_asked("premium of the Plus plan", HEADER) == [3]
    # Words every option has ("deductible") name none of them: the whole row.
    assert columns_asked("premium at 35, deductible?", HEADER) == [1, 2, 3]


def test_attributes_asked_come_from_the_key_fact_vocabulary() -> None:
    keys = lambda question: [a.key for a in attributes_asked(question, "gba_medical")]  # noqa: E731
    assert keys("How do they compare on waiting periods?") == [
        "waiting_illness",
        "waiting_cancer",
        "waiting_maternity",
    ]
    assert keys("Which has the higher annual limit?") == ["annual_limit"]
    assert keys("邊個計劃嘅自付費較低？") == ["deductible_options"]
    assert keys("Which one has nicer staff?") == []
    assert asks_premium("What is the premium for a 35-year-old?") and asks_premium("35歲保費幾多？")
    assert not asks_premium("What is the waiting period?")


def test_an_attribute_named_only_by_its_subject_is_not_asked() -> None:
    # The surgeon's fee, the cancer benefit, maternity cover: not their waiting periods, whose
    # records would otherwise head the comparison before the benefit's own rows.
    keys = lambda question: [a.key for a in attributes_asked(question, "gba_medical", as_row=True)]  # noqa: E731
    assert keys("FamilyCare 同雙灣安心嘅外科手術費每次賠幾多？") == []
    assert keys("Compare their cancer treatment benefits") == []
    assert keys("Which plans cover maternity?") == []
    # Named by the kind of fact, or whole, it is asked.
    assert keys("Compare their cancer waiting periods") == ["waiting_cancer"]
    assert keys("Which has the lower room and board?") == ["room_and_board"]


def test_ages_are_read_whole() -> None:
    from chat.enquiry import ages_in

    assert ages_in("premium for a 101-year-old") == [101]
    assert ages_in("35歲保費幾多？") == [35]
    assert ages_in("I'm 42 and my wife is 40") == [42]


def test_every_column_the_question_names_is_kept() -> None:
    header = ("產品類別", "保費率", "最低保費")
    # "保費率及" is segmented 保费 / 率及: the rate column is still named.
    assert columns_asked("「賣家通」一般商品的產品責任保費率及最低保費是多少？", header) == [1, 2]
