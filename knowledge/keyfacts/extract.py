"""Key facts read from a plan document's blocks: each value quoted as the document states it.

The method: the document becomes units (sentences, and table rows with their header);
for each attribute, a synonym from the data file is looked up in every unit, and a value
of the attribute's type is taken from the same table row (under the right column) or
from the same sentence, right after the synonym (or just before it: "36 network
hospitals"). The most specific synonym wins, then the earliest unit. A value is only
ever a span of the unit's own text, so nothing can be invented; `verify` checks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from knowledge.keyfacts.counts import counts
from knowledge.keyfacts.spec import Attribute, Vocabulary, vocabulary
from knowledge.loaders import Block

WINDOW_AFTER = 60  # characters after a synonym in which its value may start
WINDOW_BEFORE = 12  # characters before a synonym in which a value may end
HIGH, MEDIUM = 0.9, 0.7
RIVAL_PENALTY = 0.15  # another value found by equally good evidence
CONCEPT_PENALTY = 0.1  # named by its term groups, not by a synonym
REVIEW_BELOW = 0.75  # staff are asked to check a fact shown with less confidence
ROW_SEPARATOR = "\n"  # between the rows a fact quotes (its cells are joined by " | ")
MAX_SCOPE = 160  # a qualifier longer than this is left to the cited passage
LOW_CONFIDENCE = 0.5  # below this a fact shows as "see the document" and is flagged to staff

_SENTENCE_END = re.compile(r"(?<=[。；;])|(?<=[.!?])\s+(?=[A-Z“\"(•])|\s+(?=•)")
_MIN_SENTENCE = 25  # a shorter fragment ("Deductible options.") belongs to the next sentence
_LEADER = re.compile(r"^[\s•\-*·\d.、)）(（一二三四五六七八九十]*")
# Only a list marker or an item number ("1. ", "（二）"), not the figures that may follow it.
_BULLET = re.compile(r"^\s*(?:[•\-*·]|\(?\d{1,2}[.)、](?!\d)|[（(][一二三四五六七八九十]{1,2}[)）])\s*")


@dataclass(frozen=True)
class Unit:
    """A citable piece of a document: a sentence or a table row."""

    index: int
    text: str
    section: str
    page: int | None = None
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    opens_section: bool = False  # the first unit under its heading
    breaks: tuple[int, ...] = ()  # where the source broke a line inside the text (a list's end)

    @property
    def is_row(self) -> bool:
        return bool(self.cells)


@dataclass(frozen=True)
class Fact:
    """One attribute's value with its citation. `spans` are substrings of `quote`."""

    attribute: str
    value: str
    quote: str
    section: str
    unit: int
    page: int | None
    confidence: float
    column: str = ""
    alternatives: tuple[str, ...] = field(default_factory=tuple)
    scope: str = ""  # the row, variant or clause the value applies to ("小微版", "Defence (optional)")
    currency: str = ""  # the currency a bare amount is in, from its column header ("HK$")

    @property
    def is_low(self) -> bool:
        return self.confidence < LOW_CONFIDENCE


def _t2s() -> object | None:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return None
    return opencc.OpenCC("t2s")


_CONVERTER = _t2s()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and Simplified script, same length as `text` so offsets carry over."""
    folded = text.lower()
    if _CONVERTER is not None:
        simplified = _CONVERTER.convert(folded)  # type: ignore[attr-defined]
        if len(simplified) == len(folded):
            folded = simplified
    return folded


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    merged: list[str] = []
    carry = ""
    for part in parts:
        part = f"{carry} {part}".strip() if carry else part
        carry = part if len(part) < _MIN_SENTENCE and part.endswith(".") else ""
        if not carry:
            merged.append(part)
    if carry:
        merged.append(carry)
    return merged


def units_from_blocks(blocks: Sequence[Block]) -> list[Unit]:
    """Sentences and table rows, in document order, each with the heading it sits under."""
    units: list[Unit] = []
    section = ""
    for block in blocks:
        if block.kind == "heading":
            section = block.text.strip()
            continue
        if block.kind == "table":
            header = tuple(block.header)
            for row in block.rows:
                cells = tuple(c.strip() for c in row)
                units.append(Unit(len(units), " | ".join(cells), section, block.page, cells, header))
            continue
        cursor = 0
        for sentence in _sentences(block.text):
            opens = bool(section) and (not units or units[-1].section != section)
            start = max(block.text.find(sentence, cursor), 0)
            cursor = start + len(sentence)
            breaks = tuple(b - start for b in block.breaks if start < b < cursor)
            units.append(Unit(len(units), sentence, section, block.page, opens_section=opens, breaks=breaks))
    return units


def _has_unit(span: str, vocab: Vocabulary) -> bool:
    folded = span.lower()
    return any(u.lower() in folded for u in vocab.money_units)


def _value_at(
    text: str, start: int, attribute: Attribute, vocab: Vocabulary, in_table: bool
) -> re.Match[str] | None:
    """The first acceptable value of the attribute's type starting at or after `start`."""
    pattern = vocab.value_patterns[attribute.type]
    for match in pattern.finditer(text, start):
        if attribute.type == "money" and not in_table and not _has_unit(match.group(), vocab):
            continue
        if attribute.type == "count" and counts(text, match.start(), match.end(), attribute) is False:
            continue  # a list item's number, or a count of another noun ("nine mainland GBA cities")
        return match
    return None


def _extend(text: str, match: re.Match[str], attribute: Attribute, vocab: Vocabulary, in_table: bool) -> str:
    """Grow a value over a list or range of values of the same type ("HK$0 or HK$20,000")."""
    end = match.end()
    pattern = vocab.value_patterns[attribute.type]
    while True:
        joint = vocab.connector_pattern.match(text, end)
        if joint is None:
            break
        following = pattern.match(text, joint.end())
        if following is None or (
            attribute.type == "money" and not in_table and not _has_unit(following.group(), vocab)
        ):
            break
        end = following.end()
    return text[_list_start(text, match.start(), vocab) : end].strip()


_BARE_BEFORE = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*$")


def _list_start(text: str, start: int, vocab: Vocabulary, pattern: re.Pattern[str] | None = None) -> int:
    """Where a list whose unit is stated once, at its end, begins ("5 or 10 years"); with the
    value type's `pattern`, also a list of whole values ("港幣0元、20,000元或50,000元")."""
    while True:
        head = text[:start]
        joint = next((m for m in vocab.connector_pattern.finditer(head) if m.end() == len(head)), None)
        if joint is None or not joint.group().strip():
            return start
        before = head[: joint.start()]
        whole = [m for m in pattern.finditer(before) if m.end() == len(before)] if pattern else []
        bare = _BARE_BEFORE.search(before)
        if whole:
            start = whole[0].start()
        elif bare is not None:
            start = bare.start()
        else:
            return start


def _near_value(
    text: str, at: int, length: int, attribute: Attribute, vocab: Vocabulary, in_table: bool
) -> tuple[str, int] | None:
    """The value nearest the synonym at `at`: right after it (tier 0) or right before it
    (tier 1, as in "36 network hospitals" or "15% co-insurance")."""
    end = at + length
    if attribute.type in vocab.flags:
        return (_flag_span(text, at, end, vocab), 0) if length else None
    if attribute.type in vocab.names:
        return _name_run(text, at, end, vocab.value_patterns[attribute.type], vocab)
    if attribute.allow_none:
        none = vocab.none_pattern.search(text, end, end + 12)
        if none is not None and not _value_at(text[: none.start()], end, attribute, vocab, in_table):
            return none.group(), 0
    after = _value_at(text, end, attribute, vocab, in_table)
    window = vocab.windows.get(attribute.type, WINDOW_AFTER)
    separator = vocab.separators.get(attribute.type)
    if (
        after is not None
        and separator is not None
        and length
        and not separator.fullmatch(text, end, after.start())
    ):
        after = None  # not this label's value
    if after is not None and separator is not None and length and after.start() == end:
        after = None  # a label runs straight into its value only in prose ("承保地域内…")
    after_gap = _gap(text[end : after.start()]) if after is not None else window + 1
    before = [
        m
        for m in vocab.value_patterns[attribute.type].finditer(text, max(0, at - WINDOW_BEFORE), at)
        if (at - m.end() <= 2 or vocab.before_label.fullmatch(text, m.end(), at))
        and (attribute.type != "money" or in_table or _has_unit(m.group(), vocab))
        # A count before its label counts it: "36 network hospitals", not the "3" of "3. 網絡醫院".
        and (attribute.type != "count" or bool(counts(text, m.start(), m.end(), attribute)))
    ]
    if attribute.type in vocab.after_only:
        before = []
    if before and at - before[-1].end() < after_gap:
        # A list before its label is taken whole: "選擇港幣0元、20,000元或50,000元的每年自負額".
        last = before[-1]
        first = _list_start(text, last.start(), vocab, vocab.value_patterns[attribute.type])
        return text[first : last.end()].strip(), 1
    if after is not None and after_gap <= window:
        return _extend(text, after, attribute, vocab, in_table), 0
    return None


# What may sit between a label and its value in a "Label: value" statement ("的平台：").
_LABEL_TAIL = re.compile(r"[^。.;；,，:：]{0,6}[:：]\s*")
_ASIDE = re.compile(r"[（(][^（()）]*[）)]")


def _gap(between: str) -> int:
    """How far a value is from its label, not counting an aside in brackets: "Specified surgery
    (cataract, hernia, knee or hip replacement): 12 months" states the value right after it."""
    return len(_ASIDE.sub("", between))


def _flag_span(text: str, at: int, end: int, vocab: Vocabulary) -> str:
    """The flag's phrase as written, with a denial just before it ("並非合資格延期年金保單")."""
    start = max(0, at - WINDOW_BEFORE)
    head = fold(text[start:at]).rstrip()  # fold keeps offsets; rstrip only trims the end
    denial = next((fold(d) for d in vocab.denials if head.endswith(fold(d))), "")
    begin = start + head.rfind(denial) if denial else at
    return text[begin:end].strip()


def _name_run(
    text: str, at: int, end: int, pattern: re.Pattern[str], vocab: Vocabulary
) -> tuple[str, int] | None:
    """The run of names (joined by connectors) nearest the label, before or after it."""
    best: tuple[int, int, int] | None = None
    position = 0
    while (match := pattern.search(text, position)) is not None:
        stop = match.end()
        while (joint := vocab.connector_pattern.match(text, stop)) and (
            following := pattern.match(text, joint.end())
        ):
            stop = following.end()
        distance = match.start() - end if match.start() >= end else max(0, at - stop)
        if best is None or distance < best[0]:
            best = (distance, match.start(), stop)
        position = stop
    if best is None or best[0] > WINDOW_AFTER:
        return None
    return text[best[1] : best[2]], 0 if best[1] >= end else 1


def _find_word(text: str, phrase: str) -> int:
    """Where `phrase` starts in `text`, not inside a longer word ("non-network hospitals")."""
    at = text.find(phrase)
    while (
        at > 0
        and phrase[:1].isascii()
        and phrase[:1].isalnum()
        and (text[at - 1].isalnum() or text[at - 1] == "-")
    ):
        at = text.find(phrase, at + 1)
    return at


def _find_loose(text: str, phrase: str) -> int:
    """Like _find_word; in a table's row label a Chinese phrase may also have a few characters
    inserted in it ("被诉侵权抗辩" names "被诉抗辩")."""
    at = _find_word(text, phrase)
    if at >= 0 or len(phrase) < 4 or phrase.isascii():
        return at
    for split in range(2, len(phrase) - 1):
        pattern = re.escape(phrase[:split]) + r"[^\s|]{1,3}" + re.escape(phrase[split:])
        if (match := re.search(pattern, text)) is not None:
            return match.start()
    return -1


def _column_for(unit: Unit, attribute: Attribute) -> int | None:
    if not attribute.value_column:
        return None
    for i, name in enumerate(unit.header):
        if i and any(fold(word) in fold(name) for word in attribute.value_column):
            return i
    return None


_ENUMERATOR = re.compile(
    r"^\(?(?:\d{1,3}|[a-z]|[ivx]{1,4}|[一二三四五六七八九十]{1,2})[.)）、]?$", re.IGNORECASE
)


def _label_index(cells: tuple[str, ...]) -> int:
    """The cell naming the row: the first, unless it only numbers the row ("1", "(a)")."""
    return 1 if len(cells) > 2 and _ENUMERATOR.match(cells[0].strip()) else 0


def _row_candidate(
    unit: Unit, attribute: Attribute, vocab: Vocabulary, rank: int
) -> tuple[tuple[int, int, int], Fact] | None:
    column = _column_for(unit, attribute)
    if attribute.value_column and column is None:
        return None  # the table has no column for this attribute
    first = _label_index(unit.cells) + 1
    cells = [column] if column is not None else range(first, len(unit.cells))
    for i in cells:
        if i >= len(unit.cells):
            continue
        cell = unit.cells[i]
        found = _near_value(cell, 0, 0, attribute, vocab, in_table=True)
        if found is None:
            continue
        # The column is worth showing when it names a plan level, or holds the unit of a bare number.
        several = len(unit.header) > 2
        bare = (
            attribute.type == "money"
            and not _has_unit(found[0], vocab)
            and not vocab.none_pattern.fullmatch(found[0])
        )
        header = unit.header[i] if i < len(unit.header) else ""
        # A bare amount's column usually only names its currency: that is shown, not the header
        # (or, failing that, the table's other headers or its section: "保障表（港元）").
        money = next(
            (
                c
                for t in (header, " ".join(unit.header), unit.section)
                if bare and (c := currency_of(t, vocab))
            ),
            "",
        )
        shown = header if several or (bare and not money) else ""
        fact = _fact(attribute, found[0], unit, HIGH, shown)
        return (rank, 0, unit.index), replace(fact, currency=money)
    return None


def currency_of(text: str, vocab: Vocabulary | None = None) -> str:
    """The currency `text` names, as the data file writes it ("HK$", "RMB", "US$"); "" if none.

    A bare "元" names no currency: it is the unit of yuan, dollars and patacas alike.
    """
    vocab = vocab or vocabulary()
    folded = fold(text)
    found = [
        (at, code)
        for code, words in vocab.currencies.items()
        for word in words
        if (at := folded.find(fold(word))) >= 0
    ]
    return min(found)[1] if found else ""


def _fact(attribute: Attribute, value: str, unit: Unit, confidence: float, column: str = "") -> Fact:
    return Fact(attribute.key, value, unit.text, unit.section, unit.index, unit.page, confidence, column)


Candidate = tuple[tuple[int, int, int], Fact]


def _concept_hits(
    folded: str,
    section: str,
    concepts: tuple[tuple[str, ...], ...],
    opens_section: bool = False,
    row: bool = False,
) -> list[tuple[int, int]]:
    """Where the text names every term group of the attribute (a group may be named by the
    section heading instead: "Illness: 30 days" under "Waiting periods"); [] if it does not.
    A table row's label must name the first, distinctive group itself: under "Limits, deductibles
    and waiting periods" the row "Deductible per claim" is not a limit per claim."""
    hits: list[tuple[int, int]] = []
    for i, group in enumerate(concepts):
        in_text = [(at, len(t)) for t in map(fold, group) if (at := _find_word(folded, t)) >= 0]
        from_section = not (row and i == 0) and any(_find_word(section, fold(t)) >= 0 for t in group)
        if not in_text and not from_section:
            return []
        # The first group is the distinctive term ("minimum" in minimum premium): its value
        # follows it, so its hits are tried first.
        hits.extend(sorted(in_text))
    # Under a heading that names the attribute ("四、承保地域"), its first sentence states it.
    return hits or ([(0, 0)] if opens_section else [])


def _mentions(
    folded: str,
    section: str,
    attribute: Attribute,
    synonyms: list[str],
    loose: bool = False,
    opens_section: bool = False,
    row: bool = False,
) -> list[tuple[int, int, int]]:
    """(rank, position, length) of each way the text names the attribute, most specific first:
    its synonyms in order, then its concept (all term groups present)."""
    find = _find_loose if loose else _find_word
    found = [(rank, at, len(s)) for rank, s in enumerate(synonyms) if (at := find(folded, s)) >= 0]
    if attribute.concepts:
        hits = _concept_hits(folded, section, attribute.concepts, opens_section, row)
        found += [(len(synonyms), at, n) for at, n in hits]
    return found


def _text_candidate(
    unit: Unit, piece: str, attribute: Attribute, vocab: Vocabulary, synonyms: list[str]
) -> Candidate | None:
    folded = fold(piece)
    opens = unit.opens_section and attribute.type in vocab.after_only
    for rank, at, length in _mentions(folded, fold(unit.section), attribute, synonyms, opens_section=opens):
        near = _near_value(piece, at, length, attribute, vocab, in_table=False)
        if near is None:
            continue
        structured = (
            bool(unit.cells)
            or _LEADER.sub("", folded).startswith(folded[at : at + length])
            or _LABEL_TAIL.fullmatch(piece, at + length, max(at + length, piece.find(near[0], at + length)))
            is not None
        )
        confidence = (HIGH if structured else MEDIUM) - (CONCEPT_PENALTY if rank == len(synonyms) else 0)
        return (rank, 0 if structured else 1, unit.index), _fact(attribute, near[0], unit, confidence)
    return None


def _range_candidate(unit: Unit, attribute: Attribute, vocab: Vocabulary, rank: int) -> Candidate | None:
    """ "Single premium from HK$100,000 to HK$8,000,000": a range stated for the attribute's noun
    (its last term group) gives its minimum (low end) or maximum (high end)."""
    folded = fold(unit.text)
    pattern = vocab.value_patterns[attribute.type]
    for noun in map(fold, attribute.concepts[-1]):
        at = _find_word(folded, noun)
        if at < 0:
            continue
        low = _value_at(unit.text, at + len(noun), attribute, vocab, in_table=unit.is_row)
        if low is None or _gap(unit.text[at + len(noun) : low.start()]) > WINDOW_AFTER:
            continue
        joint = vocab.range_joint.match(unit.text, low.end())
        high = pattern.match(unit.text, joint.end()) if joint else None
        if high is None or (attribute.type == "money" and not _has_unit(high.group(), vocab)):
            continue
        end = low if attribute.range_end == "low" else high
        return (rank, 1, unit.index), _fact(attribute, end.group().strip(), unit, MEDIUM - CONCEPT_PENALTY)
    return None


def _candidates(units: Iterable[Unit], attribute: Attribute, vocab: Vocabulary) -> list[Candidate]:
    found: list[Candidate] = []
    text_synonyms = [fold(s) for s in attribute.synonyms]
    row_synonyms = text_synonyms + [fold(s) for s in attribute.row_synonyms]
    for unit in units:
        if unit.is_row:
            label = fold(unit.cells[_label_index(unit.cells)])
            mentions = _mentions(label, fold(unit.section), attribute, row_synonyms, loose=True, row=True)
            row = _row_candidate(unit, attribute, vocab, mentions[0][0]) if mentions else None
            if row is not None:
                found.append(row)
                continue
        # Prose, or a row whose label did not name the attribute: the synonym may sit in any cell.
        for piece in unit.cells or (unit.text,):
            candidate = _text_candidate(unit, piece, attribute, vocab, text_synonyms)
            if candidate is not None:
                found.append(candidate)
                break
        else:
            if attribute.range_end and attribute.concepts and not unit.is_row:
                ranged = _range_candidate(unit, attribute, vocab, len(text_synonyms) + 1)
                found.extend([ranged] if ranged else [])
    return found


def extract_attribute(
    units: Sequence[Unit], attribute: Attribute, vocab: Vocabulary | None = None
) -> Fact | None:
    """The best-supported value of `attribute`, or None when the document does not state it.

    Two different values found by equally specific synonyms lower the confidence: the
    page then shows "see the document" and staff are asked to check.
    """
    vocab = vocab or vocabulary()
    if attribute.type in vocab.kinds:
        from knowledge.keyfacts.kinds import kinds_fact  # it reads this module's units and facts

        return kinds_fact(units, attribute, vocab)
    if attribute.type in vocab.readers:
        from knowledge.keyfacts.tables import table_fact  # it reads this module's units and facts

        return table_fact(units, attribute, vocab)
    candidates = sorted(_candidates(units, attribute, vocab), key=lambda c: c[0])
    if not candidates:
        return None
    level, best = candidates[0][0][:2], candidates[0][1]
    rivals = {f.value for key, f in candidates if key[:2] == level}
    same = value_key(best.value, attribute.type, vocab)
    rivals = {v for v in rivals if not _agrees(value_key(v, attribute.type, vocab), same)}
    if rivals:
        # Equally good evidence for another value: shown only if the evidence is structured.
        confidence = round(best.confidence - RIVAL_PENALTY, 2)
        best = Fact(**{**best.__dict__, "confidence": confidence, "alternatives": tuple(sorted(rivals))})
    return best


def _agrees(other: tuple[float, ...] | str, best: tuple[float, ...] | str) -> bool:
    """A value agrees with the best one when it denotes the same, or one of its options: "a
    HK$10,000 deductible" does not contradict "HK$0, HK$10,000 or HK$25,000"."""
    if other == best:
        return True
    return isinstance(other, tuple) and isinstance(best, tuple) and bool(other) and set(other) <= set(best)


def extract_facts(
    blocks: Sequence[Block], line: str, vocab: Vocabulary | None = None
) -> dict[str, Fact | None]:
    """Every attribute of `line` from a document's blocks; None marks an attribute not stated."""
    vocab = vocab or vocabulary()
    units = units_from_blocks(blocks)
    variants = document_variants(units)
    facts = {a.key: extract_attribute(units, a, vocab) for a in vocab.for_line(line)}
    attributes = {a.key: a for a in vocab.for_line(line)}
    scoped = {
        key: replace(fact, scope=scope_of(fact, units, attributes[key], variants, vocab)) if fact else None
        for key, fact in facts.items()
    }
    from knowledge.keyfacts.hospitals import counts_direct_settlement, direct_settlement_count

    for attribute in filter(counts_direct_settlement, attributes.values()):  # a network table's count wins
        scoped[attribute.key] = direct_settlement_count(units, attribute) or scoped[attribute.key]
    return scoped


def _shape(cell: str) -> str:
    """What kind of figure a cell holds, to tell a table of plan versions from a schedule."""
    return "%" if "%" in cell else "number" if re.search(r"\d", cell) else "text"


_ASIDE_END = re.compile(r"\s*[（(][^（()）]*[）)]\s*$")


def document_variants(units: Sequence[Unit]) -> tuple[str, ...]:
    """The versions of the plan a document sets side by side: the value columns of a table
    whose rows state one kind of figure across them ("保障项目 | 标准版 | 小微版", "Benefit |
    Standard | Plus"). Columns holding different kinds (limit | deductible | %) are not versions,
    nor are headers with figures in them (a rate table's "Standard, HK$0 deductible")."""
    found: list[str] = []
    for header, rows in _tables_of(units):
        names = header[1:]
        if len(names) < 2 or any(re.search(r"\d", n) for n in names):
            continue
        alike = sum(len({_shape(c) for c in row.cells[1:]}) == 1 for row in rows)
        if len(rows) >= 2 and alike * 2 > len(rows):
            found.extend(n for n in names if n not in found)
    return tuple(found)


def _tables_of(units: Sequence[Unit]) -> list[tuple[tuple[str, ...], list[Unit]]]:
    tables: list[tuple[tuple[str, ...], list[Unit]]] = []
    for unit in units:
        if not unit.is_row:
            continue
        if tables and tables[-1][0] == unit.header and tables[-1][1][-1].index == unit.index - 1:
            tables[-1][1].append(unit)
        else:
            tables.append((unit.header, [unit]))
    return tables


def scope_of(
    fact: Fact, units: Sequence[Unit], attribute: Attribute, variants: tuple[str, ...], vocab: Vocabulary
) -> str:
    """What a value applies to, when less than the whole plan: its table row's label (unless the
    label only names the attribute), the one plan version its sentence names, or the rest of its
    clause when the document goes on to state another value for another case."""
    if fact.unit >= len(units) or attribute.type in {
        *vocab.kinds,
        *vocab.flags,
        *vocab.names,
        *vocab.readers,
    }:
        return ""
    unit = units[fact.unit]
    if unit.is_row:
        label = _BULLET.sub("", unit.cells[_label_index(unit.cells)]).strip()
        names = {fold(s) for s in (*attribute.synonyms, *attribute.labels.values())}
        own = fold(_ASIDE_END.sub("", label)) in names or fold(label) in names
        # When the column names the attribute ("Limit per claim"), the row names a section.
        by_column = bool(fact.column) and (
            any(fold(s) in fold(fact.column) for s in attribute.synonyms)
            or bool(attribute.concepts and _concept_hits(fold(fact.column), "", attribute.concepts))
        )
        return "" if (own and not by_column) or not label or fact.value in label else label
    named = [v for v in variants if fold(_ASIDE_END.sub("", v)) in fold(unit.text)]
    if len(named) == 1:
        return named[0]
    return _clause_scope(fact, unit, units, attribute, vocab)


_CLAUSE_END = re.compile(r"[。；;，,]")


def _clause_scope(
    fact: Fact, unit: Unit, units: Sequence[Unit], attribute: Attribute, vocab: Vocabulary
) -> str:
    """ "18 to 60 for the 5-year premium term; 18 to 55 for the 10-year premium term": the value's
    own qualifier and the next statement of another value, when the next sentence makes one."""
    at = unit.text.find(fact.value)
    if at < 0 or unit.index + 1 >= len(units) or attribute.type in vocab.after_only:
        return ""
    tail = unit.text[at + len(fact.value) :]
    tail = _CLAUSE_END.split(tail, maxsplit=1)[0].strip(" .。")
    following = units[unit.index + 1]
    pattern = vocab.value_patterns[attribute.type]
    if following.is_row or following.section != unit.section or not tail:
        return ""
    if pattern.match(_BULLET.sub("", following.text)) is None:
        return ""
    return f"{tail}; {following.text.strip(' .。')}"[:MAX_SCOPE]


def _number(token: str, vocab: Vocabulary) -> float | None:
    word = token.lower()
    if word in vocab.number_words:
        return float(vocab.number_words[word])
    try:
        return float(token.replace(",", ""))
    except ValueError:
        return None


_NUMBER_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[A-Za-z]+|[萬万億亿]")


def value_key(value: str, type_: str, vocab: Vocabulary | None = None) -> tuple[float, ...] | str:
    """What a value denotes, for comparing two statements of it: its numbers (with their
    magnitudes: 300万 = 3,000,000), or "none" for a stated absence of limit."""
    vocab = vocab or vocabulary()
    if vocab.none_pattern.fullmatch(value.strip()):
        return "none"
    if type_ in vocab.kinds:  # the same covers, however named
        from knowledge.keyfacts.kinds import kinds_key

        return kinds_key(value, type_, vocab)
    if vocab.readers.get(type_, {}).get("reader") == "grades":  # the same grades and markets
        from knowledge.keyfacts.tables import grades_key

        return grades_key(value)
    if type_ in vocab.flags:  # stated or denied
        said = value.strip().lower()
        denied = said == "no" or any(fold(value).lstrip().startswith(fold(d)) for d in vocab.denials)
        return "no" if denied else "yes"
    if type_ in vocab.names:  # the same set of names, however listed
        pattern = vocab.value_patterns[type_]
        found = {vocab.name_aliases.get(n.lower(), n).lower() for n in pattern.findall(value)}
        return "|".join(sorted(found))
    if type_ in vocab.after_only:  # names, not numbers: compared as folded words
        return re.sub(r"\bthe\b|[\W_]+", "", fold(value))
    numbers: list[float] = []
    for token in _NUMBER_TOKEN.findall(value):
        scale = vocab.magnitudes.get(token.lower())
        if scale and numbers:
            numbers[-1] *= scale
            continue
        number = _number(token, vocab)
        if number is not None:
            numbers.append(number)
    return tuple(numbers)


def verify(fact: Fact, document_text: str) -> bool:
    """True when the value is a span of its quote (each part of a list of covers joined by " · ",
    or a count of the rows it quotes: "8" direct-settlement hospitals, each row quoted)
    and the quote is in the document (whitespace-folded)."""
    squash = re.compile(r"\s+")
    quote, text = (squash.sub("", s) for s in (fact.quote, document_text))
    parts = [squash.sub("", part) for part in fact.value.split(" · ")]
    cells = [cell for row in fact.quote.split(ROW_SEPARATOR) for cell in row.split(" | ")]
    return (counts_rows(fact.value, fact.quote) or all(part in quote for part in parts)) and all(
        squash.sub("", cell) in text for cell in cells
    )


def counts_rows(value: str, quote: str) -> bool:
    """The value is a count of the rows its quote holds: "8" direct-settlement hospitals, each
    hospital's row quoted."""
    rows = quote.split(ROW_SEPARATOR)
    return len(rows) > 1 and value == str(len(rows))
