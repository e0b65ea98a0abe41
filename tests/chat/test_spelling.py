"""Misspelt subject words spelt as the documents spell them (issue 9: loosely worded questions).

A typo left a question with no subject word the documents use, so the answer model declined it
("says nothing on this subject") though the same question spelt right is answered. English
typos are corrected by edit distance, Chinese typing errors (homophones of pinyin input) by
their toneless pinyin, both only to words the indexed documents use; names, short words and
words of the dictionary stay as written.
"""

from __future__ import annotations

import pytest

from chat.answering import answer_question
from chat.spelling import build
from chat.understanding import understand

DOCUMENT_WORDS = frozenset(
    [
        "waiting",
        "period",
        "illness",
        "mobility",
        "deductible",
        "reimbursement",
        "等候期",
        "等候",
        "保费",
        "一年",
        "赔",
        "配合",
    ]
)


def test_english_typos_are_spelt_as_the_documents_spell_them() -> None:
    speller = build(DOCUMENT_WORDS)
    assert speller.correct("How long is the waitng periood for ilness?") == (
        "How long is the waiting period for illness?"
    )
    # A transposed pair is one edit; a capital at the start of a sentence is kept.
    assert speller.correct("Deductilbe options?") == "Deductible options?"
    # A word after a hyphen is a word too.
    assert speller.correct("e-mobilty products") == "e-mobility products"


def test_names_short_words_and_dictionary_words_stay_as_written() -> None:
    speller = build(DOCUMENT_WORDS)
    for text in (
        "What does Wating Life pay?",  # a capitalised word inside a sentence is a name
        "Is the perd long?",  # four letters: too short to tell a typo from another word
        "What does PatentPersuit cover?",  # CamelCase: a brand
        "Is wailing period pain covered?",  # an English word, though one edit from "waiting"
    ):
        assert speller.correct(text) == text


def test_chinese_homophones_are_spelt_as_the_documents_write_them_in_the_readers_script() -> None:
    speller = build(DOCUMENT_WORDS)
    assert speller.correct("等侯期係幾耐？") == "等候期係幾耐？"
    assert speller.correct("等侯期是多久？") == "等候期是多久？"
    assert speller.correct("每年保廢幾多？") == "每年保費幾多？"


def test_names_and_characters_the_documents_use_alone_are_not_corrected() -> None:
    speller = build(DOCUMENT_WORDS)
    # 頤年 names a plan: it is no misspelt 一年.
    assert speller.correct("頤年寶幾時派息？", ("颐年宝",)) == "頤年寶幾時派息？"
    # 赔 is a word of the documents on its own: 赔合资格 is 赔 + 合资格, not 配合.
    assert speller.correct("赔合资格费用几多？") == "赔合资格费用几多？"
    # Words spelt right are untouched.
    assert speller.correct("等候期係幾耐？保費幾多？") == "等候期係幾耐？保費幾多？"


@pytest.mark.usefixtures("plan_documents")
@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("How long is the waitng periood for ilness under Harbourview?", "45 days"),
        ("大嶼山長者住院計劃嘅疾病等侯期係幾耐？", "120日"),
        ("大嶼山長者住院計劃等後期係幾耐？", "120日"),
    ],
)
def test_a_misspelt_question_is_answered_as_the_same_question_spelt_right(question: str, figure: str) -> None:
    answer = answer_question(question)
    assert answer.kind == "answer"
    assert figure in answer.text
    # The visitor's own words are kept: the correction is what retrieval and the model read.
    understood = understand(question)
    assert understood.question == question and understood.query != question
