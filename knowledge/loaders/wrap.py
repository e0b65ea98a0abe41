"""Joining the lines a layout wrapped back into one text: spaces, hyphens and Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.loaders.model import MARKS as _MARKS

# Ideographs, CJK punctuation, kana, full-width forms: no space is written between these.
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f]")
_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"^([a-z]+)")
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words (and hyphenated compounds) of a document, lower-cased, to decide line-end hyphens."""
    return {w.lower() for text in texts for w in _WORDS.findall(text)}


def join_lines(lines: list[str], words: set[str] | None = None) -> str:
    """Join wrapped lines: no space between Chinese characters, a line-end hyphen resolved.

    "treat-" + "ment" is "treatment" when the document uses "treatment" and not
    "treat-ment"; otherwise the hyphen is kept ("non-" + "network" is "non-network"),
    since a compound's hyphen is more often real than a typesetter's.
    """
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not text:
            text = line
            continue
        text = _join(text, line, words or set())
    return text


def _join(left: str, right: str, words: set[str]) -> str:
    # Emphasis marks at the join are not text: the characters either side decide.
    bare_left, bare_right = left.rstrip(_MARKS) or left, right.lstrip(_MARKS) or right
    hyphen = _HYPHEN_END.search(left)
    start = _WORD_START.match(bare_right)
    if hyphen and start:
        head, tail = hyphen.group(1).lower(), start.group(1).lower()
        if head + tail in words and f"{head}-{tail}" not in words:
            return left[:-1] + right
        return left + right
    if CJK.match(bare_left[-1]) or CJK.match(bare_right[0]):
        return left + right
    return f"{left} {right}"
