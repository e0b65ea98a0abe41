"""Passages that say a detail is kept somewhere else, and questions that ask where something is.

A plan document often gives a count or a sample and defers the detail: "the list of 36 hospitals
is on our website", "rates for other entry ages are in the illustration given at application",
"the subsidy ratio follows the district's yearly notice", "ask us for unlisted markets". Asked for
that detail ("which network hospitals are in Zhuhai?"), the passage does not answer, though it
shares every word of the question; asked where the detail is ("where can I find the hospital
list?"), it is the answer. The vocabulary of both is data (chat/data/elsewhere.yaml).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from knowledge.text import fold

DATA_PATH = Path(__file__).resolve().parent / "data" / "elsewhere.yaml"


@functools.cache
def _patterns(key: str) -> re.Pattern[str]:
    cues = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))[key]
    return re.compile("|".join(f"(?:{cue})" for cue in cues))


@functools.lru_cache(maxsize=65536)
def defers(text: str) -> bool:
    """Whether `text` says a detail is kept elsewhere (website, app, policy schedule, a notice…).

    Cached: every question reads the same units of a document again.
    """
    return bool(_patterns("defers").search(fold(text)))


def defers_others(text: str) -> bool:
    """Whether a deferring passage speaks of other values of what it defers ("rates for other entry
    ages are in the illustration"): the document's own figures hold for the values it states."""
    return defers(text) and bool(_patterns("others").search(fold(text)))


def asks_where(question: str) -> bool:
    """Whether the question asks where a detail is found ("where can I see the list?")."""
    return bool(_patterns("where").search(fold(question)))


def asks_which(question: str) -> bool:
    """Whether the question asks which ones ("which hospitals…", 邊幾間, 哪些): a list."""
    return bool(_patterns("which").search(fold(question)))
