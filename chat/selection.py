"""Which of the ranked units an answer quotes, per document asked about.

The best unit; those close to it; the best for each part of the question (and, for a
question asking for a figure, one that states a figure of the asked kind); for "which
hospitals…?", the whole list; a list's lead-in with its items; and, between two editions,
what differs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from chat import extractive, glossary
from chat.extractive import Pick, has_figure
from chat.units import MAX_ITEMS, Unit, items_of, list_of, step_form, steps_of
from knowledge.language import to_simplified
from knowledge.text import data_lines, segments

# A unit within this share of the best one is quoted too (up to MAX_UNITS per document).
KEEP_RATIO = 0.70
MAX_UNITS = 4
# Beyond the units close to the best one, a unit is also quoted when it answers a part of the
# question the others leave open: it must bring this share of the question's weight...
MIN_GAIN = 0.2
# ...and score at least this share of the best unit.
PART_RATIO = 0.5
# Rows with a figure quoted for a figure question whose best passage has none.
MAX_FIGURE_UNITS = 3
# Units quoted for one part of a question: its best, and the next if close to it.
PART_UNITS = 2
# Lines under a table read as its notes (how to apply it), when one of its rows is quoted.
MAX_NOTES = 2


@dataclass(frozen=True)
class Ranking:
    """The units ranked for the whole question or for one of its parts."""

    picks: list[Pick]
    figure: bool
    # What the question asks to have listed, if anything.
    enumeration: str = ""
    # The kind of figure it asks for ("money", "percentage", "duration"), if it says.
    kind: str = ""
    # It asks who may buy or how to proceed: the list its best unit is an entry of answers whole
    # ("Who can buy it?": every condition of the eligibility list, not the one worded likest).
    whole_list: bool = False


PARTS_FILE = Path(__file__).resolve().parent / "data" / "question_parts.yaml"


@functools.cache
def _parts_data() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """The separators, the Latin conjunctions and the Chinese ones of `PARTS_FILE`."""
    data = yaml.safe_load(PARTS_FILE.read_text(encoding="utf-8"))
    separators = re.compile("|".join(re.escape(s) for s in data["separators"]))
    latin = sorted(data["conjunctions"]["en"], key=len, reverse=True)
    conjunctions = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in latin) + r")\b", re.IGNORECASE)
    chinese = frozenset(w for word in data["conjunctions"]["zh"] for w in (word, to_simplified(word)))
    return separators, conjunctions, chinese


def clauses(question: str, names: Sequence[str] = (), *, joined: bool = True) -> list[str]:
    """The question's parts when it asks several things (each is answered too), else [].

    "…? …?", "the annual limit and the lifetime limit", "每年限額和終身限額分別是多少": a part
    starts at a separator or a conjunction, and must say what it is about on its own (a subject
    word beyond `names`, the documents' names); one that does not joins the part before it.
    """
    separators, _, _ = _parts_data()
    parts: list[str] = []
    for sentence in separators.split(question):
        for piece in _joined(sentence) if joined else [sentence]:
            piece = piece.strip(" ,，:：")
            if parts and not extractive.salient_terms(piece, names):
                parts[-1] = f"{parts[-1]} {piece}".strip()
            elif piece:
                parts.append(piece)
    # A first part without a subject of its own ("Compare", "How much is") belongs to the next.
    if len(parts) > 1 and not extractive.salient_terms(parts[0], names):
        parts[:2] = [f"{parts[0]} {parts[1]}"]
    return parts if len(parts) > 1 else []


def _joined(sentence: str) -> list[str]:
    """A sentence cut at its conjunctions: whole Latin words, or whole words of the Chinese segmenter."""
    _, latin, chinese = _parts_data()
    cuts: list[tuple[int, int]] = [m.span() for m in latin.finditer(sentence)]
    for run in _HAN_RUN.finditer(sentence):
        place = run.start()
        for word in segments(run.group(0)):
            if to_simplified(word) in chinese:
                cuts.append((place, place + len(word)))
            place += len(word)
    # Punctuation that joins ("、") is matched as written.
    for mark in (w for w in chinese if not _HAN_RUN.fullmatch(w)):
        cuts += [(m.start(), m.end()) for m in re.finditer(re.escape(mark), sentence)]
    pieces, start = [], 0
    for begin, end in sorted(cuts):
        if begin >= start:
            pieces.append(sentence[start:begin])
            start = end
    pieces.append(sentence[start:])
    return pieces


_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def choose(
    rankings: Sequence[Ranking], doc_ids: Sequence[str], min_score: float, units: Sequence[Unit]
) -> list[Pick]:
    """Per document asked about: its best units for the question, and the best for each part.

    `rankings[0]` ranks for the whole question, the others for its parts. A part that asks
    for a figure gets a unit with one. A list's lead-in comes with its items, and an item
    with its lead-in, so a quote reads whole.
    """
    chosen: list[Pick] = []
    for doc_id in doc_ids:
        picked: dict[int, Pick] = {}
        for number, ranking in enumerate(rankings):
            mine = [p for p in ranking.picks if p.unit.chunk.doc_id == doc_id]
            if not mine or mine[0].score < min_score:
                continue
            found = _best_and_parts(mine, min_score, ranking) if number == 0 else _part_best(mine)
            # "What is the maximum credit limit?": a definition of the term is no answer without the
            # row that gives the figure.
            if ranking.figure and not has_figure(mine[0].unit.text, ranking.kind):
                found += _with_figure(mine, ranking.kind)
            listed: list[Pick] = []
            if ranking.enumeration:
                listed = _whole_list(mine, units, ranking.enumeration) or _list_led_by(
                    mine[0], mine, units, ranking.enumeration
                )
            elif ranking.whole_list and number == 0:
                listed = _list_of_best_entry(mine, units)
            # "…有哪些等候期？" whose best unit is one line under the heading: the heading's list. A
            # question for a figure is answered by the unit stating it ("how long before I can claim
            # for non-payment?"), not by the list under a heading its words name (claims procedure).
            if number == 0 and len(listed) < 2 and not ranking.whole_list and not ranking.figure:
                found = _beside_heading_list(found, _heading_list(mine, units))
            for pick in [*found, *listed]:
                picked.setdefault(pick.unit.order, pick)
        whole = [p for p in rankings[0].picks if p.unit.chunk.doc_id == doc_id]
        kept = _with_lists(list(picked.values()), whole, units, figure=rankings[0].figure)
        chosen.extend(_with_table_notes(kept, whole, units) if rankings[0].figure else kept)
    return chosen


def _with_table_notes(picked: list[Pick], mine: list[Pick], units: Sequence[Unit]) -> list[Pick]:
    """A quoted table row with the notes right under its table that state how to apply it: a rule
    stated across the table ("for a US$2,000,000 limit multiply by 1.35", "several territories:
    add the rates, then take 85%", "monthly premium: annual × 0.09"). A note comes when it states a
    figure and carries a term of the question that the table's quoted rows do not (an example
    worked from the table says nothing new): the reader's figure is the row's with the rule
    applied. Up to MAX_NOTES lines, up to the next table or heading."""
    by_order = {p.unit.order: p for p in mine}
    result = {p.unit.order: p for p in picked}
    tables = {p.unit.chunk.chunk_id for p in picked if p.unit.kind == "row"}
    for table in tables:
        said = frozenset().union(*(p.matched for p in picked if p.unit.chunk.chunk_id == table))
        last = max(u.order for u in units if u.kind == "row" and u.chunk.chunk_id == table)
        heading = units[last].heading
        notes = 0
        for unit in units[last + 1 : last + 1 + MAX_NOTES]:
            if unit.kind == "row" or unit.heading != heading or unit.chunk.doc_id != units[last].chunk.doc_id:
                break
            pick = by_order.get(unit.order)
            if pick is not None and pick.matched - said and has_figure(unit.text) and notes < MAX_NOTES:
                result.setdefault(unit.order, pick)
                notes += 1
    return list(result.values())


def _list_of_best_entry(mine: list[Pick], units: Sequence[Unit]) -> list[Pick]:
    """The whole list of the best list item (or numbered step) among the units close to the best
    (KEEP_RATIO)."""
    close = [p.unit for p in mine if p.score >= KEEP_RATIO * mine[0].score]
    entry = next((u for u in close if u.kind == "item" or step_form(u)), None)
    if entry is None:
        return []
    by_order = {p.unit.order: p for p in mine}
    entries = list_of(entry, units) if entry.kind == "item" else []
    return [by_order[u.order] for u in entries or steps_of(entry, units) if u.order in by_order]


def _part_best(mine: list[Pick]) -> list[Pick]:
    """A part's best unit, and the next when it comes close (KEEP_RATIO): a part's own words rarely
    tell two near-equal units apart ("the waiting period for illness": the general one and the one
    for specified conditions), and the one missed may be the one it asks for."""
    close = [p for p in mine[1:PART_UNITS] if p.matched and p.score >= KEEP_RATIO * mine[0].score]
    # A contact line with none of the part's words is padding here too (see `_best_and_parts`): a
    # part the document does not speak of ("…and pets?") is best matched by whatever line is left.
    return [p for p in (mine[0], *close) if p.matched or not extractive.is_contact(p.unit.text)]


def _whole_list(mine: list[Pick], units: Sequence[Unit], noun: str) -> list[Pick]:
    """For "which hospitals…?": the list most of whose entries name the thing asked for, whole."""
    by_order = {p.unit.order: p for p in mine}
    best: list[Unit] = []
    # At least half the entries must name it.
    best_share = 0.5 - 1e-9
    for pick in mine:
        entries = list_of(pick.unit, units)
        if len(entries) < 2 or entries[0] in best:
            continue
        share = sum(noun in to_simplified(u.text.lower()) for u in entries) / len(entries)
        if share > best_share:
            best, best_share = entries, share
    return [by_order[u.order] for u in best if u.order in by_order]


def _list_led_by(top: Pick, mine: list[Pick], units: Sequence[Unit], noun: str = "") -> list[Pick]:
    """For "what are the exclusions?" answered by a list ("We do not pay for:" and its items): the
    lead-in with every item, whether or not an item repeats the question's words."""
    unit = top.unit
    by_order = {p.unit.order: p for p in mine}
    if not (unit.is_lead or unit.lead is not None or _headed_by(top, noun)):
        return []
    return [by_order[u.order] for u in _entries(unit, units) if u.order in by_order]


def _entries(unit: Unit, units: Sequence[Unit]) -> list[Unit]:
    """The list `unit` is a lead-in or an entry of, whole: the lead-in with every item, or, for a
    list under a heading with no lead-in sentence ("5. Exclusions" and its numbered items), the
    entries around it (the whole section, when it is a short one: its lines are the list). Quoting
    only the items that share the question's words would read as the whole list with some left out."""
    lead = unit if unit.is_lead else units[unit.lead] if unit.lead is not None else None
    if lead is None:
        return _section_of(unit, units) or list_of(unit, units)
    return [lead, *items_of(lead, units)][: MAX_ITEMS + 1]


# "What are the waiting periods?", "有咩唔保？": a question about what a list's section heading names
# gets the list whole. Its words that single out entries of the list ("…for cancer?") must weigh
# less than this share of the words the heading carries.
NARROWING_SHARE = 0.5


def _heading_list(mine: list[Pick], units: Sequence[Unit]) -> list[Pick]:
    """The list or short section whose heading names what the question asks about, whole, when a
    unit of it is among those close to the best (PART_RATIO); [] when there is none, or when the
    question singles out entries of it.

    The best unit itself may be another section's line that repeats the asked words ("the items
    that are not covered" of a claims step for "what is not covered?", a table row "claim waiting
    period" for "which waiting periods?"): the list under the heading is the answer, that line not.
    """
    top = mine[0]
    by_order = {p.unit.order: p for p in mine}
    seen: set[str] = set()
    for pick in mine:
        if pick.unit.kind == "row" or pick.unit.heading in seen:
            continue
        seen.add(pick.unit.heading)
        # A section none of whose units comes close to the best may still be the one asked about:
        # "有咩唔保？" of an English document, whose "not covered" in a waiting-period line outranks
        # the items under "Exclusions" (the heading carries the question's words only in the other
        # language's rendering, and counts for half). Then the heading must carry all the question
        # asks of the document, nothing left beside it.
        close = pick.score >= PART_RATIO * top.score
        entries = _entries(pick.unit, units)
        beside = NARROWING_SHARE if close else 0.0
        if len(entries) > 1 and _asks_heading_of(pick, entries, units, beside=beside):
            return [by_order[u.order] for u in entries if u.order in by_order]
    return []


def _section_of(unit: Unit, units: Sequence[Unit]) -> list[Unit]:
    """The units under `unit`'s heading (the run around it in its document), when that section is a
    short one without a table: its lines are the list (a TXT's waiting periods, one a sentence)."""
    if not unit.heading:
        return []

    def same(other: Unit) -> bool:
        return other.chunk.doc_id == unit.chunk.doc_id and other.heading == unit.heading

    start = end = unit.order
    while start > 0 and same(units[start - 1]):
        start -= 1
    while end + 1 < len(units) and same(units[end + 1]):
        end += 1
    section = list(units[start : end + 1])
    if len(section) > MAX_ITEMS + 1 or any(u.kind == "row" for u in section):
        return []
    return section


# A word carried under this many of a document's headings names its topic ("annuity" in an
# annuity's summary, 保障 in a plan's), not an entry of one of its lists.
TOPIC_HEADINGS = 3
# An entry's label: the words before its first colon ("冷靜期：21日", "Cooling-off period: 21 days").
_LABEL = re.compile(r"^[^:：]{1,40}[:：]")


def _asks_heading_of(
    pick: Pick, entries: Sequence[Unit], units: Sequence[Unit], *, beside: float = NARROWING_SHARE
) -> bool:
    """Whether the question asks about what the heading of `pick`'s list names and about nothing
    narrower or beside it: the heading carries some of its words, and its other words that the
    document uses (in a unit's own text) and that name no topic of the whole document weigh under
    `beside` of them (none at all, when `beside` is 0) ("康橋通有咩唔保？" of the items under 不保事項; not "the waiting period
    for cancer?", nor "how long before I can claim for non-payment?" of the claims procedure); and
    no entry is labelled by what the question names: of a heading naming several things ("Waiting
    periods and cooling-off"), "the cooling-off period?" is answered by the entry "Cooling-off
    period: 21 days", not by its neighbours."""
    heading = extractive.unit_text(pick.unit)
    named = [(slot, w) for slot, w in pick.weights if heading.in_heading(slot)]
    if not named:
        return False
    mine = [extractive.unit_text(u) for u in units if u.chunk.doc_id == pick.unit.chunk.doc_id]
    topical = _topical(pick, units)
    other = sum(
        w
        for slot, w in pick.weights
        if (slot, w) not in named and slot not in topical and any(t.weight_of(slot) >= 1.0 for t in mine)
    )
    if other > 0 and other >= beside * sum(w for _, w in named):
        return False
    labels = [m.group(0) for u in entries if (m := _LABEL.match(u.text.lstrip("-•* ")))]
    return not any(extractive.carries(label, slot) for label in labels for slot, _ in named)


def _topical(pick: Pick, units: Sequence[Unit]) -> frozenset[str]:
    """The question's words carried under TOPIC_HEADINGS or more headings of `pick`'s document."""
    mine = [u for u in units if u.chunk.doc_id == pick.unit.chunk.doc_id]
    found = set()
    for slot, _ in pick.weights:
        headings = {u.heading for u in mine if extractive.unit_text(u).weight_of(slot) >= 1.0}
        if len(headings) >= TOPIC_HEADINGS:
            found.add(slot)
    return frozenset(found)


def _beside_heading_list(found: list[Pick], listed: list[Pick]) -> list[Pick]:
    """The list under the heading asked about, and of the other picks only those that carry a word
    of the question the list (its heading or entries) does not: its neighbours in the ranking
    (another section's line repeating the asked word, a contact line) add nothing to it."""
    if not listed:
        return found
    heading = extractive.unit_text(listed[-1].unit)
    texts = [extractive.unit_text(p.unit) for p in listed]

    def said(slot: str) -> bool:
        return heading.in_heading(slot) or any(t.weight_of(slot) >= 1.0 for t in texts)

    return [*listed, *(p for p in found if p not in listed and any(not said(s) for s in p.matched))]


def _headed_by(pick: Pick, noun: str) -> bool:
    """A list entry whose section heading names what the question asks to have listed (in the
    heading's script, through the glossary: 除外 → "Exclusions")."""
    if not pick.unit.listed or not noun:
        return False
    slot = "|".join(filter(None, [noun, glossary.TERMS.get(noun, "")]))
    return extractive.unit_text(pick.unit).in_heading(slot)


_ENUMERATION = (
    re.compile(r"\bwhich ([a-z]{3,}?)s\b|\bwhat are the ([a-z]{3,}?)s\b"),
    re.compile(r"([\u4e00-\u9fff]{2})(?:有|是)?(?:哪些|哪几|边几|边啲|边间)"),
    re.compile(r"(?:哪些|哪几|边几间|边啲|边间)([\u4e00-\u9fff]{2})"),
)


def enumerated(question: str) -> str:
    """The thing a question asks to have listed ("hospital" in "which hospitals…?"), or ""."""
    folded = to_simplified(question.lower())
    latin, before, after = _ENUMERATION
    # "桥安有哪些除外责任": the noun after 哪些 is what is listed, the one before it is what has
    # them; "网络医院有哪些？" has only the one before. A word opening with a function word
    # ("哪些是…") is no noun.
    found = [latin.search(folded), after.search(folded), before.search(folded)]
    for match in filter(None, found):
        noun = next(g for g in match.groups() if g)
        if not noun.startswith(_function_words()):
            return noun
    return ""


@functools.cache
def _function_words() -> tuple[str, ...]:
    return tuple(to_simplified(w) for w in data_lines("function_words_zh.txt"))


def _with_figure(mine: list[Pick], kind: str) -> list[Pick]:
    """The best units with a figure (of the kind asked) about what the best unit is about, if close.

    A table row under a heading that names the subject ("Waiting periods": "Illness: 90 days") is
    about it too, though its own words never say so.
    """
    top = mine[0]
    weights = dict(top.weights)
    subject = sum(weights.get(t, 0.0) for t in top.matched)
    found: list[Pick] = []
    for pick in mine[1:]:
        if pick.score < PART_RATIO * top.score or len(found) == MAX_FIGURE_UNITS:
            break
        about = extractive.unit_text(pick.unit)
        shared = sum(weights.get(t, 0.0) for t in top.matched if about.weight_of(t) > 0)
        if has_figure(pick.unit.text, kind) and shared * 2 >= subject:
            found.append(pick)
            if pick.matched & top.matched:
                break  # its own words say it: the one row that answers
    return found


def _best_and_parts(mine: list[Pick], min_score: float, ranking: Ranking | None = None) -> list[Pick]:
    """The best unit, those close to it, and any that covers a part of the question it leaves open."""
    top = mine[0]
    picked = [top]
    covered = set(top.matched)
    total = sum(w for _, w in top.weights) or 1.0
    # The bar is for the best unit; the others are judged against it.
    rest = [p for p in mine[1:] if p.score >= max(min_score * PART_RATIO, PART_RATIO * top.score)]
    # First what answers the parts the best unit leaves open, then what comes close to it.
    for pick in rest:
        weights = dict(pick.weights)
        gain = sum(weights.get(t, 0.0) for t in pick.matched - covered) / total
        if gain >= MIN_GAIN and len(picked) < MAX_UNITS:
            picked.append(pick)
            covered |= pick.matched
    # A row of a table already quoted that carries none of the question's terms its quoted row
    # does not is another entry of the same lookup (the next age band, the next product category):
    # it comes after what says something else.
    deferred = []
    for pick in rest:
        if pick in picked or pick.score < KEEP_RATIO * top.score or len(picked) >= MAX_UNITS:
            continue
        # A contact line (hotline, e-mail, website) that adds no term of the question is padding:
        # it carries the plan's name and little else, and the reader did not ask how to reach anyone.
        if extractive.is_contact(pick.unit.text) and not pick.matched - covered:
            continue
        if _alternative(pick, picked):
            deferred.append(pick)
        else:
            picked.append(pick)
            covered |= pick.matched
    result = picked + deferred[: max(MAX_UNITS - len(picked), 0)]
    # A lookup whose terms pin a row ("10-year pay, start age 65, 20-year period") keeps the rows
    # that match all of them: a row of the same table matching only some of them is another entry.
    return [p for p in result if p is top or not (_outmatched(p, result) or _repeats_best(p, top, ranking))]


def _repeats_best(pick: Pick, top: Pick, ranking: Ranking | None) -> bool:
    """Whether `pick` is a table row carrying no question term the best unit does not, when that
    unit is a passage stating the figure asked: "Until what age can I renew?" is answered by
    "renewable up to age 100", and the premium rows "76–100 (renewal only)" merely share its words."""
    if ranking is None or not ranking.figure or pick.unit.kind != "row" or top.unit.kind == "row":
        return False
    return pick.matched <= top.matched and has_figure(top.unit.text, ranking.kind)


def _outmatched(pick: Pick, picked: list[Pick]) -> bool:
    """Whether `pick` is a table row that another picked row of its table outmatches: that row
    carries every question term `pick` does, and more."""
    unit = pick.unit
    return unit.kind == "row" and any(
        other.unit.kind == "row"
        and other.unit.chunk.chunk_id == unit.chunk.chunk_id
        and pick.matched < other.matched
        for other in picked
    )


def _alternative(pick: Pick, picked: list[Pick]) -> bool:
    """Whether `pick` is a row of the same table as a picked row, matching nothing more than it."""
    unit = pick.unit
    return unit.kind == "row" and any(
        other.unit.kind == "row"
        and other.unit.chunk.chunk_id == unit.chunk.chunk_id
        and pick.matched <= other.matched
        for other in picked
    )


def _with_lists(
    picked: list[Pick], mine: list[Pick], units: Sequence[Unit], *, figure: bool = False
) -> list[Pick]:
    """The picks with their lists: a lead-in's matching items, an item's lead-in, and, for a
    question asking a figure that an item of a list states, the list's other items that state
    one: a schedule ("paid as follows:" year 1–2 nil, year 3 50%, year 4 on 100%) answers in
    full, the reader's case being any of its lines."""
    by_order = {p.unit.order: p for p in mine}
    result = {p.unit.order: p for p in picked}
    for pick in picked:
        unit = pick.unit
        related = _matching_items(unit, units, by_order) if unit.is_lead else []
        if unit.lead is not None:
            related.append(units[unit.lead])
        if figure and unit.kind == "item" and has_figure(unit.text):
            related += [u for u in list_of(unit, units) if u.kind == "item" and has_figure(u.text)]
        for other in related:
            if other.order not in result and other.order in by_order:
                result[other.order] = by_order[other.order]
    return list(result.values())


def _matching_items(lead: Unit, units: Sequence[Unit], by_order: dict[int, Pick]) -> list[Unit]:
    """A lead-in's items that answer best (a table's matching row), or all of a list that none singles out."""
    items = [u for u in items_of(lead, units) if u.order in by_order]
    if not items:
        return []
    best = max(by_order[u.order].score for u in items)
    matched = [u for u in items if by_order[u.order].matched]
    if not matched:
        return items
    return [u for u in matched if by_order[u.order].score >= KEEP_RATIO * best]


def differing_units(units: Sequence[Unit], doc_ids: Sequence[str]) -> frozenset[int]:
    """Units whose text is in one of the documents but not the other (two editions' changes)."""
    if len(doc_ids) != 2:
        return frozenset()
    texts = {d: {u.text for u in units if u.chunk.doc_id == d} for d in doc_ids}
    first, second = (texts[d] for d in doc_ids)
    return frozenset(u.order for u in units if (u.text in first) != (u.text in second))
