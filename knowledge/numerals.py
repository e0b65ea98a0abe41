"""Chinese numerals as numbers: "八千五" → 8500, "三千五百萬" → 35,000,000, "六十五" → 65.

One reader for every place a Chinese number is read: the fields of a quote request
(chat.enquiry), amounts typed into a form (crossborder.money) and amounts in the chat's answers
(chat.extractive). Digits with 萬 ("1,500萬") are the money reader's, which composes them with
currencies. The characters are data (data/numerals.yaml).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

WORDS_FILE = Path(__file__).resolve().parent / "data" / "numerals.yaml"


@cache
def _words() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return data


def chinese_integer(numeral: str) -> int | None:
    """The number a run of Chinese numerals writes, or None when it is not one.

    "一百" → 100, "三十五" → 35, "八千零五" → 8005, "一萬五千" → 15000; a digit straight after a
    unit counts in the next unit down, as people say it: "八千五" → 8500, "三萬五" → 35000.
    """
    digits, units, large = _words()["digits"], _words()["units"], _words()["large_units"]
    if not numeral or any(c not in digits and c not in units and c not in large for c in numeral):
        return None
    total, section, digit, last_unit = 0, 0, 0, 0
    for char in numeral:
        if char in digits:
            digit = digits[char]
            last_unit = 0 if digit == 0 else last_unit
        elif char in units:
            section, digit, last_unit = section + (digit or 1) * units[char], 0, units[char]
        else:
            total, section, digit, last_unit = (
                total + ((section + digit) or 1) * large[char],
                0,
                0,
                large[char],
            )
    if digit and last_unit >= 100 and numeral[-2] not in digits:
        digit *= last_unit // 10
    return total + section + digit


@cache
def _number_run() -> re.Pattern[str]:
    small = "".join(list(_words()["digits"]) + list(_words()["units"]))
    large = "".join(_words()["large_units"])
    counted = "|".join(re.escape(w) for w in sorted(_words()["counted"], key=len, reverse=True))
    # Whole runs, never after digits: in "18百萬" the units scale the 18 (the money reader's).
    return re.compile(
        rf"(?<![\d{small}{large}])(?:(?:[{small}]+[{large}])+[{small}]*(?![{small}{large}])|[{small}]+(?=\s*(?:{counted})))"
    )


def in_digits(text: str) -> str:
    """`text` with its Chinese numbers in digits: "六十五歲" → "65歲", "八千蚊" → "8000蚊",
    "三千五百萬港元" → "3500萬港元", "一萬五千" → "15000", "九成" → "90%". Numeral characters inside words ("九龍",
    "一般", "統一", "一年") are left as they are: a number is a numeral with a large unit, or one
    before a word that counts (data/numerals.yaml)."""

    def digits(match: re.Match[str]) -> str:
        numeral, large = match.group(), _words()["large_units"]
        number = chinese_integer(numeral)
        if number is None:
            return numeral
        # A closing large unit stays a word, as the money reader scales digits: "八千萬" → "8000萬".
        return f"{number // large[numeral[-1]]}{numeral[-1]}" if numeral[-1] in large else str(number)

    # 成 counts tenths: "九成" is 90%; "百分之九十五" is 95%.
    text = _percent().sub(lambda m: f"{chinese_integer(m.group(1))}%", text)
    return _TENTHS.sub(lambda m: f"{int(m.group(1)) * 10}%", _number_run().sub(digits, text))


@cache
def _percent() -> re.Pattern[str]:
    small = "".join(list(_words()["digits"]) + list(_words()["units"]))
    prefixes = "|".join(re.escape(w) for w in _words()["percent"])
    return re.compile(rf"(?:{prefixes})([{small}]+)")


_TENTHS = re.compile(r"(?<![\d.])(\d)\s*成")
