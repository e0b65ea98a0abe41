"""BM25 with Chinese-aware tokens, over all chunks or among a few documents' chunks."""

from __future__ import annotations

from knowledge.lexical import build_index

TEXTS = {
    "a:v:0": "Product liability deductible: US$2,500 each occurrence.",
    "a:v:1": "Goods in transit are covered up to US$50,000.",
    "b:v:0": "產品責任自負額：每次事故10,000美元。",
    "b:v:1": "Return shipping is covered after a 30-day waiting period.",
    "c:v:0": "The deductible for product liability is US$7,500.",
}


def test_ranking_among_given_chunks_scores_only_those_and_best_first() -> None:
    index = build_index(list(TEXTS), TEXTS.values())
    ranked = index.rank_among("product liability deductible", ["a:v:0", "a:v:1", "b:v:1"])
    assert ranked == ["a:v:0"], "chunks sharing no word are left out, others never appear"


def test_traditional_chinese_matches_a_simplified_question() -> None:
    index = build_index(list(TEXTS), TEXTS.values())
    assert index.rank_among("产品责任自负额是多少", list(TEXTS))[0] == "b:v:0"


def test_a_question_of_unknown_words_ranks_nothing() -> None:
    index = build_index(list(TEXTS), TEXTS.values())
    assert index.rank_among("zzzz qqqq", list(TEXTS)) == []


def test_a_colloquial_cantonese_question_matches_standard_written_chinese() -> None:
    texts = {
        "a:v:0": "在内地网络医院看医生可以直接结算，无须先付款。",
        "a:v:1": "等候期为90日，意外除外。",
    }
    index = build_index(list(texts), texts.values())
    assert index.rank_among("喺內地睇醫生可唔可以直接結算？", list(texts))[0] == "a:v:0"
    assert index.rank_among("等候期係幾耐？", list(texts))[0] == "a:v:1"


def test_vocabulary_is_the_indexed_words() -> None:
    index = build_index(list(TEXTS), TEXTS.values())
    assert {"deductible", "产品", "transit"} <= index.vocabulary()
    assert "the" not in index.vocabulary()
