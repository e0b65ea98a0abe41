"""The one normalisation and tokenisation of text, for BM25, name matching and the chat.

Steps, each once, in this order:
- `normalise`: Unicode NFKC (full-width ＨＫ＄ → HK$), invisible characters removed
  (zero-width spaces and joiners, soft hyphens, byte-order and direction marks);
- `fold`: lower-cased, Traditional folded to Simplified (OpenCC), so 萬 matches 万;
- `tokenize`: Latin words and numbers (possessives and plurals folded: "BridgeCare's"
  → "bridgecare", "periods" → "period"), Chinese cut by jieba with the words of
  `data/jieba_words.txt`, and written Cantonese folded to standard written Chinese word by
  word from `data/cantonese.tsv` (幾多 → 多少, 喺 → 在), so a colloquial question matches
  the documents' wording. Folding applies to whole words: 係 alone is 是, 關係 stays.

Vocabularies are data files beside this module; nothing here names a document's words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge.language import to_simplified

DATA = Path(__file__).resolve().parent / "data"
# Zero-width space/joiners, word joiner, soft hyphen, BOM, bidi marks and isolates, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A comma inside a number groups thousands ("HK$20,000"): one before other digits ends it — NFKC
# folds the Chinese comma into one, and "HK$20,000，40歲" was the number 2000040.
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+)*%?|[\u3400-\u9fff]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|[0-9]+")
# "BridgeCare's", "insurers'": the possessive is not part of the word.
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['’](?:s\b|(?=\s|$))")


def data_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def cantonese_table() -> dict[str, str]:
    """Colloquial Cantonese word → its standard written Chinese, both Simplified (data file)."""
    table = {}
    for line in data_lines("cantonese.tsv"):
        colloquial, standard = line.split("\t")
        table[colloquial.strip()] = standard.strip()
    return table


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(data_lines("stopwords_en.txt"))


@lru_cache(maxsize=4096)
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern made of names (held, listed, the documents'), compiled once: a question uses more
    of them than `re` keeps compiled (512), so each question compiled most of them again."""
    return re.compile(pattern, flags)


def normalise(text: str) -> str:
    """NFKC, without invisible characters, possessives dropped, curly apostrophes made straight."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return _POSSESSIVE.sub("", text.replace("’", "'"))


# The same names, windows and words are folded many times a question (about 160 calls).
@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Normalised, lower-cased and in Simplified characters: the form every match is made in."""
    return to_simplified(normalise(text).lower())


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    for word in data_lines("jieba_words.txt"):
        jieba.add_word(word)
    for word in cantonese_table():
        if len(word) > 1:
            jieba.add_word(word)
    return jieba


def chinese_words(run: str) -> list[str]:
    """A folded run of Chinese characters as words, Cantonese folded (precise cut, no overlaps)."""
    table = cantonese_table()
    return [table.get(w, w) for w in _jieba().lcut(run) if w.strip()]


def segments(run: str) -> list[str]:
    """A run of Chinese characters cut into words as written (nothing folded): their lengths add
    up to the run's, so a word's place in the run is known."""
    return [str(w) for w in _jieba().lcut(run)]


def tagged_words(run: str) -> list[tuple[str, str]]:
    """A folded run cut into words with jieba's part-of-speech tags (the portal's own words loaded)."""
    _jieba()
    import jieba.posseg

    return [(str(w.word), str(w.flag)) for w in jieba.posseg.lcut(run)]


def dictionary_cut(text: str) -> list[str]:
    """A text cut into the dictionary's words only, nothing guessed: characters of no known word
    stand alone ("保诚危疾" → 保, 诚, 危, 疾), so a name's edges are where a word may end."""
    return [str(w) for w in _jieba().lcut(text, HMM=False)]


# A word jieba's dictionary counts at least this often is an everyday word, not a name: 折扣 is a
# discount, not "shekou"; 平安 (1438) and 陽光 (3451) name an insurer only where one stands, while
# 友邦 (48) and 宏利 (2) name one anywhere.
EVERYDAY_WORD_FREQUENCY = 100


def word_frequency(word: str) -> int:
    """How often jieba's dictionary counts a word (0 if it does not know it): an everyday word is frequent."""
    return int(_jieba().get_FREQ(word) or 0)


def fold_cantonese(text: str) -> str:
    """`fold(text)` with written Cantonese rewritten as standard written Chinese, word by word."""
    folded = fold(text)
    return _HAN_RUN.sub(lambda m: "".join(chinese_words(m.group(0))), folded)


_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


_EDITION_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def years_named(text: str) -> set[int]:
    """The years a text names ("the 2025 edition", 「2026年版」): an edition is asked for by its year."""
    return {int(y) for y in _EDITION_YEAR.findall(text)}


def stem(word: str) -> str:
    """A Latin word without its plural "s" ("periods" → "period"; "process" and "bus" stay)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word.isascii():
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Search tokens: stemmed Latin words and numbers (no stop words), Chinese words and their parts."""
    return list(_tokens(text))


# A query is tokenised by each search of it (the index's, a named plan's) and by the scorer.
@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    tokens: list[str] = []
    table = cantonese_table()
    for match in _TOKEN.finditer(fold(text)):
        piece = match.group(0)
        if _HAN.match(piece):
            # Sub-words too ("免赔额" also as "免赔"), so a shorter wording still matches.
            cut = _jieba().lcut_for_search("".join(chinese_words(piece)))
            tokens.extend(table.get(w, w) for w in cut if w.strip())
        elif piece not in stopwords():
            tokens.append(stem(piece.replace(",", "")))
    return tuple(tokens)


def latin_words(text: str) -> list[str]:
    """Lower-cased Latin words and numbers, possessives dropped ("BridgeCare's" → "bridgecare")."""
    return [w.replace("'", "") for w in _LATIN_WORD.findall(normalise(text).lower())]


def is_chinese(text: str) -> bool:
    return bool(_HAN.search(text))
