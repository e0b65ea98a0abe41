"""Which of the portal's languages a text is written in, and Chinese-aware normalisation."""

from __future__ import annotations

import re
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Written Cantonese particles and words: answered in Traditional Chinese.
_CANTONESE = re.compile(r"[嘅咗喺佢哋冇嚟嗰啲乜嘢點樣係唔]|幾多|邊間|邊個")


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text))


def to_traditional(text: str) -> str:
    return str(_s2t().convert(text))


def detect_language(text: str) -> str:
    """Return "en", "zh-Hant" or "zh-Hans"; written Cantonese counts as "zh-Hant"."""
    cjk = _CJK.findall(text)
    if not cjk or _written_in_english(text, len(cjk)):
        return "en"
    if _CANTONESE.search(text):
        return "zh-Hant"
    han = "".join(cjk)
    simplified = to_simplified(han)
    traditional = to_traditional(han)
    changed_by_t2s = sum(a != b for a, b in zip(han, simplified, strict=False))
    changed_by_s2t = sum(a != b for a, b in zip(han, traditional, strict=False))
    return "zh-Hant" if changed_by_t2s > changed_by_s2t else "zh-Hans"


def _written_in_english(text: str, cjk_chars: int) -> bool:
    """English sentences around a Chinese name ("What is the deductible of 港澳安康?") are English.

    Lower-case words are the sentence's own (is, the, of, deductible); capitalised ones are mostly
    names ("Silver Harbour Deferred Annuity 每月派幾多？" is a Chinese question).
    """
    own_words = re.findall(r"(?<![A-Za-z])[a-z]+", text)
    return len(own_words) >= 2 and len(own_words) * 3 > cjk_chars
