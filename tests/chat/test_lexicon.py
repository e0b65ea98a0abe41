"""The general Chinese ↔ English lexicon (chat/data/lexicon.tsv, from CC-CEDICT) and the slots it adds."""

from __future__ import annotations

from dataclasses import replace

from chat import extractive, grounding, lexicon
from tests.chat.unit_blocks import TEST_CHUNK


def test_the_lexicon_reads_both_ways() -> None:
    assert "letter of credit" in lexicon.to_english()["信用证"]
    assert "信用证" in lexicon.to_chinese()["letter of credit"]
    # Plurals fold as the units' words do: "pregnancies" finds what "pregnancy" does.
    assert "妊娠" in lexicon.to_chinese()["pregnancy"]
    # Proper names, idioms and one-character words are not in it.
    assert "香港" not in lexicon.to_english()
    assert all(len(word) >= 2 for word in list(lexicon.to_english())[:2000])


def test_an_english_word_names_its_commonest_renderings_first_and_not_too_many() -> None:
    cover = lexicon.to_chinese()["cover"]
    assert len(cover) <= lexicon.MAX_RENDERINGS
    # 采访 covers news ("to interview; to cover"): not a first sense of it.
    assert cover[0] == "覆盖" and "采访" not in cover


def test_an_english_question_is_looked_for_in_a_chinese_unit_through_the_lexicon() -> None:
    question = "Does SteadyPay cover sales made on a letter of credit?"
    chinese = extractive.asked_terms(question, ["SteadyPay"])[True]
    # A phrase the lexicon knows whole is one slot, not "letter" and "credit".
    assert "信用证" in chinese
    assert not any("信件" in slot.split("|") for slot in chinese)
    assert any("癌症" in slot.split("|") for slot in extractive.asked_terms("Is cancer covered?", [])[True])


def test_a_chinese_question_is_looked_for_in_an_english_unit_through_the_lexicon() -> None:
    english = extractive.asked_terms("Runway 可以將賠款權益轉讓給融資銀行嗎？", ["Runway"])[False]
    assert any("transfer" in slot.split("|") for slot in english)
    assert any("bank" in slot.split("|") for slot in english)
    # A sense of several words is matched whole and by its content words.
    slot = next(s for s in extractive.asked_terms("申請表喺邊度攞？", [])[False] if "form" in s.split("|"))
    assert "application form" in slot.split("|")


def test_the_glossary_renders_its_own_terms_first() -> None:
    # 自负额 is the glossary's ("deductible|excess"); the lexicon adds no second slot for it.
    english = extractive.asked_terms("自負額是多少？", [])[False]
    assert english == ["deductible|excess"]


def test_a_word_counts_as_used_when_the_vocabulary_has_it_in_the_other_language() -> None:
    vocabulary = frozenset({"优越", "计划", "premium"})
    assert lexicon.rendered_in("superior", vocabulary)
    assert not lexicon.rendered_in("platinum", vocabulary)
    # A sense of several words is used when each of them is ("insurance premium").
    assert lexicon.rendered_in("保费", frozenset({"insurance", "premium"}))
    assert not lexicon.rendered_in("保费", frozenset({"premium"}))
    assert lexicon.rendered_in("银行", frozenset({"bank"}))


def test_a_documents_coverage_in_the_other_script_counts_the_lexicons_renderings() -> None:
    chinese = replace(
        TEST_CHUNK, language="zh-Hans", section="保障内容", text="怀孕及分娩的费用不在保障范围内。"
    )
    other = replace(chinese, text="牙科治疗的费用不在保障范围内。")
    # The question has no glossary term: the document's coverage was 1.0 whatever it said.
    about = grounding.translated_coverage("Is pregnancy covered?", [chinese], [])
    assert about > grounding.translated_coverage("Is pregnancy covered?", [other], [])


def test_an_english_question_finds_each_chinese_word_for_a_deductible() -> None:
    # Hong Kong medical plans write 自付費 as often as 自負額 or 免賠額 (a field's vocabulary).
    chinese = extractive.asked_terms("What is the deductible of Twin-Bay?", ["Twin-Bay"])[True]
    slot = next(s for s in chinese if "免赔额" in s.split("|"))
    assert "自付费" in slot.split("|")
