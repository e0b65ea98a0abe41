"""Comparison and premium answers from the records the compare page shows.

"Compare BridgeCare and FamilyCare on waiting periods", "which plans have the lower deductible"
and "premium for a 35-year-old on BridgeCare" are answered from the products' key-fact
records (portal.comparison, knowledge.keyfacts) and published premium tables
(knowledge.keyfacts.premiums): the chat and the compare page read the same values, cited the
same way. Which attributes a question asks about comes from the key-fact vocabulary
(knowledge/data/keyfacts.yaml: each attribute's term groups), not from words listed here.

"Compare A and B" naming no attribute is answered with an overview: the key attributes of the
plans' line (chat/data/compare_overview.yaml) side by side. A record whose passage does not name
its attribute or holds no value of its kind (a neighbouring row's percentage, another attribute's
sum) is not shown: the cell holds the value of the passage the answer model (chat.scoring, as
one-plan answers use it) ranks first for the attribute among those that name it and hold one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.utils import translation
from django.utils.translation import gettext, ngettext

from chat import extractive, glossary, messages, network, scoring
from chat.enquiry import ages_in
from chat.extractive import Pick
from chat.selection import clauses
from chat.tables import Cell, Row, Table, columns_asked
from chat.units import Unit
from knowledge.keyfacts.counts import counts, heads
from knowledge.keyfacts.extract import counts_rows, fold
from knowledge.keyfacts.premiums import Estimate, RateTable, Refusal, estimate
from knowledge.keyfacts.records import (
    ShownFact,
    current_document,
    document_rate_tables,
    editions_asked,
    keyfacts_for,
)
from knowledge.keyfacts.spec import DATA_DIR, Attribute, vocabulary
from knowledge.models import PlanDocument
from knowledge.retrieval import RetrievedChunk, retrieve
from knowledge.text import years_named
from portal.comparison import MAX_PLANS, comparison_build
from portal.models import Product

if TYPE_CHECKING:
    from chat.answering import Answer, Draft

CHAT_DATA = Path(__file__).resolve().parent / "data"
# A list item's bullet, never shown in a cell.
_BULLET = re.compile(r"^[-•*·▪●◦○■□►▶]\s*")
# A Latin term matches at a word start ("waiting" in "waiting periods", "renew" in "renewal").
_LATIN = re.compile(r"^[a-z]")


@dataclass(frozen=True)
class Cited:
    """Citations collected while tables are built; a cell refers to one by its number."""

    citations: list[dict[str, Any]]

    def add(self, citation: dict[str, Any]) -> int:
        self.citations.append(citation)
        return len(self.citations)


def _names(folded: str, term: str) -> bool:
    term = fold(term)
    if _LATIN.match(term):
        return re.search(rf"(?<![a-z]){re.escape(term)}", folded) is not None
    return term in folded


def _matched(folded: str, attribute: Attribute) -> tuple[float, frozenset[str]]:
    """The share of the attribute's term groups the question names (its synonyms when it has
    none), and the terms it names them by."""
    if attribute.concepts:
        terms = [[t for t in group if _names(folded, t)] for group in attribute.concepts]
        return sum(map(bool, terms)) / len(terms), frozenset(fold(t) for found in terms for t in found)
    named = frozenset(fold(s) for s in attribute.synonyms if _names(folded, s))
    return (1.0 if named else 0.0), named


@cache
def _shared_terms() -> frozenset[str]:
    """Terms of more than one attribute's concepts ("limit", "上限"): alone, they name none of them."""
    seen: dict[str, int] = {}
    for attributes in vocabulary().attributes.values():
        for attribute in attributes:
            for term in {fold(t) for group in attribute.concepts for t in group}:
                seen[term] = seen.get(term, 0) + 1
    return frozenset(term for term, count in seen.items() if count > 1)


def attributes_asked(question: str, line: str, *, as_row: bool = False) -> list[Attribute]:
    """The line's attributes the question names, best named first; one named only by terms a
    better-named one has is not asked ("annual limit" asks the annual limit, not the lifetime
    one). "Waiting periods" names both waiting periods, equally. A term many attributes share
    ("limit") names the line's attributes it is in when they are several, but not the one: "每件退貨
    包裹上限" asks about a limit of parcels, not the line's only limit, the liability limit."""
    folded = fold(question)
    matched = [(a, *_matched(folded, a)) for a in vocabulary().for_line(line)]
    if as_row:
        # Named in part only by its own subject's words, never by the kind of fact it is ("手術"
        # of the specified-surgery waiting period, "cancer" of the cancer waiting period), an
        # attribute is no row of the answer: "手術費每次賠幾多" asks the surgeon's fee, "cancer
        # cover" the cancer benefit. (It still tells what a part of the question is about.)
        matched = [(a, s, t) for a, s, t in matched if s == 1.0 or t & _shared_terms()]
    generic = [a for a, score, terms in matched if score and score < 1.0 and terms <= _shared_terms()]
    scored = [(a, score, terms) for a, score, terms in matched if len(generic) > 1 or a not in generic]
    asked: list[Attribute] = []
    covered: frozenset[str] = frozenset()
    for score in sorted({s for _, s, _ in scored if s > 0}, reverse=True):
        level = [(a, terms) for a, s, terms in scored if s == score and not terms <= covered]
        asked += [a for a, _ in level]
        covered = covered.union(*(terms for _, terms in level))
    return asked


def fully_named(question: str, attributes: Sequence[Attribute]) -> bool:
    """Every attribute is named by all its term groups: the records answer the question whole.
    "Reimburse at non-network hospitals" names the co-insurance only in part (the share you
    bear is its complement): the documents' own words are shown beside the records then."""
    folded = fold(question)
    return all(_matched(folded, a)[0] == 1.0 for a in attributes)


@cache
def _premium_words() -> tuple[str, ...]:
    raw = yaml.safe_load((DATA_DIR / "keyfacts.yaml").read_text(encoding="utf-8"))["rate_tables"]
    return tuple(fold(w) for w in raw["section_words"])


def asks_premium(question: str) -> bool:
    folded = fold(question)
    return any(_names(folded, w) for w in _premium_words())


# ---- citations and names ---------------------------------------------------------------------


def _citation(
    product: Product, doc_id: str, quote: str, section: str = "", page: int | None = None
) -> dict[str, Any]:
    """The citation an answer gives for `quote` in the document: the same shape as a retrieved unit's."""
    document = next((d for d in product.documents.all() if d.doc_id == doc_id), None)
    chunk = RetrievedChunk(
        chunk_id=f"{doc_id}:keyfact:0",
        text=quote,
        doc_id=doc_id,
        title=document.title if document else product.name_en,
        insurer=str(product.insurer),
        product=product.slug,
        product_line=product.product_line,
        language=(document.language if document else "") or "en",
        section=section,
        page=page,
        effective_date=str(document.effective_date or "") if document else "",
        is_current=True,
        score=1.0,
    )
    citation = chunk.citation(quote=quote)
    return citation


def product_name(slug: str, language: str) -> str:
    """The product's name in `language` (the catalogue's), or "" when the catalogue has no such product."""
    product = Product.objects.filter(slug=slug).first() if slug else None
    return _plan_name(product, language) if product else ""


def _plan_name(product: Product, language: str) -> str:
    with translation.override(language.lower()):
        return product.name


def _language_notes(languages: Sequence[str], reader: str) -> tuple[str, ...]:
    """A note for each document language other than the reader's (a script conversion has its own)."""
    foreign = [lang for lang in dict.fromkeys(languages) if messages.other_language(lang, reader)]
    return tuple(messages.quoted_language(reader, lang) for lang in foreign)


# ---- key facts side by side ------------------------------------------------------------------


def comparison_products(draft: Draft) -> list[Product]:
    """The plans a comparison or "which plans…" question is about, all of one product line.

    A comparison: the plans it names (with the documents retrieved for it when it names fewer
    than two). "Which plans…": every plan of the line asked about.
    """
    understood = draft.understanding
    if understood is None:
        return []
    retrieved = [next(c.product for c in draft.chunks if c.doc_id == d) for d in draft.doc_ids]
    chosen = Product.objects.select_related("insurer").prefetch_related("documents", "key_facts")
    if understood.which_plans:
        lines = understood.product_lines or [c.product_line for c in draft.chunks[:1]]
        if not lines:
            return []
        return [p for p in chosen.filter(product_line=lines[0]) if current_document(p) is not None]
    named = list(dict.fromkeys(understood.named_products))
    line = (understood.product_lines or [understood.asked_line])[0]
    line_of = {c.product: c.product_line for c in draft.chunks}
    if len(named) >= 2 or understood.compares_unheld:
        # (Beside names the portal has no documents for, the held plans named are all compared.)
        slugs = named
    elif not named and line:
        # "Compare the medical plans": the line's plans, those retrieved first; never another line's.
        held = [p.slug for p in chosen.filter(product_line=line) if current_document(p) is not None]
        slugs = list(dict.fromkeys([*(s for s in retrieved if line_of.get(s) == line), *held]))
    else:
        # Fewer than two named ("compare it with BridgeCare"): the documents retrieved of the named
        # plan's line make up the pair.
        of_line = [s for s in retrieved if not line or line_of.get(s) == line]
        slugs = list(dict.fromkeys([*named, *of_line]))[:2]
    found = {p.slug: p for p in chosen.filter(slug__in=slugs)}
    products = [found[s] for s in slugs if s in found][:MAX_PLANS]
    fewest = 1 if understood.compares_unheld else 2
    if len(products) < fewest or len({p.product_line for p in products}) > 1:
        return []
    return products


@cache
def _not_covered_phrases() -> tuple[str, ...]:
    raw = yaml.safe_load((CHAT_DATA / "not_covered.yaml").read_text(encoding="utf-8"))
    return tuple(fold(p) for p in raw["phrases"])


def says_not_covered(text: str) -> bool:
    folded = fold(text)
    return any(_names(folded, p) for p in _not_covered_phrases())


@dataclass(frozen=True)
class NotCovered:
    """A passage of a plan's document saying it does not cover what an attribute is about: the
    unit quoted, and the words that say so when they are its heading or list lead-in."""

    unit: Unit
    said_by: str = ""

    @property
    def quote(self) -> str:
        """The unit's words, without the list's bullet."""
        return _BULLET.sub("", self.unit.text.strip())

    @property
    def text(self) -> str:
        said = self.said_by.strip().rstrip(":：").strip()
        return f"{said}: {self.quote}" if said else self.quote


def not_covered(product: Product, attribute: Attribute) -> NotCovered | None:
    """The first passage of the plan's current document that names the attribute by a term of its
    own (not one every waiting period shares) and says, itself or by its heading or lead-in ("We
    do not pay for:"), that it is not covered; None when no passage does."""
    document = current_document(product)
    if document is None:
        return None
    return _not_covered_in(product.slug, document.doc_id, document.checksum, attribute.line, attribute.key)


@lru_cache(maxsize=1024)
def _not_covered_in(slug: str, doc_id: str, checksum: str, line: str, key: str) -> NotCovered | None:
    """`not_covered` for one edition (the checksum is part of the key only: a new one is read again)."""
    from chat.units import document_units
    from knowledge.retrieval import retrieve

    attribute = next(a for a in vocabulary().for_line(line) if a.key == key)
    found = [c for c in retrieve(attribute.key, k=1, product=slug, current_only=True) if c.doc_id == doc_id]
    units = document_units(found[0]) if found else ()
    for unit in units:
        score, terms = _matched(fold(unit.text), attribute)
        if not score or terms <= _shared_terms():
            continue
        if says_not_covered(unit.text):
            return NotCovered(unit)
        lead = units[unit.lead].text if unit.lead is not None and unit.lead < len(units) else ""
        if not _heads_item(unit.text, attribute):
            continue  # an example inside another exclusion ("既往症，包括惡性腫瘤"), not the item
        for context in (lead, unit.heading):
            if context and says_not_covered(context):
                return NotCovered(unit, context)
    return None


# Where a list item's subject ends: its first clause, before an aside or a clause break.
_ITEM_HEAD_END = re.compile(r"[，；;。（(]")


def _heads_item(text: str, attribute: Attribute) -> bool:
    """The item is about the attribute's subject: its first clause names it by a term of its own
    ("4. 懷孕、分娩及不育治療", not "1. 已有病症，包括惡性腫瘤")."""
    head = _ITEM_HEAD_END.split(_BULLET.sub("", text.strip()), maxsplit=1)[0]
    score, terms = _matched(fold(head), attribute)
    return bool(score) and not terms <= _shared_terms()


def _fact_cell(
    fact: ShownFact, product: Product, language: str, cited: Cited, attribute: Attribute | None = None
) -> Cell:
    from chat.answering import in_script

    record = fact.record
    if record is None or not record.doc_id:
        return Cell(gettext("no document yet"))
    document = next((d for d in product.documents.all() if d.doc_id == record.doc_id), None)
    written_in = (document.language if document else "") or "en"
    fits = bool(fact.value) and (attribute is None or _record_fits(fact, attribute))
    found = evidence(product, attribute) if attribute is not None and not fits else None
    if found is not None:
        # The record states none, or a passage not naming the attribute or holding no value of its
        # kind (a neighbouring row, another attribute's figure): the passage the answer model finds
        # for the attribute states it.
        cite = cited.add(extractive.citation(found.pick))
        return _quoted(found.value, found.pick.unit.chunk.language, language, cite)
    if not fits:
        # The plan states no value; when its document says it does not cover the attribute's
        # subject, that passage is the answer. Otherwise no passage states it: a citation would open
        # the document at no passage.
        excluded = not_covered(product, attribute) if attribute is not None else None
        if excluded is None:
            return Cell(gettext("Not stated"))
        chunk = excluded.unit.chunk
        cite = cited.add(_citation(product, chunk.doc_id, excluded.quote, chunk.section, chunk.page))
        return _quoted(excluded.text, written_in, language, cite)
    number = (
        cited.add(_citation(product, record.doc_id, record.quote, record.section, record.page))
        if record.quote
        else None
    )
    # As the compare page shows it: the value, and the table column it was read from (its label
    # in the reader's language when the glossary holds it).
    column = record.column and (glossary.label_for(record.column, written_in, language) or record.column)
    value = f"{fact.value} ({column})" if column else fact.value
    shown, converted = in_script(value, written_in, language)
    return Cell(shown, number, language if converted else written_in)


# ---- a cell's passage, as the answer model finds it ------------------------------------------

# The answer type (chat.scoring's) a value type asks for. The other types (a flag, names, the
# covers, market grades, a payout table) are read whole by the key-fact readers: their records stand.
_ASKS = {
    "money": "money",
    "percent": "percentage",
    "duration": "duration",
    "age_range": "other",
    "age": "other",
    "count": "count",
}
# What may join one value to the next in a list or range ("HK$0 or HK$20,000", "40歲至70歲").
_JOINED = re.compile(r"\s*(?:or|to|and|或|至|及|和|、|,|，|/|–|-)\s*")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A bare sum: thousands written with separators ("1,200,000"), a currency given by its column.
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# How far after the words naming an attribute its value is read first (characters).
NEAR = 12


@dataclass(frozen=True)
class Evidence:
    """The passage stating an attribute for a plan, and the value it states."""

    pick: Pick
    value: str


def evidence(product: Product, attribute: Attribute) -> Evidence | None:
    """The passage of the plan's current document that states the attribute: the likeliest, by the
    answer model the one-plan answers use, of the units that name the attribute (with their heading
    or lead-in) and hold a value of its kind — a period for a waiting period, a percentage for an
    indemnity. None when no unit does, or the attribute's type is read whole from tables."""
    document = current_document(product)
    if document is None or attribute.type not in _ASKS:
        return None
    return _evidence_in(product.slug, document.doc_id, document.checksum, attribute.line, attribute.key)


@lru_cache(maxsize=2048)
def _evidence_in(slug: str, doc_id: str, checksum: str, line: str, key: str) -> Evidence | None:
    """`evidence` for one edition (the checksum is part of the key only: a new one is read again)."""
    attribute = _attribute(line, key)
    units = _document_units(slug, doc_id, checksum)
    if attribute is None or not units:
        return None
    chunk = units[0].chunk
    # Asked in the document's own language: the attribute's label is the question.
    asked = attribute.label(chunk.language)
    extractive.remember_vectors({u.text: u.vector for u in units if u.vector is not None})
    extractive.embed_all([asked])
    question = scoring.Question(asked, (), chunk.language, _ASKS[attribute.type], (doc_id,))
    for pick in scoring.rank(question, units, [chunk], scoring.default_model()):
        named = f"{pick.unit.heading}\n{_lead_of(pick.unit, units)}\n{pick.unit.text}"
        value = _value_in(pick.unit.text, attribute) if _matched(fold(named), attribute)[0] == 1.0 else ""
        if value and key in _extras(line):
            value = _to_clause_end(pick.unit.text, value)
        if value:
            return Evidence(pick, value)
    return None


@lru_cache(maxsize=256)
def _document_units(slug: str, doc_id: str, checksum: str) -> tuple[Unit, ...]:
    """The answer units of one edition of a plan's document."""
    from chat.units import document_units

    found = [
        c
        for c in retrieve(slug.replace("-", " "), k=3, product=slug, current_only=True)
        if c.doc_id == doc_id
    ]
    return tuple(document_units(found[0])) if found else ()


def _lead_of(unit: Unit, units: Sequence[Unit]) -> str:
    return units[unit.lead].text if unit.lead is not None and unit.lead < len(units) else ""


def _values(text: str, attribute: Attribute) -> list[re.Match[str]]:
    """The values of the attribute's kind in `text`: a sum has a currency or magnitude word, or
    thousands (not the "5" of "5-year pay", nor the year of "(2026 edition)")."""
    found = vocabulary().value_patterns[attribute.type].finditer(text)
    if attribute.type != "money":
        return list(found)
    units = vocabulary().money_units
    return [m for m in found if any(u in m.group(0) for u in units) or _THOUSANDS.fullmatch(m.group(0))]


def _value_in(text: str, attribute: Attribute) -> str:
    """The value the text states for the attribute: the one just after where the attribute is named
    (its term groups' closest occurrences: "Maximum annual premium: HK$800,000" after "Minimum total
    premium: HK$160,000"), else the nearest ("90天为等待期"); with the values joined to it
    ("HK$0 or HK$20,000")."""
    values = _values(text, attribute)
    if not values:
        return ""
    start, end = _named_span(fold(text), attribute)
    if attribute.type == "count":
        return _count_in(text, values, end, attribute)
    after = [m for m in values if m.start() >= end]
    if after and after[0].start() - end <= NEAR:
        chosen = after[0]
    else:
        chosen = min(values, key=lambda m: m.start() - end if m.start() >= end else start - m.end())
    at = values.index(chosen)
    first, last = chosen.start(), chosen.end()
    for following in values[at + 1 :]:
        if not _JOINED.fullmatch(text[last : following.start()]):
            break
        last = following.end()
    return text[first:last].strip()


def _count_in(text: str, values: list[re.Match[str]], named_end: int, attribute: Attribute) -> str:
    """The count the text states of the attribute's noun: a number whose noun names it ("36 network
    hospitals", 「28間網絡醫院」), else a bare count just after the attribute or its noun is named
    (「醫院（現有22間」). Never a list item's number, a count of another noun ("nine mainland GBA
    cities") or a number far from what it would count ("… in Section 6")."""
    said = [(m, counts(text, m.start(), m.end(), attribute)) for m in values]
    tied = [m for m, counted in said if counted]
    if tied:
        return tied[0].group().strip()
    folded = fold(text)
    nouns = [named_end] if named_end else []
    nouns += [o.end() for head in heads(attribute) for o in _occurrences(folded, head)]
    bare = [
        m for m, counted in said if counted is None and any(_just_after(text, n, m.start()) for n in nouns)
    ]
    return bare[0].group().strip() if bare else ""


def _just_after(text: str, named: int, at: int) -> bool:
    """The value at `at` follows the words ending at `named` closely, on their line."""
    return 0 <= at - named <= NEAR and "\n" not in text[named:at]


def _named_span(folded: str, attribute: Attribute) -> tuple[int, int]:
    """The shortest span of the text naming each of the attribute's term groups once ((0, 0) when
    it names none of them)."""
    groups = attribute.concepts or (attribute.synonyms,)
    found = [[(m.start(), m.end()) for t in g for m in _occurrences(folded, t)] for g in groups]
    found = [spans for spans in found if spans]
    if not found:
        return 0, 0
    spans = [(min(s for s, _ in pick), max(e for _, e in pick)) for pick in itertools.product(*found)]
    return min(spans, key=lambda span: (span[1] - span[0], span[0]))


def _occurrences(folded: str, term: str) -> list[re.Match[str]]:
    term = fold(term)
    if _LATIN.match(term):
        return list(re.finditer(rf"(?<![a-z]){re.escape(term)}", folded))
    return list(re.finditer(re.escape(term), folded))


def _record_fits(fact: ShownFact, attribute: Attribute) -> bool:
    """A record of a value type the answer model checks, whose passage names the attribute and
    holds a value of its kind; other records stand as the readers made them."""
    record = fact.record
    if attribute.type not in _ASKS or record is None or record.corrected_value:
        return True  # (a value staff corrected stands as they wrote it)
    named = fold(f"{record.section}\n{record.column}\n{record.quote}")
    if _matched(named, attribute)[0] < 1.0:
        return False
    # A count read off a table row by row quotes the rows it counts, not a number.
    if counts_rows(fact.value, record.quote):
        return True
    if attribute.type == "count":  # the number its quote ties to the attribute's noun
        return _value_in(record.quote, attribute) == fact.value
    return bool(_values(record.quote, attribute))


def keyfacts_table(
    products: Sequence[Product],
    attributes: Sequence[Attribute],
    language: str,
    cited: Cited,
    *,
    per_plan: bool = False,
) -> Table | None:
    """A column per plan, a row per attribute, each cell its key-fact record's value (or the
    passage saying the plan does not cover it), cited; with `per_plan` ("which plans…"), a row
    per plan instead, so each plan is a block of its own. None when no plan states any of the
    attributes."""
    with translation.override(language.lower()):
        comparison = comparison_build(products=list(products), language=language)
        by_key = {a.key: a for a in attributes}
        rows = [r for r in comparison.rows if r.key in by_key]
        if not any(cell.value for row in rows for cell in row.cells) and not any(
            not_covered(p, by_key[r.key]) for r in rows for p in products
        ):
            return None
        grid = [
            [
                _fact_cell(c, p, language, cited, by_key[row.key])
                for c, p in zip(row.cells, products, strict=True)
            ]
            for row in rows
        ]
        if per_plan:
            table_rows = tuple(
                Row(Cell(_plan_name(p, language)), tuple(line[n] for line in grid))
                for n, p in enumerate(products)
            )
            columns = (Cell(gettext("Plan")), *(Cell(row.label) for row in rows))
        else:
            table_rows = tuple(
                Row(Cell(row.label), tuple(line)) for row, line in zip(rows, grid, strict=True)
            )
            columns = (Cell(gettext("Key fact")), *(Cell(_plan_name(p, language)) for p in products))
        caption = ngettext(
            "Key facts of %(counter)s %(line)s plan", "Key facts of %(counter)s %(line)s plans", len(products)
        ) % {"counter": len(products), "line": products[0].get_product_line_display()}
        # The plans are named in the caption too: a "which plans…" answer may hold only one.
        colon = ": " if language == "en" else "："
        caption += colon + ", ".join(_plan_name(p, language) for p in products)
        languages = [c.lang for row in table_rows for c in row.cells if c.cite]
        notes = (
            gettext("Values are quoted from each insurer's document; each links to its passage."),
            *_language_notes(languages, language),
        )
    return Table(caption, columns, table_rows, notes, by_row=False, language=language)


def stating(products: Sequence[Product], attributes: Sequence[Attribute]) -> list[Product]:
    """The plans whose records state at least one of the attributes, then those whose documents
    say they do not cover it: "which plans…" lists every one, each in a block of its own."""
    keys = {a.key for a in attributes}
    valued = [p for p in products if any(f.value for f in keyfacts_for(p) if f.attribute.key in keys)]
    excluding = [
        p for p in products if p not in valued and any(not_covered(p, a) is not None for a in attributes)
    ]
    return [*valued, *excluding]


# ---- premiums --------------------------------------------------------------------------------


# An age band a question names ("41-50岁", "aged 41 to 50"): read as the table's row of that band.
_BAND = re.compile(r"(?<!\d)(\d{1,3})\s*(?:-|–|—|~|～|至|到|to)\s*(\d{1,3})(?!\d)")


@dataclass(frozen=True)
class Edition:
    """One edition of a plan a premium answer reads: its tables by age, and the column label."""

    product: Product
    document: PlanDocument
    label: str

    @property
    def tables(self) -> list[RateTable]:
        return [t for t in document_rate_tables(self.document) if t.by_age]


def premium_editions(products: Sequence[Product], years: set[int], language: str) -> list[Edition]:
    """The editions of the plans a premium question asks about (knowledge.keyfacts.records.
    editions_asked: those whose year it names, else the current one), each labelled by its plan's
    name, and by its own title when it is not the current edition or the plan has two."""
    found = [(p, d) for p in products for d in editions_asked(p, years)]
    several = {p.slug for p, _ in found if sum(q.slug == p.slug for q, _ in found) > 1}
    return [
        Edition(p, d, d.title if p.slug in several or d != current_document(p) else _plan_name(p, language))
        for p, d in found
    ]


def _estimated(table: RateTable, column: str, age: int, question: str) -> Estimate | Refusal:
    """The figure at `age`, or at the row of the age band the question names when the table has it
    ("41-50岁" is that row, however the table counts age: by last or next birthday)."""
    for low, high in _BAND.findall(question):
        band = next((b for b in table.bands if (b.low, b.high) == (int(low), int(high))), None)
        if band is None:
            continue
        # An age whose row is that band as the table counts age (one on, by age next birthday).
        ages = range(band.low, band.high + 1)
        within = next((a for a in ages if band.low <= table.table_age(a) <= band.high), None)
        if within is not None:
            return estimate(table, column=column, age=within)
    return estimate(table, column=column, age=age)


def premium_table(
    editions: Sequence[Edition], question: str, age: int, language: str, cited: Cited
) -> Table | None:
    """The premium at `age` from each plan edition's published age-banded table: one plan's whole
    row (or the options the question names), several side by side; labelled indicative. An age
    outside a table says so, with the ages it covers."""
    found = [(e, e.tables) for e in editions]
    if not any(tables for _, tables in found):
        return None
    with translation.override(language.lower()):
        notes = (
            gettext(
                "Indicative only, read from each insurer's published table: the insurer's quote applies."
            ),
        )
        if len(editions) == 1:
            edition, tables = found[0]
            return _one_plan(edition, tables[0], question, age, language, cited, notes)
        cells = []
        for edition, tables in found:
            if not tables:
                cells.append(Cell(gettext("no premium table in its document")))
                continue
            table = tables[0]
            outcome = _estimated(table, _figure_columns(question, table)[0], age, question)
            cells.append(
                _estimate_cell(edition.product, edition.document.doc_id, table, outcome, cited, language)
            )
        columns = (Cell(gettext("Age")), *(Cell(e.label) for e in editions))
        rows = (Row(Cell(str(age)), tuple(cells)),)
        return Table(
            gettext("Indicative premium by age"), columns, rows, notes, by_row=False, language=language
        )


def _one_plan(
    edition: Edition,
    table: RateTable,
    question: str,
    age: int,
    language: str,
    cited: Cited,
    notes: tuple[str, ...],
) -> Table:
    product, doc_id = edition.product, edition.document.doc_id
    colon = ": " if language == "en" else "："
    caption = f"{gettext('Indicative premium')}{colon}{edition.label}"
    if table.section:  # what the figures are for ("deductible HK$0"), as the document heads them
        caption += f" · {table.section}"
    options = _figure_columns(question, table)
    outcomes = [_estimated(table, o, age, question) for o in options]
    first = outcomes[0]
    if not isinstance(first, Estimate):
        refusal = Cell(_refusal_text(first))
        return Table(
            caption,
            (Cell(table.header[0]), Cell(gettext("Indicative premium"))),
            (Row(Cell(str(age)), (refusal,)),),
            notes,
            language=language,
        )
    number = cited.add(_citation(product, doc_id, _row_quote(table, first), first.section))
    written_in = _document_language(product, doc_id)
    header = _quoted(first.row, written_in, language, number)
    cells = tuple(
        _quoted(o.shown, written_in, language, number) if isinstance(o, Estimate) else Cell("—")
        for o in outcomes
    )
    columns = tuple(_label(text, written_in, language) for text in (table.header[0], *options))
    renewal = (gettext("renewal only"),) if first.renewal_only else ()
    return Table(
        caption,
        columns,
        (Row(header, cells),),
        (*renewal, *notes, *_language_notes([written_in], language)),
        language=language,
    )


def _quoted(text: str, written_in: str, language: str, cite: int | None = None) -> Cell:
    """A cell as the document writes it, in the reader's Chinese script (OpenCC)."""
    from chat.answering import in_script

    shown, converted = in_script(text, written_in, language)
    return Cell(shown, cite, language if converted else written_in)


def _label(text: str, written_in: str, language: str) -> Cell:
    """A column label in the reader's language when the glossary renders it, else as quoted."""
    rendered = glossary.label_for(text, written_in, language)
    return Cell(rendered, None, language) if rendered else _quoted(text, written_in, language)


def _row_quote(table: RateTable, found: Estimate) -> str:
    """The row as the chunks render it, so the viewer finds the unit it is in."""
    from knowledge.chunking import render_row

    cells = next(r for r in table.rows if r[0] == found.row)
    return render_row(list(table.header), list(cells))


def _document_language(product: Product, doc_id: str) -> str:
    document = next((d for d in product.documents.all() if d.doc_id == doc_id), None)
    return (document.language if document else "") or "en"


def _figure_columns(question: str, table: RateTable) -> list[str]:
    """The premium columns the question names (all when it names none): a cap or change
    column beside them ("renewal increase cap") is never offered as a premium."""
    named = [table.header[i] for i in columns_asked(question, table.header)]
    return [o for o in named if o in table.figure_options] or list(table.figure_options)


def _refusal_text(refusal: Refusal) -> str:
    if refusal.read_on:  # a table by age next birthday: say which age was looked up
        return gettext(
            "no row for this age: the table is by age next birthday, so it is read at %(age)s "
            "(the table covers %(ages)s)"
        ) % {"age": refusal.table_age, "ages": refusal.detail}
    return gettext("no row for this age (the table covers %(ages)s)") % {"ages": refusal.detail}


def _estimate_cell(
    product: Product, doc_id: str, table: RateTable, outcome: Estimate | Refusal, cited: Cited, language: str
) -> Cell:
    """One plan's cell beside others: the value with its row and column, or why there is none."""
    if not isinstance(outcome, Estimate):
        return Cell(_refusal_text(outcome) if outcome.reason == "age" else gettext("see the document"))
    number = cited.add(_citation(product, doc_id, _row_quote(table, outcome), outcome.section))
    text = f"{outcome.shown} ({outcome.row}, {outcome.column})"
    return _quoted(text, _document_language(product, doc_id), language, number)


# ---- an overview: "compare A and B" naming no attribute ----------------------------------------

PREMIUM_EXAMPLE = "premium_example"


@cache
def _overview() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load((CHAT_DATA / "compare_overview.yaml").read_text(encoding="utf-8"))
    return raw


@cache
def _frame() -> tuple[frozenset[str], tuple[str, ...]]:
    """The overview frame's Latin words, and its Chinese ones longest first (removed in that order)."""
    words = [fold(w) for w in _overview()["frame"]]
    latin = frozenset(w for w in words if _LATIN.match(w))
    return latin, tuple(sorted((w for w in words if not _LATIN.match(w)), key=len, reverse=True))


def asks_overview(question: str, products: Sequence[Product]) -> bool:
    """The comparison names no attribute and nothing else but the plans compared, their line and
    the words of a comparison (chat/data/compare_overview.yaml): "Compare A and B", 「比較A同B」,
    "A vs B", "compare the medical plans". Its plans' names may be written short ("橋安" for
    「橋安」大灣區住院計劃): a word left is theirs when its letters (or characters) are in their names."""
    if not products or attributes_asked(question, products[0].product_line):
        return False
    names = fold(" ".join(n for p in products for n in _names_of(p)))
    latin, chinese = _frame()
    rest = fold(question)
    for word in chinese:
        rest = rest.replace(word, " ")
    squeezed = re.sub(r"[\s\-_「」『』]", "", names)
    for word in re.findall(r"[a-z0-9][a-z0-9'’\-]*|[\u3400-\u9fff]", rest):
        if word in latin or word.rstrip("s") in latin:
            continue
        if not (word.replace("-", "") in squeezed if word.isascii() else word in names):
            return False
    return True


def _names_of(product: Product) -> list[str]:
    """The plan's names in each language, its slug's words and its documents' titles."""
    localised = [getattr(product, f"name_{code}", "") or "" for code in ("en", "zh_hant", "zh_hans")]
    titles = [d.title for d in product.documents.all()]
    return [product.name, *localised, *titles, product.slug.replace("-", " ")]


def overview_attributes(line: str) -> list[Attribute]:
    """The line's key attributes an overview shows, in the data file's order."""
    keys = _overview()["lines"].get(line, [])
    return [a for key in keys if (a := _attribute(line, key)) is not None]


@cache
def _extras(line: str) -> dict[str, Attribute]:
    """The overview's own attributes of the line (no record keeps them), by key."""
    entries = (_overview().get("attributes") or {}).get(line, [])
    return {
        e["key"]: Attribute(
            line=line,
            key=e["key"],
            type=e["type"],
            labels=dict(e["labels"]),
            synonyms=tuple(e.get("synonyms", ())),
            concepts=tuple(tuple(group) for group in e.get("concepts", ())),
        )
        for e in entries
    }


def _attribute(line: str, key: str) -> Attribute | None:
    return vocabulary().attribute(line, key) or _extras(line).get(key)


def _to_clause_end(text: str, value: str) -> str:
    """The value with the words that say what it is of, to the end of its clause ("105% of total
    premiums paid less annuity paid, or the guaranteed cash value plus bonus, whichever is higher")."""
    at = text.find(value)
    end = re.search(r"[;；。|\n]|\.(?:\s|$)", text[at:])
    return text[at : at + end.start()].strip() if end else text[at:].strip()


def _extra_row(products: Sequence[Product], attribute: Attribute, language: str, cited: Cited) -> Row | None:
    """An overview row of the line's own attributes: each plan's passage stating it, cited; None
    when no plan's does."""
    cells = []
    for product in products:
        found = evidence(product, attribute)
        if found is None:
            cells.append(Cell(gettext("Not stated")))
            continue
        cite = cited.add(extractive.citation(found.pick))
        cells.append(_quoted(found.value, found.pick.unit.chunk.language, language, cite))
    return Row(Cell(attribute.label(language)), tuple(cells)) if any(c.cite for c in cells) else None


def _premium_example(products: Sequence[Product], language: str, cited: Cited) -> Row | None:
    """The overview's premium row: each plan's premium at the example age, read from its published
    age-banded table (labelled indicative); None when no plan has one."""
    age = int(_overview()["premium_example_age"])
    found = [(e, e.tables) for e in premium_editions(products, set(), language)]
    if not any(tables for _, tables in found):
        return None
    cells = []
    for edition, tables in found:
        if not tables:
            cells.append(Cell(gettext("Not stated")))
            continue
        table = tables[0]
        column = _figure_columns("", table)[0]
        outcome = estimate(table, column=column, age=age)
        cells.append(
            _estimate_cell(edition.product, edition.document.doc_id, table, outcome, cited, language)
        )
    label = gettext("Indicative premium at age %(age)s") % {"age": age}
    return Row(Cell(label), tuple(cells))


def _overview_table(products: Sequence[Product], language: str, cited: Cited) -> Table | None:
    """The overview: the line's key attributes side by side, then a premium example where the line
    has one."""
    line = products[0].product_line
    table = keyfacts_table(products, overview_attributes(line), language, cited)
    if table is None:
        return None
    # A row no plan's document states says nothing here.
    rows = tuple(r for r in table.rows if any(c.cite for c in r.cells))
    keys = _overview()["lines"].get(line, [])
    with translation.override(language.lower()):
        extra = [_extra_row(products, _extras(line)[k], language, cited) for k in keys if k in _extras(line)]
        premium = _premium_example(products, language, cited) if PREMIUM_EXAMPLE in keys else None
    rows += tuple(r for r in (*extra, premium) if r is not None)
    return replace(table, rows=rows)


# ---- the answer ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Structured:
    answer: Answer
    # The records answer the question whole; otherwise the documents' passages support them.
    whole: bool
    # The parts of a question of several that no plan's record states (nor says it excludes).
    unstated: tuple[str, ...] = ()

    def naming_unstated(self, answer: Answer, names: Sequence[str] = ()) -> Answer:
        """`answer` (the records', with the passages chosen for it, if any) with the parts it leaves
        open named: those no record states whose subject words the quoted passages do not all
        have (the passages then answer another part, or only a word of this one). Only
        when every quote is in the reader's language: a Chinese passage may answer an English part
        in other words."""
        from chat.extractive import salient_terms, terms_of

        if not self.unstated or any(c.get("language", "en") != answer.language for c in answer.citations):
            return answer
        said = set(terms_of(answer.text))
        open_parts = [p for p in self.unstated if not set(salient_terms(p, names)) <= said]
        if not open_parts:
            return answer
        note = messages.parts_not_stated(answer.language, open_parts)
        return replace(answer, text=f"{answer.text}\n{note}")


def structured_answer(draft: Draft) -> Structured | None:
    """A premium estimate or a key-fact comparison for the question, or None when it is neither
    (or the records hold nothing for it): the extractive composer answers then."""
    from chat.answering import Answer
    from chat.extractive import without_names

    understood = draft.understanding
    if understood is None or draft.intent != "answer" or not draft.doc_ids:
        return None
    # "Which plans settle directly at <hospital>?": the compare page's hospital lookup.
    settled = network.answer(draft)
    if settled is not None:
        return Structured(settled, whole=True)
    cited = Cited([])
    names = list({n for c in draft.chunks for n in (c.title, c.insurer, c.product.replace("-", " "))})
    # Names the portal holds nothing for, beside held plans, are no subject of the question either.
    unheld = understood.unknown_entities if understood.compares_unheld else []
    # A follow-up that asks the earlier aspect again ("And for a 62-year-old?") is read with it
    # (its query); its own age comes first.
    asked_text = draft.query if understood.follow_up else draft.question
    asked = without_names(asked_text, [*names, *unheld])
    ages = ages_in(draft.question) or ages_in(asked_text)
    table: Table | None = None
    unstated: tuple[str, ...] = ()
    # A question of several parts ("…and monthly?") may ask what the records do not hold.
    parts = clauses(draft.question, names, joined=False)
    whole = not parts
    # The editions asked: those the question names by year, else the current ones (as retrieval).
    years = years_named(asked_text)
    if ages and asks_premium(asked):
        products = comparison_products(draft) if understood.comparison else []
        if not products:
            products = _named_or_first(draft)
        editions = premium_editions(products, years, draft.language)
        table = premium_table(editions, asked, ages[0], draft.language, cited) if editions else None
    elif understood.comparison or understood.which_plans:
        products = comparison_products(draft)
        if not all(editions_asked(p, years) == [current_document(p)] for p in products):
            # The records are the current editions': another edition asked is answered from its
            # own passages (the extractive composer), never from the current edition's records.
            return None
        if not understood.which_plans and asks_overview(asked, products):
            # "Compare A and B" naming no attribute: the line's key attributes side by side.
            table, whole = _overview_table(products, draft.language, cited), True
        else:
            table, whole, unstated = _asked_facts(draft, products, asked, parts, names, cited)
    if table is None:
        return None
    answer = Answer(
        table.as_text(), draft.language, "answer", cited.citations, chunks=draft.chunks, tables=[table]
    )
    return Structured(answer, whole, unstated)


def _asked_facts(
    draft: Draft,
    products: list[Product],
    asked: str,
    parts: Sequence[str],
    names: Sequence[str],
    cited: Cited,
) -> tuple[Table | None, bool, tuple[str, ...]]:
    """The records of the attributes a comparison or "which plans…" asks, whether they answer it
    whole, and the parts no plan's record states."""
    from chat.extractive import without_names

    understood = draft.understanding
    assert understood is not None
    attributes = attributes_asked(asked, products[0].product_line, as_row=True) if products else []
    if understood.which_plans:
        products = stating(products, attributes)
    table = (
        keyfacts_table(products, attributes, draft.language, cited, per_plan=understood.which_plans)
        if attributes and products
        else None
    )
    # A plan the question names whose record neither states what is asked nor says its
    # document excludes it ("not stated") is answered by its document's passages.
    named = [p for p in products if p.slug in understood.named_products]
    whole = not parts and fully_named(asked, attributes) and all(_states_any([p], attributes) for p in named)
    line = products[0].product_line if products else ""
    unstated = tuple(
        p for p in parts if not _states_any(products, attributes_asked(without_names(p, names), line))
    )
    return table, whole, unstated


def _states_any(products: Sequence[Product], attributes: Sequence[Attribute]) -> bool:
    """Some plan's record states one of the attributes, or its document says it does not cover it."""
    keys = {a.key for a in attributes}
    return any(f.value for p in products for f in keyfacts_for(p) if f.attribute.key in keys) or any(
        not_covered(p, a) is not None for p in products for a in attributes
    )


def advice_facts(draft: Draft) -> Answer | None:
    """The key facts of the plans a refused request for advice names (one line's), as the compare
    page shows them, each cell cited: what the documents state, for the reader to weigh. None when
    it names no plan, plans of several lines, or plans whose records state nothing."""
    from chat.answering import Answer

    understood = draft.understanding
    slugs = list(dict.fromkeys(understood.named_products)) if understood else []
    # Each cell reads its plan's documents and records: prefetched, not a query per cell.
    chosen = Product.objects.select_related("insurer").prefetch_related("documents", "key_facts")
    found = {p.slug: p for p in chosen.filter(slug__in=slugs)}
    products = [found[s] for s in slugs if s in found][:MAX_PLANS]
    if not products or len({p.product_line for p in products}) > 1:
        return None
    cited = Cited([])
    # Only what some plan's document states: a row of "see the document" says nothing here.
    stated = {f.attribute.key for p in products for f in keyfacts_for(p) if f.value}
    attributes = [a for a in vocabulary().for_line(products[0].product_line) if a.key in stated]
    table = keyfacts_table(products, attributes, draft.language, cited)
    if table is None:
        return None
    return Answer(
        table.as_text(), draft.language, "answer", cited.citations, chunks=draft.chunks, tables=[table]
    )


def _named_or_first(draft: Draft) -> list[Product]:
    understood = draft.understanding
    slugs = list(understood.named_products) if understood else []
    if not slugs:
        slugs = [next(c.product for c in draft.chunks if c.doc_id == draft.doc_ids[0])]
    products = Product.objects.select_related("insurer").prefetch_related("documents").filter(slug=slugs[0])
    return list(products)
