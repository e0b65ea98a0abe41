"""Which of the portal's languages a text is written in, and Chinese-aware normalisation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Written Cantonese particles and words: answered in Traditional Chinese.
_CANTONESE = re.compile(r"[嘅咗喺佢哋冇嚟嗰啲乜嘢點樣係唔]|幾多|邊間|邊個")
# Lower-case words are a sentence's own (is, the, of); capitalised ones are mostly names.
_OWN_WORDS = re.compile(r"(?<![A-Za-z])[a-z]+")
_LATIN_WORDS = re.compile(r"[A-Za-z]+")


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


# The portal's languages as BCP 47 tags; tags compare without regard to case (RFC 5646 §2.1.1).
LANGUAGES = ("en", "zh-Hant", "zh-Hans")
# Region-only Chinese tags as clients send them (zh-HK, zh_TW): the script their region writes.
_REGION_SCRIPTS = {"hk": "zh-Hant", "mo": "zh-Hant", "tw": "zh-Hant", "cn": "zh-Hans", "sg": "zh-Hans"}


def canonical_language(tag: str | None) -> str | None:
    """`tag` as one of LANGUAGES ("zh-hans", "zh_Hant", "zh-HK", "en-GB" …), or None if it names none."""
    if not tag:
        return None
    parts = tag.strip().replace("_", "-").lower().split("-")
    if parts[0] == "en":
        return "en"
    if parts[0] != "zh" or len(parts) < 2:
        return None
    if parts[1] in ("hant", "hans"):
        return "zh-" + parts[1].capitalize()
    return _REGION_SCRIPTS.get(parts[1])


def detect_language(text: str) -> str:
    """Return "en", "zh-Hant" or "zh-Hans"; written Cantonese counts as "zh-Hant"."""
    return _evidence(text)[0]


def reader_language(text: str, preferred: str | None, earlier: Sequence[str] = ()) -> str:
    """The language to answer `text` in: the one it is written in, unless it doesn't say.

    `preferred` is the page's language. A reader who types Cantonese on the English page, or
    English on a Chinese one, is answered as they wrote; a message that is only a plan's name or
    a figure ("BridgeCare?", "35") keeps the page's language, and Chinese whose characters are the
    same in both scripts keeps the page's script. With no page language (an API client), the
    conversation's `earlier` messages stand for it: "Silver Harbour呢？" after Traditional
    questions is answered in Traditional.
    """
    if preferred is None:
        preferred = _shown_in(earlier)
    language, shown, script_shown = _evidence(text)
    if preferred is None:
        return language
    if not shown:
        return preferred
    if language != "en" and preferred != "en" and not script_shown:
        return preferred
    return language


def _shown_in(earlier: Sequence[str]) -> str | None:
    """The language (and script) the latest of `earlier` that shows one is written in."""
    for text in reversed(earlier):
        language, shown, script_shown = _evidence(text)
        if shown and (language == "en" or script_shown):
            return language
    return None


def _evidence(text: str) -> tuple[str, bool, bool]:
    """The language of `text`; whether the text shows its language, and its script, or they are
    only defaults."""
    cjk = _CJK.findall(text)
    if not cjk:
        return "en", len(_OWN_WORDS.findall(text)) >= 2, False
    if _written_in_english(text, len(cjk)):
        return "en", True, False
    if _CANTONESE.search(text):
        return "zh-Hant", True, True
    han = "".join(cjk)
    changed_by_t2s = sum(a != b for a, b in zip(han, to_simplified(han), strict=False))
    changed_by_s2t = sum(a != b for a, b in zip(han, to_traditional(han), strict=False))
    language = "zh-Hant" if changed_by_t2s > changed_by_s2t else "zh-Hans"
    return language, len(cjk) >= 2, changed_by_t2s != changed_by_s2t


def _written_in_english(text: str, cjk_chars: int) -> bool:
    """English sentences around a Chinese name ("What is the deductible of 港澳安康?") are English.

    Lower-case words are the sentence's own (is, the, of, deductible); capitalised ones are mostly
    names ("Silver Harbour Deferred Annuity 每月派幾多？" is a Chinese question). Function words
    say whose grammar the sentence has: English nouns in a Chinese frame ("BridgeCare 嘅 dialysis
    cover 係幾多？") are Chinese, whatever the count of words; only with both kinds, or neither, do
    the counts decide.
    """
    own_words = _OWN_WORDS.findall(text)
    english_frame = _english_frame(text)
    chinese_frame = bool(_chinese_function_words().search(text))
    if chinese_frame != english_frame:
        return english_frame
    return len(own_words) >= 2 and len(own_words) * 3 > cjk_chars


def _english_frame(text: str) -> bool:
    """Whether `text` has an English function word: in lower case, or opening the sentence
    ("Does FamilyCare cover 中醫?"); a capital letter elsewhere is a name or a tier ("Plan A")."""
    from knowledge.text import stopwords  # knowledge.text imports this module

    words = _LATIN_WORDS.findall(text)
    return any(
        word.lower() in stopwords() and (word.islower() or (number == 0 and word.istitle()))
        for number, word in enumerate(words)
    )


@lru_cache(maxsize=1)
def _chinese_function_words() -> re.Pattern[str]:
    from knowledge.text import data_lines

    words = sorted((w.strip() for w in data_lines("function_words_zh.txt")), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))
