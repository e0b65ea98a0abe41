"""The offline composer over real indexed documents: what it quotes, and when it declines."""

from __future__ import annotations

from chat.answering import Answer, answer_question


def _cited(answer: Answer) -> set[str]:
    return {c["doc_id"] for c in answer.citations}


def _quotes_cited(answer: Answer) -> bool:
    """Every citation's quote is in the text, each followed by its number."""
    return all(
        any(f"{c['quote']} [{n}]" in line for line in answer.text.splitlines())
        for n, c in enumerate(answer.citations, start=1)
    )


def test_chinese_question_is_answered_from_an_english_table_row(composer_documents: list[str]) -> None:
    answer = answer_question("Harbourview Plus 計劃嘅房租同膳食每日最多賠幾多？")
    assert answer.kind == "answer"
    assert answer.language == "zh-Hant"
    assert answer.text.startswith("根據《Harbourview Cross-Border Care Plan》")
    # The reader is told the document's language; the row is quoted as written.
    assert "（文件以英文撰寫，按原文引用。）" in answer.text.splitlines()[1]
    number, row = next((n, c) for n, c in enumerate(answer.citations, 1) if "2,100" in c["quote"])
    assert row["doc_id"] == "harbourview-care"
    assert "Room and board" in row["quote"]
    # A lookup: the cell of the column the question names ("Plus"), with its row and column headers.
    table = next(t for t in answer.tables if any("Room and board" in r.header.text for r in t.rows))
    # The column label the glossary holds is shown in the reader's language; the row is quoted.
    assert [c.text for c in table.columns] == ["保障項目", "Plus"]
    cells = {r.header.text: [(c.text, c.cite) for c in r.cells] for r in table.rows}
    assert cells["Room and board per day"] == [("HK$2,100", number)]
    assert f"保障項目: Room and board per day; Plus: HK$2,100 [{number}]" in answer.text.splitlines()
    assert "HK$900" not in answer.text


def test_english_question_is_answered_from_a_chinese_row(composer_documents: list[str]) -> None:
    answer = answer_question("What is the daily room and board limit of the Lantau Senior Hospital Plan?")
    assert answer.kind == "answer"
    assert "港幣1,600元" in answer.text and "港幣700元" in answer.text
    assert _cited(answer) == {"lantau-senior"}


def test_question_number_picks_the_row_whose_range_holds_it(composer_documents: list[str]) -> None:
    answer = answer_question("I am 42. What is the annual premium of the Sham Shui Po GBA Hospital Plan?")
    assert answer.kind == "answer"
    assert "5,870" in answer.text
    assert "3,150" not in answer.text and "9,420" not in answer.text


def test_each_part_of_a_question_gets_its_answer(composer_documents: list[str]) -> None:
    answer = answer_question(
        "How long is the illness waiting period of the Harbourview plan, "
        "and within how many days must I submit a claim?"
    )
    assert answer.kind == "answer"
    assert "45 days" in answer.text and "90 days" in answer.text
    assert _cited(answer) == {"harbourview-care"}


def test_which_question_lists_the_whole_list(composer_documents: list[str]) -> None:
    answer = answer_question("Which hospitals offer direct billing under the Sham Shui Po GBA Hospital Plan?")
    assert answer.kind == "answer"
    for hospital in ("Nanshan Lychee Garden", "Panyu Riverside", "Xiangzhou Harbour"):
        assert hospital in answer.text
    # Only the list asked for: not the exclusions.
    assert "cosmetic" not in answer.text
    assert _quotes_cited(answer)


def test_list_item_comes_with_its_lead_in_and_section(composer_documents: list[str]) -> None:
    answer = answer_question("Does the Sham Shui Po GBA Hospital Plan pay for dental treatment?")
    assert answer.kind == "answer"
    lines = answer.text.splitlines()
    item = next(i for i, line in enumerate(lines) if "dental treatment" in line)
    assert "The plan does not pay for:" in lines[item - 1]
    assert "Exclusions:" in answer.text


def test_what_changed_between_editions_quotes_the_difference(composer_documents: list[str]) -> None:
    answer = answer_question("What changed in Kowloon ExportCover between the 2025 and 2026 editions?")
    assert answer.kind == "answer"
    assert "80% of the insured loss" in answer.text and "85% of the insured loss" in answer.text
    assert _cited(answer) == {"kowloon-exportcover-2025", "kowloon-exportcover-2026"}
    # Unchanged terms are not what changed.
    assert "120 days" not in answer.text


def test_named_hospital_the_documents_never_mention_is_declined(composer_documents: list[str]) -> None:
    for question in (
        "Harbourview 喺港大深圳醫院可唔可以直接結帳？",
        "Can I get direct billing at Queen Mary Hospital under the Sham Shui Po GBA Hospital Plan?",
    ):
        answer = answer_question(question)
        assert answer.kind == "no_answer", question
        assert answer.citations == []


def test_country_the_documents_never_mention_is_declined(composer_documents: list[str]) -> None:
    answer = answer_question("Kowloon ExportCover 把俄罗斯买家的信用限额定为多少？")
    assert answer.kind == "no_answer"
    assert answer.language == "zh-Hans"


def test_figure_the_documents_defer_elsewhere_is_declined(composer_documents: list[str]) -> None:
    answer = answer_question(
        "What is the subsidy rate and cap for the Sham Shui Po GBA Hospital Plan premium?"
    )
    assert answer.kind == "no_answer"
    assert "do not contain" in answer.text


def test_part_of_a_question_the_documents_never_cover_declines_it(composer_documents: list[str]) -> None:
    answer = answer_question("Harbourview 有冇非保證紅利？預期回報率係幾多？")
    assert answer.kind == "no_answer"


def test_kind_of_cover_the_documents_never_mention_is_declined(composer_documents: list[str]) -> None:
    assert answer_question("Does Harbourview offer pet insurance for my dog?").kind == "no_answer"
    assert answer_question("大嶼山長者住院計劃有冇寵物保險？").kind == "no_answer"
    # The kind the plan is: answered.
    assert (
        answer_question("How long is the waiting period of the Harbourview medical cover?").kind == "answer"
    )


def test_a_chinese_documents_title_is_named_in_the_readers_script(plan_documents: list[str]) -> None:
    """A Simplified reader of a Traditional document gets its title in Simplified, as its quotes."""
    answer = answer_question("大屿山长者住院计划的住院房租每日上限是多少？", language="zh-Hans")
    assert answer.kind == "answer"
    assert answer.text.startswith("根据《大屿山长者住院计划》"), answer.text.splitlines()[0]
    assert "大嶼山" not in answer.text


def test_advice_is_refused_for_its_kind_with_the_facts_the_named_plans_state(
    composer_documents: list[str],
) -> None:
    """A recommendation asked between named plans is refused as a recommendation, then what the
    plans' documents state on it follows, cited; with no plan named the refusal stands alone."""
    answer = answer_question("Should I buy Harbourview or Lantau Senior for my 70-year-old mother?")
    assert answer.kind == "refusal"
    assert answer.text.startswith("I can't tell you which plan is right for you or your family")
    assert "What the plan documents state:" in answer.text
    # The plans' key facts side by side, each stated value cited, no row that neither states.
    [table] = answer.tables
    assert [c.text for c in table.columns][1:] == ["Harbourview Cross-Border Care Plan", "大嶼山長者住院計劃"]
    assert all(any(c.cite for c in row.cells) for row in table.rows)
    assert "45 days" in answer.text and "120日" in answer.text
    assert _cited(answer) == {"harbourview-care", "lantau-senior"}
    assert not any(w in answer.text.lower() for w in ("recommend", "you should", "better"))
    alone = answer_question("Which plan should I buy for my family?")
    assert alone.kind == "refusal" and not alone.citations
    promise = answer_question("你可唔可以保證我嘅索償一定會賠？", language="zh-Hant")
    assert promise.kind == "refusal" and promise.text.startswith("我不能承諾任何索償的結果")
