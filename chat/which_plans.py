""" "Which plans …?" answered plan by plan, whatever it asks about.

"Which medical plans cover treatment in Macao?", "邊幾個醫療計劃有保分娩？": every plan of the
line the question reads (chat.answering) gets a row of its own, with what its document says:
- covered (or, for a figure, stated): the passage that names what is asked, cited;
- not covered: the passage saying the plan does not cover it ("Exclusions: 4. Pregnancy,
  childbirth …"), by its own words, its list's lead-in or its heading (chat/data/not_covered.yaml);
- not stated: no passage of its document names it.
A line before the rows says which plans are which, in the reader's language.

What is asked about is the question less its frame ("which plans … cover", chat/data/
which_plans.yaml): the subject terms scoring.matches finds in each unit, weighed by their IDF.
A plan's evidence is its unit carrying the most of that weight, the answer model's likeliest
among equals; nothing here is fitted or listed for one question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.utils import translation
from django.utils.translation import gettext

from chat import extractive, messages
from chat.comparing import says_not_covered
from chat.extractive import Pick
from chat.tables import Cell, Row, Table
from chat.units import Unit
from knowledge.keyfacts.spec import vocabulary
from knowledge.places import is_place
from knowledge.text import fold, stem

if TYPE_CHECKING:
    from chat.answering import Answer, Candidates, Draft

DATA = Path(__file__).resolve().parent / "data" / "which_plans.yaml"
# The answer types that ask for a figure: a plan stating one is "stated", whatever else it says.
# ("count" is not one: "邊幾個計劃…" reads as a count by its wording.)
FIGURE_TYPES = frozenset({"money", "percentage", "duration"})
COVERED, EXCLUDED, UNSTATED = "covered", "excluded", "unstated"
STANCES = (COVERED, EXCLUDED, UNSTATED)
# A list item's bullet, never shown in a cell.
_BULLET = re.compile(r"^[-•*·▪●◦○■□►▶]\s*")


@dataclass(frozen=True)
class Verdict:
    """What one plan's document says of what is asked: `stance` and the unit that says it."""

    doc_id: str
    stance: str
    pick: Pick | None = None
    # The words saying it is not covered, when they are the unit's lead-in or heading.
    said_by: str = ""


@cache
def _frame() -> frozenset[str]:
    """The frame words, folded, and as the tokenizer stems them: a question's terms are stemmed
    ("policies" is the term "policie"), so a plural left unstemmed here would be its subject."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    folded = [fold(w) for w in raw["frame"]]
    return frozenset(folded) | frozenset(stem(w) for w in folded)


@cache
def _prices() -> frozenset[str]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return frozenset(fold(w) for w in raw["prices"])


@cache
def _groups() -> tuple[frozenset[str], ...]:
    """The key-fact vocabulary's groups of words for one thing (knowledge/data/keyfacts.yaml: an
    attribute's term groups, a cover's kinds), folded: "maternity", "pregnancy", "childbirth",
    懷孕 and 分娩 name one subject, though a word-for-word rendering knows only one of them."""
    found = vocabulary()
    concepts = [g for attributes in found.attributes.values() for a in attributes for g in a.concepts]
    kinds = [words for by_kind in found.kinds.values() for words in by_kind.values()]
    return tuple(frozenset(fold(t) for t in group) for group in [*concepts, *kinds])


def _says(folded: str, word: str) -> bool:
    """A Latin word at a word start ("pregnan" not inside "nonpregnant"), a Chinese one anywhere."""
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word)}", folded) is not None
    return word in folded


@dataclass(frozen=True)
class _Subject:
    """How much of what is asked a unit names: the IDF weight of the subject terms it carries, and
    how many of their words (or words of their key-fact group) it has."""

    weight: float
    words: int
    # It names the most specific thing asked (the heaviest subject term): a passage naming only
    # the general words ("hospital", "treatment") of "Chinese medicine practitioner visits" says
    # nothing of whether the plan covers them. A place filters what is asked: "network hospitals
    # in Dongguan" is not named by a passage naming Dongguan alone ("the area of cover is … Dongguan").
    specific: bool = False
    # It states a price ("保障項目: 退貨運費; 保費率: …") of a subject the question does not price:
    # the cover or limit row names the subject as well and says what is asked.
    priced: bool = False


def _subject(pick: Pick) -> _Subject:
    frame, prices = _frame(), _prices()
    folded = fold(pick.unit.text)
    weight, words = 0.0, 0
    said_weights: list[float] = []
    asked_weights: list[float] = []
    said_subject = asked_subject = asks_price = False
    for term, term_weight in pick.weights:
        renderings = [fold(t) for t in term.split("|")]
        if any(r in frame for r in renderings):
            continue
        asked_weights.append(term_weight)
        place = all(_is_place(r) for r in renderings)
        asked_subject |= not place
        asks_price |= any(r in prices for r in renderings)
        group = set(renderings).union(*(g for g in _groups() if g & set(renderings)))
        said = [w for w in group if _says(folded, w)]
        if term in pick.matched or said:
            weight += term_weight
            words += max(len(said), 1)
            said_weights.append(term_weight)
            said_subject |= not place
    specific = (
        bool(said_weights) and max(said_weights) >= max(asked_weights) and (said_subject or not asked_subject)
    )
    priced = not asks_price and any(_says(folded, w) for w in prices)
    return _Subject(weight, words, specific, priced)


def _is_place(term: str) -> bool:
    """A country, region, state or GBA city (knowledge.places, knowledge/data/gba_cities.yaml)."""
    from knowledge.keyfacts.hospitals import city_names

    return is_place(term) or term in city_names()


def _context(unit: Unit, units: Sequence[Unit]) -> str:
    """The words that say the unit is not covered when the unit does not: its lead-in or heading."""
    lead = units[unit.lead].text if unit.lead is not None and unit.lead < len(units) else ""
    return next((c for c in (lead, unit.heading) if c and says_not_covered(c)), "")


def verdicts(
    doc_ids: Sequence[str], picks: Sequence[Pick], units: Sequence[Unit], kind: str, chinese: bool = False
) -> list[Verdict]:
    """Per plan (in `doc_ids` order), whether its document covers, excludes or does not state
    what the question asks. `picks` are the units ranked for the whole question; `kind` is
    the answer type (a figure stated is "covered" even beside "not covered" words: "infringements
    found during the waiting period are not covered" states the waiting period)."""
    found = []
    for doc_id in doc_ids:
        mine = [(p, _subject(p)) for p in picks if p.unit.chunk.doc_id == doc_id]
        # Contact details (a hotline, an e-mail address) state no cover, whatever words they share.
        mine = [
            (p, subject)
            for p, subject in mine
            if subject.weight > 0 and not extractive.is_contact(p.unit.text)
        ]
        if not mine:
            found.append(Verdict(doc_id, UNSTATED))
            continue
        # The unit naming the most specific thing asked, then one not pricing it, then most of the
        # subject, in most words; the likeliest of equals (picks are best first, and max keeps the first).
        best, subject = max(
            mine, key=lambda found: (found[1].specific, not found[1].priced, found[1].weight, found[1].words)
        )
        # In the question's own language the most specific term asked must be named; across
        # languages its rendering may be a sense the document never uses, so it is not asked.
        same_language = (best.unit.chunk.language != "en") == chinese
        if same_language and not subject.specific:
            found.append(Verdict(doc_id, UNSTATED))
        elif (kind in FIGURE_TYPES or best.unit.kind == "row") and extractive.has_figure(best.unit.text):
            # A table row stating a value for what is asked covers it ("C部 平台賬戶凍結 | 每日200美元 |
            # 首5日不獲賠償": the deductible cell's words do not take the cover away).
            found.append(Verdict(doc_id, COVERED, best))
        elif says_not_covered(best.unit.text):
            found.append(Verdict(doc_id, EXCLUDED, best))
        elif said := _context(best.unit, units):
            found.append(Verdict(doc_id, EXCLUDED, best, said))
        else:
            found.append(Verdict(doc_id, COVERED, best))
    return found


def _labels(figure: bool) -> dict[str, str]:
    """The stances as the reader reads them (gettext: locale/*/LC_MESSAGES/django.po)."""
    return {
        COVERED: gettext("States it") if figure else gettext("Covered"),
        EXCLUDED: gettext("Not covered"),
        UNSTATED: gettext("Not stated"),
    }


def answer(draft: Draft, found: Candidates, picks: Sequence[Pick], kind: str) -> Answer | None:
    """The plan-by-plan answer, or None when no plan's document names what is asked (the
    usual decline follows)."""
    from chat.answering import Answer, in_script

    listed = verdicts(draft.doc_ids, picks, found.units, kind, chinese=draft.language != "en")
    # Rows in the summary's order: the plans that cover it first.
    listed.sort(key=lambda v: STANCES.index(v.stance))
    if all(v.stance == UNSTATED for v in listed):
        return None
    titles = {c.doc_id: (c.title, c.language) for c in draft.chunks}
    language = draft.language
    citations: list[dict[str, Any]] = []
    rows = []
    with translation.override(language.lower()):
        labels = _labels(kind in FIGURE_TYPES)
        for verdict in listed:
            title, written_in = titles[verdict.doc_id]
            name = in_script(title, written_in, language)[0]
            rows.append(Row(Cell(name), (Cell(labels[verdict.stance]), _quote(verdict, language, citations))))
        summary = _summary(listed, rows, labels, language)
        columns = (Cell(gettext("Plan")), Cell(gettext("Answer")), Cell(gettext("What the document says")))
        written = [c.get("language", "en") for c in citations]
        notes = tuple(
            messages.quoted_language(language, w)
            for w in dict.fromkeys(written)
            if messages.other_language(w, language)
        )
    # A line per plan ("Plan: …; Answer: Not covered; What the document says: …"): no line repeats.
    table = Table(summary, columns, tuple(rows), notes, language=language)
    return Answer(table.as_text(), language, "answer", citations, chunks=draft.chunks, tables=[table])


def _quote(verdict: Verdict, language: str, citations: list[dict[str, Any]]) -> Cell:
    """The passage a plan's verdict rests on, in the reader's script, cited; "—" when none."""
    from chat.answering import in_script

    if verdict.pick is None:
        return Cell("—")
    citations.append(extractive.citation(verdict.pick))
    chunk = verdict.pick.unit.chunk
    said = verdict.said_by.strip().rstrip(":：").strip()
    text = _BULLET.sub("", verdict.pick.unit.text.strip())
    shown, converted = in_script(f"{said}: {text}" if said else text, chunk.language, language)
    return Cell(shown, len(citations), language if converted else chunk.language)


def _summary(listed: Sequence[Verdict], rows: Sequence[Row], labels: dict[str, str], language: str) -> str:
    """ "Covered: A, B. Not covered: C. Not stated: D." — each stance some plan has, in order."""
    colon, comma, stop = (": ", ", ", ". ") if language == "en" else ("：", "、", "。")
    parts = []
    for stance in STANCES:
        names = [r.header.text for v, r in zip(listed, rows, strict=True) if v.stance == stance]
        if names:
            parts.append(f"{labels[stance]}{colon}{comma.join(names)}")
    return (stop.join(parts) + stop.strip()).strip()
