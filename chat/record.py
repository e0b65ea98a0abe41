"""Questions of the insurer's record: its ratings, solvency, claims statistics, past bonuses and results.

Plan documents (brochures, key facts, policy wordings) set out a plan's terms. An insurer's
financial strength, solvency and past results are published elsewhere: in its annual report and
on its website (where bonus fulfilment ratios are published), by the rating agencies, and in the
Insurance Authority's market statistics. A question the understanding reads as asking the record
(`Understanding.topic`, learned from labelled exemplars) is answered only from a passage that
dates what it states ("the crediting rate declared for 2025 was 2.85%"), of a year the question
names when it names one. Any other passage the answer model would quote states the plan's terms
beside the subject (a projected return, a promise to pay within 30 days), and quoting it would
give a term as the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from chat.understanding import Understanding

# A calendar year, not part of a longer number (a premium of 12,000 has no year in it).
_YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d\d)(?![\d,.]\d)")


def asks_record(understood: Understanding | None) -> bool:
    return understood is not None and understood.topic == "record"


def years(text: str) -> set[str]:
    return set(_YEAR.findall(text))


def dated(passages: Iterable[tuple[str, str]], question: str) -> bool:
    """Whether any (text, title) passage states a year other than its document's edition (the
    years its title carries), and one the question names if it names any."""
    asked = years(question)
    for text, title in passages:
        stated = years(text) - years(title)
        if stated and (not asked or stated & asked):
            return True
    return False
