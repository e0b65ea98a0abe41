"""Key-fact records of products: extracted from the current edition, corrected by staff.

`keyfacts_for(product)` is the one way pages, compare and the chat read key facts. It
re-extracts when the product's current edition is not the one the records came from, so
a new edition is picked up on first use, and attributes it changed are flagged.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from knowledge.keyfacts.extract import (
    REVIEW_BELOW,
    ROW_SEPARATOR,
    Fact,
    extract_facts,
    units_from_blocks,
    value_key,
)
from knowledge.keyfacts.hospitals import NetworkHospital, city_label, listed_hospitals, matches
from knowledge.keyfacts.llm import llm_configured, llm_facts, merge
from knowledge.keyfacts.premiums import RateTable, rate_tables
from knowledge.keyfacts.spec import Attribute, vocabulary
from knowledge.loaders import Block, DocumentError, load_blocks
from knowledge.models import PlanDocument
from portal.models import KeyFact, Product

logger = logging.getLogger(__name__)
MAX_QUOTE_IN_URL = 300  # the viewer finds a unit from the start of its text
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class ShownFact:
    """What a page shows for one attribute of one product."""

    attribute: Attribute
    record: KeyFact | None

    @property
    def value(self) -> str:
        return self.record.shown_value if self.record else ""

    @property
    def label(self) -> str:
        """The attribute's label in the active language."""
        return self.attribute.label(get_language() or "en")

    @property
    def stated(self) -> bool:
        """False when the document does not state it; True with an empty value means "see the document"."""
        return self.record is not None and bool(self.record.value or self.record.corrected_value)

    def key(self) -> tuple[float, ...] | str:
        return value_key(self.value, self.attribute.type) if self.value else ""

    @property
    def written_in(self) -> str:
        """The language of the document the value is quoted from ("" when unknown). Reads
        `product.documents.all()`, so a caller that prefetched the documents pays no query."""
        if self.record is None or not self.record.doc_id:
            return ""
        documents = self.record.product.documents.all()
        return next((d.language for d in documents if d.doc_id == self.record.doc_id), "")

    def gloss(self, reader: str) -> str | None:
        """The value in the reader's language when its document is in the other one
        (knowledge.keyfacts.gloss), or None: the value as stated is what the page cites."""
        from knowledge.keyfacts.gloss import gloss

        return gloss(self.value, self.attribute.type, self.written_in, reader) if self.value else None

    def url(self) -> str:
        """The viewer at the quoted unit (the viewer redirects a quote to its anchor)."""
        if self.record is None or not self.record.doc_id:
            return ""
        query: list[tuple[str, str]] = []
        if self.record.quote and not self.record.corrected_value:
            # A fact read from several rows quotes each: the viewer opens at and marks every one.
            rows = [r for r in self.record.quote.split(ROW_SEPARATOR) if r.strip()]
            query += [("q", row[:MAX_QUOTE_IN_URL]) for row in rows]
        if self.record.page:
            query.append(("page", str(self.record.page)))
        base = reverse("document", args=[self.record.doc_id])
        return base + (f"?{urlencode(query)}" if query else "")


def current_document(product: Product, today: dt.date | None = None) -> PlanDocument | None:
    """The latest ready edition whose effective date has come.

    Reads `product.documents.all()`, so a caller that prefetched the documents pays no query.
    """
    today = today or timezone.localdate()
    ready = [
        d
        for d in product.documents.all()
        if d.status == PlanDocument.Status.READY and (d.effective_date is None or d.effective_date <= today)
    ]
    dated = sorted(
        (d for d in ready if d.effective_date), key=lambda d: (d.effective_date, d.pk), reverse=True
    )
    undated = sorted((d for d in ready if not d.effective_date), key=lambda d: d.pk, reverse=True)
    return (dated + undated)[0] if ready else None


def editions_asked(product: Product, years: set[int], today: dt.date | None = None) -> list[PlanDocument]:
    """The product's editions a question naming `years` asks about: those whose effective date falls
    in a year it names, oldest first; else the current edition alone. A superseded edition answers
    only when the question names it, as retrieval ranks editions (knowledge.retrieval)."""
    named = sorted(
        (
            d
            for d in product.documents.all()
            if d.status == PlanDocument.Status.READY and d.effective_date and d.effective_date.year in years
        ),
        key=lambda d: (d.effective_date, d.pk),
    )
    current = current_document(product, today)
    return named or ([current] if current is not None else [])


def editions(product: Product) -> list[PlanDocument]:
    """Every ready edition, newest first: the page's edition history."""
    docs = product.documents.filter(status=PlanDocument.Status.READY)
    return list(docs.order_by(models.F("effective_date").desc(nulls_last=True), "-pk"))


@lru_cache(maxsize=64)
def _blocks(path: str, version: str) -> tuple[Block, ...]:
    # `version` (the file's checksum or update time) keys the cache: a replaced file is re-read.
    del version
    return tuple(load_blocks(Path(path)))


def document_blocks(document: PlanDocument) -> list[Block]:
    """The document's blocks, read once per version of the file; [] for a row with no file yet."""
    if not document.file:
        return []
    version = document.checksum or str(document.updated_at)
    try:
        path = document.file.path
    except NotImplementedError:  # a storage without local paths: read the bytes each time
        with document.file.open("rb") as handle:
            return load_blocks(Path(document.file.name), handle.read())
    return list(_blocks(path, version))


def document_rate_tables(document: PlanDocument) -> list[RateTable]:
    """The document's premium and rate tables; [] when its file cannot be read (logged)."""
    try:
        return rate_tables(document_blocks(document))
    except (OSError, DocumentError):
        logger.exception("rate tables of %s could not be read", document.doc_id)
        return []


def _cited_text(fact: Fact) -> str:
    # A table row is quoted whole (label and cells): the viewer finds a unit from its words,
    # and a lone cell ("36") is too short to find.
    return fact.quote


QUALIFIER_JOINER = " · "


def qualifier(fact: Fact) -> str:
    """What a page prints after the value: the plan version (column), the row, variant or clause
    it applies to, and the currency of a bare amount; each once (stored in `KeyFact.column`)."""
    parts = [p for p in (fact.column, fact.scope, fact.currency) if p]
    return QUALIFIER_JOINER.join(dict.fromkeys(parts))[: KeyFact._meta.get_field("column").max_length]


def _apply(record: KeyFact, fact: Fact | None, document: PlanDocument) -> None:
    new_value = fact.value if fact else ""
    if record.pk and record.doc_id and record.doc_id != document.doc_id:
        attribute = vocabulary().attribute(record.product.product_line, record.attribute)
        kind = attribute.type if attribute else "text"
        record.changed = value_key(record.value, kind) != value_key(new_value, kind)
        if record.changed:
            record.previous_value, record.previous_doc_id = record.value, record.doc_id
    record.doc_id = document.doc_id
    record.value = new_value
    record.quote = _cited_text(fact) if fact else ""
    record.section = fact.section if fact else ""
    record.column = qualifier(fact) if fact else ""
    record.unit = fact.unit if fact else None
    record.page = fact.page if fact else None
    record.confidence = fact.confidence if fact else 0.0
    low = fact is not None and fact.confidence < REVIEW_BELOW
    record.needs_review = low or record.changed


def _facts(blocks: list[Block], line: str) -> dict[str, Fact | None]:
    """The rule extractor's facts; with an LLM configured, its checked facts win."""
    facts = extract_facts(blocks, line)
    if not llm_configured():
        return facts
    return merge(facts, llm_facts(units_from_blocks(blocks), line), line)


def keyfacts_refresh(*, product: Product, document: PlanDocument | None = None) -> list[KeyFact]:
    """Extract the product's key facts from `document` (default: its current edition) and
    save them; corrections are kept (and win), changed attributes are flagged for staff."""
    document = document or current_document(product)
    if document is None:
        return list(product.key_facts.all())
    try:
        facts = _facts(document_blocks(document), product.product_line)
    except (OSError, DocumentError):
        # The page keeps the records it has (or shows "see the document"); staff see the log.
        logger.exception("key facts of %s could not be extracted", document.doc_id)
        return list(product.key_facts.all())
    existing = {r.attribute: r for r in KeyFact.objects.filter(product=product)}
    try:
        with transaction.atomic():
            for attribute in vocabulary().for_line(product.product_line):
                record = existing.get(attribute.key) or KeyFact(product=product, attribute=attribute.key)
                _apply(record, facts.get(attribute.key), document)
                record.save()
                existing[attribute.key] = record
    except IntegrityError:  # another request extracted the same product first: use its records
        return list(KeyFact.objects.filter(product=product))
    return [existing[a.key] for a in vocabulary().for_line(product.product_line)]


def keyfacts_for(product: Product) -> list[ShownFact]:
    """The product's key facts in the line's attribute order, from its current edition.

    Re-extracts first when there are no records yet or the current edition is newer than
    the one they came from. An attribute the document does not state has an empty value.
    """
    records = {r.attribute: r for r in product.key_facts.all()}
    document = current_document(product)
    if document is not None and (not records or any(r.doc_id != document.doc_id for r in records.values())):
        records = {r.attribute: r for r in keyfacts_refresh(product=product, document=document)}
    return [ShownFact(a, records.get(a.key)) for a in vocabulary().for_line(product.product_line)]


@dataclass(frozen=True)
class HospitalMatch:
    product: Product
    doc_id: str
    hospital: NetworkHospital

    def url(self) -> str:
        return reverse("document", args=[self.doc_id]) + "?" + urlencode({"q": self.hospital.quote})

    @property
    def name(self) -> str:
        """The hospital's name in the active language's script, where the document prints one."""
        return self.hospital.name_in(get_language() or "en")

    @property
    def name_lang(self) -> str:
        """`lang` for the shown name when it is not in the page's language ("" when it is)."""
        chinese = bool(_CJK.search(self.name))
        return (
            ""
            if chinese == (get_language() or "en").lower().startswith("zh")
            else ("zh" if chinese else "en")
        )

    @property
    def other_names(self) -> list[tuple[str, str]]:
        """The hospital's other printed names, each with its `lang` ("zh" or "en")."""
        shown = self.name
        names = [n for n in (self.hospital.name, *self.hospital.also) if n != shown]
        return [(n, "zh" if _CJK.search(n) else "en") for n in names]

    @property
    def city(self) -> str:
        """The hospital's city in the active language."""
        return city_label(self.hospital.city, get_language() or "en")


def network_for(product: Product) -> list[HospitalMatch]:
    """The direct-settlement hospitals the product's current document lists, in its order;
    [] when it prints no list (or its file cannot be read, which is logged)."""
    return [m for m in listings_for(product) if m.hospital.direct]


def listings_for(product: Product) -> list[HospitalMatch]:
    """Every hospital the product's current document lists, direct settlement or reimbursement only."""
    document = current_document(product)
    if document is None:
        return []
    try:
        hospitals = listed_hospitals(document_blocks(document))
    except (OSError, DocumentError):
        logger.exception("network list of %s could not be read", document.doc_id)
        return []
    return [HospitalMatch(product, document.doc_id, hospital) for hospital in hospitals]


def hospital_listings(*, query: str, products: list[Product]) -> list[HospitalMatch]:
    """Plans whose current document lists a hospital named by `query` (part of its name in any
    language it is printed in, or its city), direct settlement or reimbursement only, each with
    the listing it comes from."""
    return [m for product in products for m in listings_for(product) if matches(m.hospital, query)]
