"""What a number counts: a count of network hospitals is a number counting hospitals.

A count is read from the words right after it: in English the noun phrase it opens ("36 network
hospitals", "nine mainland GBA cities"), in Chinese the characters after its measure word
("28間網絡醫院", "9个城市"). It counts the attribute when that phrase names the attribute's noun
(the head, last word or last two characters, of a term the attribute is named by: "hospital" of
"network hospital", 医院 of 網絡醫院). A number with no noun after it ("（現有28間，", "(36)",
"Section 6,") is a bare count: it counts what is named just before it. A list item's or clause's
number ("3. 本公司…") counts nothing.
"""

from __future__ import annotations

import re

from knowledge.keyfacts.spec import Attribute
from knowledge.text import fold, stopwords

# A noun phrase after a number is at most this many words ("36 direct-settlement network hospitals").
PHRASE_WORDS = 4
# A Chinese noun after its measure word is at most this many characters (直接結算網絡醫院).
PHRASE_CHARS = 8
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORDS = re.compile(rf"[A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*){{0,{PHRASE_WORDS - 1}}}")
_CJK_RUN = re.compile(rf"[\u3400-\u9fff]{{1,{PHRASE_CHARS}}}")
# What ends a list item's number ("3.", "2)", "一、"); before it, only a bullet on its line.
_NUMBER_END = re.compile(r"\s*[.)、．）]")
_LINE_LEAD = re.compile(r"(?:^|\n)[ \t]*[-•*·▪●◦○■□►▶]?[ \t]*$")


def heads(attribute: Attribute) -> frozenset[str]:
    """The nouns a count of the attribute counts: the last word of each English term (singular),
    the last two characters of each Chinese one, folded."""
    terms = [*attribute.synonyms, *(t for group in attribute.concepts for t in group)]
    found = set()
    for term in map(fold, terms):
        if _CJK.search(term):
            found.add(term[-2:])
        elif term.split():
            found.add(_singular(term.split()[-1]))
    return frozenset(found)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def is_numbering(text: str, start: int, end: int) -> bool:
    """The number at text[start:end] numbers a list item or clause: first on its line (after a
    bullet at most) and followed by "." / ")" / "、"."""
    return bool(_LINE_LEAD.search(text[:start])) and bool(_NUMBER_END.match(text, end))


def counts(text: str, start: int, end: int, attribute: Attribute) -> bool | None:
    """Whether the number at text[start:end] counts the attribute's noun: True when the noun phrase
    after it names it, False when it names another noun (or the number is a list item's), None
    for a bare count (no noun follows: what it counts is named before it)."""
    if is_numbering(text, start, end):
        return False
    after = text[end:].lstrip()
    if _CJK.match(after):
        # A Chinese count: a measure word, then what it counts (none: 「現有28間，」).
        noun = _CJK_RUN.match(after, 1)
        if noun is None:
            return None
        return any(h in fold(noun.group()) for h in heads(attribute))
    phrase = _LATIN_WORDS.match(after)
    if phrase is None:
        return None
    words = [fold(w) for w in phrase.group().split()]
    if words[0] in stopwords():  # "36 in the mainland", "12 of them": no noun of its own
        return None
    return any(_singular(w) in heads(attribute) for w in words)
