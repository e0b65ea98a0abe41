"""A key-fact value in the reader's language, when its document is in the other one.

"100万美元或200万美元" from a Chinese document reads "US$1,000,000 or US$2,000,000" to an English
reader; "15 days to 70 years" from an English one reads 「15天至70岁」 to a Chinese reader. The
value as stated stays what pages show and cite; the gloss goes beside it.

A value is read word by word: amounts (the key-fact money pattern, with their currency and
magnitude), places (knowledge.places, named as crossborder.countries names them), cover kinds
and marketplace names (knowledge/data/keyfacts.yaml), and the words of the `glosses` section of
that file. A value holding a word none of these renders gets no gloss: a wrong or half-translated
gloss would be worse than the value as stated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from knowledge import places
from knowledge.keyfacts.extract import currency_of, value_key
from knowledge.keyfacts.kinds import JOINER, kind_of
from knowledge.keyfacts.spec import DATA_DIR, vocabulary
from knowledge.language import to_simplified, to_traditional
from knowledge.text import fold

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# Marks kept as they are in either language (full-width in Chinese: see _punctuation).
_MARKS = re.compile(r"\s*(?:·|\||\(|\)|:|;|/|,)\s*")
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_SPACE = re.compile(r"\s+")
_FULL_WIDTH = {",": "、", "(": "（", ")": "）", ":": "：", ";": "；"}
_ALONE = re.compile(r"[a-z]{1,3}\b|[ivx]{1,4}\b")  # a grade or category letter ("A", "II")


@dataclass(frozen=True)
class _Pair:
    """One word pair: the pattern finding it in the folded value, and its rendering."""

    pattern: re.Pattern[str]
    rendering: str


@cache
def _glosses() -> dict[str, Any]:
    raw = yaml.safe_load((DATA_DIR / "keyfacts.yaml").read_text(encoding="utf-8"))
    data: dict[str, Any] = raw["glosses"]
    return data


def _compiled(source: str) -> re.Pattern[str]:
    """A pair's word as a pattern over the folded value: "{n}" a number, Latin words whole."""
    text = re.escape(fold(source)).replace(r"\{n\}", rf"(?P<n>{_NUMBER})")
    if source[:1].isascii() and source[:1].isalpha():
        text = rf"(?<![a-z]){text}"
    if source[-1:].isascii() and source[-1:].isalpha():
        text = rf"{text}(?![a-z])"
    return re.compile(text)


@cache
def _pairs(type_: str, to_english: bool) -> tuple[_Pair, ...]:
    """The type's own pairs, then `any`'s, longest word first within each (so 个工作日 before 日)."""
    found: list[_Pair] = []
    for scope in (type_, "any"):
        rows = [(str(zh), str(en)) for zh, en in _glosses().get(scope) or []]
        for zh, en in sorted(rows, key=lambda row: -len(row[0] if to_english else row[1])):
            source, rendering = (zh, en) if to_english else (en, zh)
            if source:
                found.append(_Pair(_compiled(source), rendering))
    return tuple(found)


@cache
def _amount() -> re.Pattern[str]:
    return vocabulary().value_patterns["money"]


def _figure(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}".rstrip("0")


class _Reader:
    """Renders one folded value, token by token, in the reader's language (None when it cannot)."""

    def __init__(self, value: str, type_: str, to_english: bool) -> None:
        self.text, self.type, self.english = fold(value), type_, to_english
        # Names keep their capitals where the folded text lines up with the value ("TikTok Shop").
        self.written = value if len(value) == len(self.text) else self.text
        # An amount without its own currency is in the one before it ("200万元至2,000万元").
        self.currency = ""
        self.tokens: list[str] = []

    def read(self) -> str | None:
        at = 0
        steps: tuple[Callable[[int], int | None], ...] = (
            self._space,
            self._pair,
            self._money,
            self._place,
            self._name,
            self._number,
            self._mark,
            self._alone,
        )
        while at < len(self.text):
            end = next((e for step in steps if (e := step(at)) is not None and e > at), None)
            if end is None:
                return None
            at = end
        return self._joined()

    def _space(self, at: int) -> int | None:
        match = _SPACE.match(self.text, at)
        return match.end() if match else None

    def _pair(self, at: int) -> int | None:
        for pair in _pairs(self.type, self.english):
            match = pair.pattern.match(self.text, at)
            if match:
                number = match.groupdict().get("n")
                rendering = pair.rendering.replace("{n}", number or "")
                if rendering:
                    self.tokens.append(rendering)
                return match.end()
        return None

    def _money(self, at: int) -> int | None:
        match = _amount().match(self.text, at)
        if not match or not any(ch.isdigit() for ch in match.group()):
            return None
        written, currency = match.group(), currency_of(match.group()) or self.currency
        if not currency:
            # No currency named here or before: "1万元" is 10,000 yuan (元 is read as a word); a
            # bare figure ("1,500") is a number, read below.
            written = written.removesuffix("元")
            if written == match.group() and not any(w in written for w in vocabulary().magnitudes):
                return None
        numbers = value_key(written, "money")
        if not isinstance(numbers, tuple) or len(numbers) != 1:
            return None
        self.currency = currency
        mark = _glosses()["currencies"][currency][1 if self.english else 0] if currency else ""
        self.tokens.append(f"{mark}{_figure(numbers[0])}")
        return at + len(written)

    def _place(self, at: int) -> int | None:
        found = places.place_at(self.text, at)
        if found is None:
            return None
        from crossborder.countries import names

        code, end = found
        self.tokens.append(names([code], "en" if self.english else "zh-hans")[0])
        return end

    def _name(self, at: int) -> int | None:
        """A marketplace name, as it is written in either language."""
        names = vocabulary().value_patterns.get("names")
        match = names.match(self.text, at) if names else None
        if not match:
            return None
        written = self.written[match.start() : match.end()]
        self.tokens.append(vocabulary().name_aliases.get(written.lower(), written))
        return match.end()

    def _number(self, at: int) -> int | None:
        match = re.compile(_NUMBER).match(self.text, at)
        if not match:
            return None
        self.tokens.append(match.group())
        return match.end()

    def _mark(self, at: int) -> int | None:
        match = _MARKS.match(self.text, at)
        if not match:
            return None
        self.tokens.append(match.group().strip())
        return match.end()

    def _alone(self, at: int) -> int | None:
        match = _ALONE.match(self.text, at)
        if not match:
            return None
        self.tokens.append(match.group().upper())
        return match.end()

    def _joined(self) -> str:
        if self.english:
            text = " ".join(self.tokens)
            text = re.sub(r"\s+([,):;])", r"\1", re.sub(r"\(\s+", "(", text))
            return _SPACE.sub(" ", text).strip()
        # Chinese runs on without spaces, in full-width marks; only two Latin words keep one
        # between them ("TikTok Shop"), and a list's separators (" · ", " | ") keep theirs.
        text = ""
        for token in self.tokens:
            token = _FULL_WIDTH.get(token, token)
            if token in ("·", "|"):
                text += f" {token} "
            elif _LATIN.match(text[-1:]) and _LATIN.match(token):
                text += f" {token}"
            else:
                text += token
        return _SPACE.sub(" ", text).strip()


def _kinds(value: str, type_: str, to_english: bool) -> str | None:
    """Covers joined by " · ", each named by its kind's first name in the reader's language."""
    kinds = vocabulary().kinds[type_]
    named = []
    for part in value.split(JOINER.strip()):
        kind = kind_of(part, kinds)
        words = [w for w in kinds.get(kind, ()) if bool(_CJK.search(w)) != to_english]
        if not words:
            return None
        named.append(words[0][0].upper() + words[0][1:] if to_english else to_simplified(words[0]))
    return JOINER.join(named)


def _answer(value: str, type_: str, to_english: bool) -> str | None:
    """A yes/no value or a stated absence of limit, as the reader's language says it."""
    key = value_key(value, type_)
    if key not in ("yes", "no", "none") or (key != "none" and type_ not in vocabulary().flags):
        return None
    zh, en = _glosses()["answers"][key]
    return str(en if to_english else zh)


def _bare_absence(value: str) -> bool:
    """A stated absence in one short word ("None", "Nil", 「無」), not a phrase that says it
    ("No lifetime limit", 「不設上限」)."""
    return len(value.strip()) <= 4 and bool(vocabulary().none_pattern.fullmatch(value.strip()))


def in_other_language(text: str, written_in: str, reader: str) -> bool:
    """Whether `text`, from a document in `written_in`, has words of another language than the
    reader's: Chinese characters for an English reader, Latin words (other than a currency's
    mark) for a Chinese one. Figures, percentages and amounts read the same in both."""
    to_english = reader.lower() == "en"
    if not text or not written_in or to_english == (written_in.lower() == "en"):
        return False
    if to_english:
        return bool(_CJK.search(text))
    marks = "|".join(re.escape(m) for m in _glosses()["currencies"])
    return bool(_LATIN.search(re.sub(marks, "", text)))


def gloss(value: str, type_: str, written_in: str, reader: str) -> str | None:
    """`value`, stated in a document in `written_in`, in the `reader`'s language; None when the
    reader reads the document's language (or its other script), when nothing in the value needs
    rendering ("85%", "Amazon"), or when a word of it is in no vocabulary. A bare "None" or 「無」
    stated for a limit is said in full in every language ("No limit"): alone it could read as
    "no cover"."""
    to_english = reader.lower() == "en"
    if type_ == "money" and _bare_absence(value):  # only a limit (`allow_none`) states one
        rendered = _answer(value, type_, to_english)
        if rendered is not None and rendered != value:
            return to_traditional(rendered) if reader.lower() == "zh-hant" else rendered
    if not in_other_language(value, written_in, reader):
        return None
    if vocabulary().none_pattern.fullmatch(value.strip()) or type_ in vocabulary().flags:
        rendered = _answer(value, type_, to_english)
    elif type_ in vocabulary().kinds:
        rendered = _kinds(value, type_, to_english)
    else:
        rendered = _Reader(value, type_, to_english).read()
    if rendered is None or rendered == value:
        return None
    return to_traditional(rendered) if reader.lower() == "zh-hant" else rendered
