"""Word's automatic numbering, reproduced: the label Word prints before a numbered paragraph.

A numbered paragraph's text holds no number: Word draws "1.", "(a)", "一、" or "2.3"
from numbering.xml. A paragraph (or its style, or a style it is based on) names a
numbering instance (``w:numId``) and a level (``w:ilvl``); the instance points at an
abstract definition whose level gives the start value, the number format and the
label pattern ("%1.%2"). Counting follows Word:

- every instance of one abstract definition continues one count, except that an
  instance with a ``w:startOverride`` restarts its levels where it is first used;
- a level restarts when a shallower level is used (or as ``w:lvlRestart`` says);
- ``w:isLgl`` shows every number of the label in Arabic digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9


@dataclass(frozen=True)
class Label:
    text: str  # "1.", "(a)", "一、"; a bullet's glyph
    bullet: bool
    separator: str  # what Word sets between the label and the text: "" or " "


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    pattern: str = ""
    restart: int | None = None  # 1-based level whose use restarts this one; 0 never
    legal: bool = False
    suffix: str = "tab"
    style: str = ""


@dataclass
class _Instance:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, _Level] = field(default_factory=dict)  # whole-level overrides
    used: bool = False


def _val(element: Any, tag: str) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(element: Any) -> _Level:
    restart = _val(element, "lvlRestart")
    legal = element.find(W + "isLgl")
    return _Level(
        start=_int(_val(element, "start"), 1),
        fmt=_val(element, "numFmt") or "decimal",
        pattern=_val(element, "lvlText") or "",
        restart=_int(restart, 0) if restart is not None else None,
        legal=legal is not None and legal.get(W + "val") not in {"0", "false", "off"},
        suffix=_val(element, "suff") or "tab",
        style=_val(element, "pStyle") or "",
    )


def _num_pr(ppr: Any) -> tuple[str | None, int | None]:
    """The (numId, ilvl) a paragraph or style properties element sets, each None when unset."""
    num_pr = ppr.find(W + "numPr") if ppr is not None else None
    if num_pr is None:
        return None, None
    ilvl = _val(num_pr, "ilvl")
    return _val(num_pr, "numId"), _int(ilvl, 0) if ilvl is not None else None


class Numbering:
    """The numbering definitions of one document, and the running counts as it is read in order."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.instances: dict[str, _Instance] = {}
        self.styles: dict[str, tuple[str | None, int | None]] = {}
        self.counts: dict[str, list[int | None]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, numbering: Any) -> None:
        for abstract in numbering.iterfind(W + "abstractNum"):
            levels = {_int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in abstract.iterfind(W + "lvl")}
            self.abstracts[abstract.get(W + "abstractNumId") or ""] = levels
        for num in numbering.iterfind(W + "num"):
            instance = _Instance(_val(num, "abstractNumId") or "")
            for override in num.iterfind(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0)
                start = _val(override, "startOverride")
                if start is not None:
                    instance.starts[ilvl] = _int(start, 1)
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    instance.levels[ilvl] = _level(lvl)
            self.instances[num.get(W + "numId") or ""] = instance

    def _read_styles(self, styles: Any) -> None:
        """Each paragraph style's numbering, its own or inherited through ``w:basedOn``."""
        own: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for style in styles.iterfind(W + "style"):
            style_id = style.get(W + "styleId") or ""
            own[style_id] = _num_pr(style.find(W + "pPr"))
            parent = _val(style, "basedOn")
            if parent:
                based[style_id] = parent
        for style_id in own:
            num_id, ilvl, seen, current = None, None, set(), style_id
            while current in own and current not in seen:
                seen.add(current)
                num_id = num_id if num_id is not None else own[current][0]
                ilvl = ilvl if ilvl is not None else own[current][1]
                current = based.get(current, "")
            if num_id is not None:
                self.styles[style_id] = (num_id, ilvl)

    def label(self, ppr: Any, style_id: str) -> Label | None:
        """The label of the next paragraph, given its properties and style; None when unnumbered.

        Call once per paragraph, in document order: it advances the count.
        """
        num_id, ilvl = _num_pr(ppr)
        style_num, style_ilvl = self.styles.get(style_id, (None, None))
        num_id = num_id if num_id is not None else style_num
        instance = self.instances.get(num_id or "")
        if instance is None or instance.abstract not in self.abstracts:
            return None  # numId 0 (numbering switched off) or a dangling reference
        if ilvl is None:
            ilvl = style_ilvl if style_ilvl is not None else self._style_level(instance, style_id)
        level = self._levels(instance).get(ilvl)
        if level is None:
            return None
        self._count(instance, ilvl)
        if level.fmt == "bullet":
            return Label(level.pattern, True, " ")
        text = self._format(instance, level)
        return Label(text, False, "" if level.suffix == "nothing" or not text else " ")

    def _levels(self, instance: _Instance) -> dict[int, _Level]:
        return {**self.abstracts[instance.abstract], **instance.levels}

    def _style_level(self, instance: _Instance, style_id: str) -> int:
        """The level linked to the paragraph's style (``w:pStyle`` in the definition), else 0."""
        return next((i for i, lvl in self._levels(instance).items() if lvl.style == style_id), 0)

    def _count(self, instance: _Instance, ilvl: int) -> None:
        levels = self._levels(instance)
        counts = self.counts.setdefault(instance.abstract, [None] * LEVELS)
        if not instance.used:
            instance.used = True
            for overridden, start in instance.starts.items():
                if 0 <= overridden < LEVELS:
                    counts[overridden] = start - 1
        current = counts[ilvl]
        counts[ilvl] = (current + 1) if current is not None else levels[ilvl].start
        for deeper in range(ilvl + 1, LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart != 0 and ilvl < (restart if restart is not None else deeper):
                counts[deeper] = None

    def _format(self, instance: _Instance, level: _Level) -> str:
        levels = self._levels(instance)
        counts = self.counts[instance.abstract]
        text = level.pattern
        for n in range(LEVELS, 0, -1):  # %10 never exists; %1 after %1x is safe from the top down
            token = f"%{n}"
            if token not in text:
                continue
            shown = levels.get(n - 1, _Level())
            value = counts[n - 1] if counts[n - 1] is not None else shown.start
            fmt = "decimal" if level.legal and shown.fmt != "none" else shown.fmt
            text = text.replace(token, format_number(value or 0, fmt))
        return text


_CHINESE_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = {
    "chineseLegalSimplified": "零壹贰叁肆伍陆柒捌玖",
    "ideographLegalTraditional": "零壹貳參肆伍陸柒捌玖",
}
_CYCLES = {
    "ideographTraditional": "甲乙丙丁戊己庚辛壬癸",
    "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥",
}
_ENCLOSED = {
    "decimalEnclosedCircle": 0x2460,
    "decimalEnclosedCircleChinese": 0x2460,
    "decimalEnclosedParen": 0x2474,
    "decimalEnclosedFullstop": 0x2488,
}
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")]
_ROMAN += [(40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def format_number(value: int, fmt: str) -> str:
    """`value` in one of Word's number formats (``w:numFmt``); Arabic digits for the others."""
    if fmt == "none":
        return ""
    if fmt in {"lowerLetter", "upperLetter"} and value > 0:
        # Word repeats the letter: 27 is "aa", 28 "bb".
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in {"lowerRoman", "upperRoman"} and value > 0:
        roman = _roman(value)
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in {"decimalFullWidth", "decimalFullWidth2"}:
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if fmt in _ENCLOSED and 1 <= value <= 20:
        return chr(_ENCLOSED[fmt] + value - 1)
    if fmt in _CYCLES and value > 0:
        cycle = _CYCLES[fmt]
        return cycle[(value - 1) % len(cycle)]
    if fmt in {"chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"}:
        return _chinese(value, _CHINESE_DIGITS, "十百千")
    if fmt in _LEGAL_DIGITS:
        return _chinese(value, _LEGAL_DIGITS[fmt], "拾佰仟")
    if fmt == "ideographDigital":
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(value))
    return str(value)


def _roman(value: int) -> str:
    text = ""
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        text += numeral * count
    return text


def _chinese(value: int, digits: str, units: str) -> str:
    """Chinese counting numerals up to 9999: 10 is 十, 11 十一, 20 二十, 105 一百零五."""
    if not 0 < value < 10000:
        return str(value)
    text = ""
    zero = False
    for power in range(3, -1, -1):
        digit = value // 10**power % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        unit = units[power - 1] if power else ""
        text += unit if (digit == 1 and power == 1 and not text) else digits[digit] + unit
    return text
