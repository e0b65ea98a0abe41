"""Plan document → chunks with citation metadata → vectors in Chroma.

Replacing a document is atomic for readers: the new version's chunks are written
under new ids first, then the document row switches to the new version in one
transaction, and only then are the old chunks deleted. Retrieval serves only the
version the row names, so no question sees half of each.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from knowledge import viewer
from knowledge.chunking import Chunk, chunk_blocks
from knowledge.effective_date import effective_date_in
from knowledge.embeddings import embedder_id, get_embeddings
from knowledge.language import detect_language, to_simplified, to_traditional
from knowledge.loaders import Block, DocumentError, load_blocks
from knowledge.models import ActiveCollection, DocumentVersion, Language, PlanDocument
from knowledge.text import is_chinese
from knowledge.titles import stated_owner
from knowledge.units import UnitRecord, build_units, store_version, with_vectors
from knowledge.vectorstore import (
    active_collection,
    delete_chunks,
    drop_collections,
    get_client,
    get_store,
    new_collection_name,
)
from portal.models import Insurer, Jurisdiction, Product, ProductLine

logger = logging.getLogger(__name__)
UPSERT_BATCH = 1024
# Chunks embedded, written and switched together. An embedded-Chroma write holds the GIL
# (so it costs the embedder its whole duration) and has a fixed cost: few, large writes.
GROUP_CHUNKS = 256
# Groups handed to the embedder ahead of the writes; bounds the chunks held in memory.
MAX_QUEUED_GROUPS = 4
# Times `reindex` catches up with documents ingested while it ran before it gives up.
REINDEX_CATCH_UP_ROUNDS = 5


@dataclass
class DocumentMeta:
    """What a manifest entry (or an uploader) says about a file; blanks are inferred."""

    doc_id: str = ""
    insurer: str = ""
    product: str = ""
    product_line: str = ""
    language: str = ""
    title: str = ""
    effective_date: str = ""


def register_document(path: Path, meta: DocumentMeta) -> PlanDocument:
    """Create or update the PlanDocument row for a file, copying the file into media storage."""
    if meta.product_line and meta.product_line not in ProductLine.values:
        raise DocumentError(f"unknown product line {meta.product_line!r}")
    if meta.language and meta.language not in Language.values:
        raise DocumentError(f"unknown language {meta.language!r}; use en, zh-Hant or zh-Hans")
    if not path.is_file():
        raise DocumentError(f"file not found: {path}")
    size = path.stat().st_size
    if size > settings.UPLOAD_MAX_BYTES:
        raise DocumentError(f"the file is {size} bytes; the limit is {settings.UPLOAD_MAX_BYTES}")
    data = path.read_bytes()
    doc_id = meta.doc_id or slugify(path.stem)[:120]
    product, note = _product_for(meta, doc_id) if meta.insurer or meta.product else (None, "")
    doc, _created = PlanDocument.objects.get_or_create(doc_id=doc_id)
    doc.product = product or doc.product
    doc.review_note = note or doc.review_note
    doc.title = meta.title or doc.title
    doc.language = meta.language or doc.language
    if meta.effective_date:
        doc.effective_date = _parse_date(meta.effective_date)
    # A file missing from storage (an evaluation's temporary media folder, media lost) is stored again.
    if not doc.file or not doc.file.storage.exists(doc.file.name) or _sha256(_read(doc)) != _sha256(data):
        doc.file.save(path.name, ContentFile(data), save=False)
    doc.save()
    return doc


@dataclass
class _Prepared:
    """A document loaded and chunked, waiting for its vectors."""

    doc: PlanDocument
    chunks: list[Chunk]
    checksum: str
    fields: dict[str, str]  # read here: the worker thread must not touch the database
    blocks: list[Block] = field(default_factory=list)  # for the viewer, once the version is live
    # The answer units, embedded with the chunks (their vectors are filled in then).
    units: list[UnitRecord] = field(default_factory=list)

    @property
    def version(self) -> str:
        return self.checksum[:16]

    def store(self) -> None:
        """Store the version's blocks and units; call it in the transaction that makes it live."""
        store_version(self.doc, self.version, self.blocks, self.units, embedder_id())


IngestOutcome = int | DocumentError  # a chunk count, or why the document failed


def ingest_document(doc: PlanDocument) -> int:
    """Index `doc`; return its chunk count. Unchanged content is a no-op.

    Raises DocumentError (after marking the document failed) when the file cannot be read.
    """
    outcomes: list[IngestOutcome] = []
    ingest_documents([doc], lambda _doc, outcome: outcomes.append(outcome))
    if isinstance(outcomes[0], DocumentError):
        raise outcomes[0]
    return outcomes[0]


@dataclass(frozen=True)
class _Target:
    """Where chunks are written, and what happens to a group of documents once all their chunks are there."""

    collection: str
    on_written: Callable[[list[_Prepared]], None]
    # Building a new collection: embed unchanged documents too (it starts empty), and let a
    # failed write abort the build rather than fail the documents.
    rebuild: bool = False


_InFlight = tuple[list[_Prepared], "Future[list[list[float]]]"]


def ingest_documents(
    docs: Iterable[PlanDocument],
    report: Callable[[PlanDocument, IngestOutcome], None],
    *,
    target: _Target | None = None,
    fresh: bool = False,
) -> None:
    """Index many documents, calling `report(doc, outcome)` for each; one failure spares the rest.

    A pipeline: this thread loads and chunks documents and hands them, in groups, to
    a worker thread that only embeds; this thread then writes each embedded group to
    Chroma and switches its documents to their new versions (one transaction a group)
    while the worker embeds the next. The first document goes to the embedder alone,
    so the bottleneck starts at once, and a group is also handed over whenever the
    embedder would otherwise idle. (Parsing and embedded-Chroma writes still take the
    GIL, so they slow the embedder by about their own CPU time; writes to a Chroma
    server overlap.) Each document switches (and drops its old version) only once all
    its chunks are written. With a `target`, chunks go to its collection and its
    `on_written` replaces that switch (`reindex_all` switches everything at the end). A `fresh`
    live collection (an evaluation's temporary one) starts empty: unchanged documents are
    embedded too.
    """
    if target is None:
        live = active_collection()
        target = _Target(live, lambda group: _switch(group, live), rebuild=fresh)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed") as pool:
        in_flight: deque[_InFlight] = deque()
        group: list[_Prepared] = []
        for doc in docs:
            try:
                prepared = _prepare(doc, rebuild=target.rebuild)
            except DocumentError as exc:
                report(doc, exc)
                continue
            if isinstance(prepared, int):
                report(doc, prepared)
                continue
            group.append(prepared)
            # Hand over a full group, or whatever is ready when the embedder would otherwise idle.
            idle = all(embedded.done() for _, embedded in in_flight)
            if idle or sum(len(p.chunks) for p in group) >= GROUP_CHUNKS:
                in_flight.append((group, pool.submit(_embed_group, group)))
                group = []
            # Write what is embedded; wait when enough is queued, so memory stays bounded.
            while in_flight and (in_flight[0][1].done() or len(in_flight) > MAX_QUEUED_GROUPS):
                _finish(*in_flight.popleft(), report, target)
        if group:
            in_flight.append((group, pool.submit(_embed_group, group)))
        while in_flight:
            _finish(*in_flight.popleft(), report, target)


def _prepare(doc: PlanDocument, *, rebuild: bool = False) -> _Prepared | int:
    """Load and chunk `doc`, or return its chunk count when it is unchanged (and not `rebuild`)."""
    try:
        data = _read(doc)
        if len(data) > settings.UPLOAD_MAX_BYTES:
            raise DocumentError(f"the file is {len(data)} bytes; the limit is {settings.UPLOAD_MAX_BYTES}")
        _claim_file(doc, _sha256(data))
        unchanged = (
            doc.status == PlanDocument.Status.READY
            and doc.checksum == _checksum(data, doc)
            # A version indexed before units were stored (or by another embedder) is built again.
            and DocumentVersion.objects.filter(
                document=doc, version=doc.checksum[:16], embedder=embedder_id()
            ).exists()
        )
        if unchanged and not rebuild:
            return doc.chunk_count
        blocks = load_blocks(Path(doc.file.name), data)
        if not doc.title:
            doc.title = next((b.text for b in blocks if b.kind == "heading"), Path(doc.file.name).stem)[:300]
        if doc.product is None:
            _attach_stated_product(doc, blocks)
        if not doc.language:
            doc.language = detect_language(" ".join(b.text for b in blocks[:80]))
        if doc.effective_date is None:  # only when staff left it empty: a typed date stands
            doc.effective_date = effective_date_in(blocks)
        chunks = chunk_blocks(blocks, title=doc.title)
        if not chunks:
            raise DocumentError("no text could be extracted from the file")
    except DocumentError as exc:
        _mark_failed(doc, str(exc))
        raise
    # Taken after inference, so that the next run (which reads the inferred title back) matches.
    units = build_units(blocks, title=doc.title)
    return _Prepared(doc, chunks, _checksum(data, doc), _doc_fields(doc), blocks, units)


def _finish(
    group: list[_Prepared],
    embedded: Future[list[list[float]]],
    report: Callable[[PlanDocument, IngestOutcome], None],
    target: _Target,
) -> None:
    """Write an embedded group to the target's collection, switch it, and report its documents."""
    try:
        vectors = embedded.result()
        chunk_count = sum(len(p.chunks) for p in group)
        _attach_unit_vectors(group, vectors[chunk_count:])
        _store_group(group, vectors[:chunk_count], target.collection)
    except Exception as exc:  # the embedder or the vector store failed: these documents fail
        logger.exception("writing %d documents' chunks failed", len(group))
        if target.rebuild:
            raise  # a rebuild missing documents must not go live: the caller keeps the old index
        for prepared in group:
            error = DocumentError(f"indexing failed: {exc}")
            _mark_failed(prepared.doc, str(error))
            report(prepared.doc, error)
        return
    try:
        target.on_written(group)
    except _Rebuilt:
        # A reindex went live while these chunks went to the collection it replaced:
        # index the documents again, into the live one.
        ingest_documents([prepared.doc for prepared in group], report)
        return
    for prepared in group:
        report(prepared.doc, len(prepared.chunks))


class _Rebuilt(Exception):
    """The collection a document was written to is no longer the live one."""


def _switch(group: list[_Prepared], collection: str) -> None:
    """Make the group's new versions the ones questions see, in one transaction; then drop the old ones.

    Every document's chunks are all written before this runs, so each document
    goes from its whole old version to its whole new one.
    """
    now = timezone.now()
    with transaction.atomic():
        for prepared in group:
            _make_live(prepared, now)
        # Read after the rows are locked by the updates: `reindex_all` locks every row before it
        # switches collections, so either it sees these versions or this sees its switch.
        if active_collection() != collection:
            raise _Rebuilt(collection)
    for prepared in group:  # what the row now holds, without reading it back
        doc = prepared.doc
        doc.status, doc.checksum, doc.error = PlanDocument.Status.READY, prepared.checksum, ""
        doc.chunk_count, doc.updated_at = len(prepared.chunks), now
    _delete_versions(group, collection, keep=True)
    for prepared in group:  # the viewer's first visitor need not read the file again
        viewer.remember(prepared.doc, prepared.blocks)


def _embed_group(group: list[_Prepared]) -> list[list[float]]:
    """The vectors of every chunk of `group`, then of every answer unit, in order. Touches no
    database: it runs on a worker thread."""
    texts = [_embedded_text(p, c) for p in group for c in p.chunks] + [u.text for p in group for u in p.units]
    return get_embeddings().embed_documents(texts)


def _attach_unit_vectors(group: list[_Prepared], vectors: list[list[float]]) -> None:
    """Give each document's units their vectors (the tail of `_embed_group`'s, in order)."""
    start = 0
    for prepared in group:
        end = start + len(prepared.units)
        prepared.units = with_vectors(prepared.units, vectors[start:end])
        start = end


def _embedded_text(prepared: _Prepared, chunk: Chunk) -> str:
    return f"{prepared.doc.title}. {chunk.section}\n{chunk.text}"


def _store_group(
    group: list[_Prepared], vectors: list[list[float]], collection_name: str | None = None
) -> None:
    """Store the chunks of `group` with their `vectors` under their new versions.

    On failure the new versions' chunks are removed: nothing is left half-indexed.
    """
    rows = [(p, c) for p in group for c in p.chunks]
    collection: Any = get_store(collection_name)._collection
    try:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            collection.upsert(
                ids=[f"{p.doc.doc_id}:{p.version}:{c.index}" for p, c in batch],
                embeddings=vectors[start : start + UPSERT_BATCH],
                documents=[c.text for _, c in batch],
                metadatas=[_chunk_metadata(p, c) for p, c in batch],
            )
    except Exception:
        _delete_versions(group, collection_name, keep=False)
        raise


def _write_group(group: list[_Prepared], collection_name: str | None = None) -> None:
    """Embed and store `group` under its new versions, without switching to them."""
    vectors = _embed_group(group)
    chunk_count = sum(len(p.chunks) for p in group)
    _attach_unit_vectors(group, vectors[chunk_count:])
    _store_group(group, vectors[:chunk_count], collection_name)


def _delete_versions(group: list[_Prepared], collection_name: str | None, *, keep: bool) -> None:
    """Delete the group's new versions' chunks, or (`keep`) every other version's, in one call."""
    op = "$ne" if keep else "$eq"
    clauses: list[dict[str, Any]] = [
        {"$and": [{"doc_id": p.doc.doc_id}, {"version": {op: p.version}}]} for p in group
    ]
    collection: Any = get_store(collection_name)._collection
    collection.delete(where=clauses[0] if len(clauses) == 1 else {"$or": clauses})


def _chunk_metadata(prepared: _Prepared, chunk: Chunk) -> dict[str, Any]:
    return {
        **prepared.fields,
        "version": prepared.version,
        "section": chunk.section,
        "page": chunk.page or 0,
        "chunk": chunk.index,
    }


def delete_document(doc: PlanDocument) -> None:
    delete_chunks(doc_id=doc.doc_id)


@dataclass
class Tally:
    """Counts of an ingestion run, reporting each document's outcome as it comes."""

    total: int
    progress: Callable[[int, int, str, str], None] | None = None
    documents: int = 0
    chunks: int = 0
    failures: list[str] = field(default_factory=list)
    seen: int = 0

    def fail(self, name: str, error: Exception) -> None:
        self.seen += 1
        self.failures.append(f"{name}: {error}")
        if self.progress is not None:
            self.progress(self.seen, self.total, name, f"FAILED: {error}")

    def report(self, doc: PlanDocument, outcome: IngestOutcome) -> None:
        if isinstance(outcome, DocumentError):
            self.fail(doc.doc_id, outcome)
            return
        self.seen += 1
        self.documents += 1
        self.chunks += outcome
        if self.progress is not None:
            self.progress(self.seen, self.total, doc.doc_id, f"{outcome} chunks")


def reindex_all(progress: Callable[[int, int, str, str], None] | None = None) -> Tally:
    """Index every stored document again, with the configured embedder, into a new collection.

    Questions are answered from the old collection while this runs; the new one
    becomes live in one transaction with the documents' rows, and the old one is
    then dropped. A document that fails is marked failed at the switch (it has no
    chunks in the new collection). If anything else fails, the new collection is
    dropped and the old one stays live.
    """
    new = new_collection_name()
    docs = list(PlanDocument.objects.exclude(file="").select_related("product__insurer"))
    tally = Tally(total=len(docs), progress=progress)
    built: dict[int, _Prepared] = {}
    seen = {d.pk: d.checksum for d in docs}
    target = _Target(new, lambda group: built.update({p.doc.pk: p for p in group}), rebuild=True)
    try:
        ingest_documents(docs, tally.report, target=target)
        for _attempt in range(REINDEX_CATCH_UP_ROUNDS):
            try:
                _switch_collection(new, built, seen)
                break
            except _Changed as changed:
                # Documents ingested (into the old collection) while this ran: build them too.
                again = list(
                    PlanDocument.objects.filter(pk__in=changed.pks).select_related("product__insurer")
                )
                seen.update({d.pk: d.checksum for d in again})
                ingest_documents(again, lambda _doc, _outcome: None, target=target)
                for doc in again:  # their first build's chunks are not live any more
                    if doc.pk in built:
                        delete_chunks(doc_id=doc.doc_id, keep_version=built[doc.pk].version, collection=new)
        else:
            raise RuntimeError("documents kept changing while the index was rebuilt; run reindex again")
    except BaseException:
        with contextlib.suppress(Exception):
            get_client().delete_collection(new)
        raise
    drop_collections(keep=new)
    return tally


class _Changed(Exception):
    def __init__(self, pks: list[int]) -> None:
        super().__init__(f"{len(pks)} documents changed during the rebuild")
        self.pks = pks


def _switch_collection(new: str, built: dict[int, _Prepared], seen: dict[int, str]) -> None:
    """Make `new` the live collection and each built document's version its current one, at once.

    Every document row is locked first; raise _Changed (switching nothing) if any was
    added or re-indexed since the rebuild read it.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = dict(PlanDocument.objects.select_for_update().exclude(file="").values_list("pk", "checksum"))
        changed = [pk for pk, checksum in rows.items() if pk not in seen or seen[pk] != checksum]
        if changed:
            raise _Changed(changed)
        ActiveCollection.objects.update_or_create(name=settings.CHROMA_COLLECTION, defaults={"physical": new})
        for prepared in built.values():
            _make_live(prepared, now)
        # The rest failed to load: they have no chunks in the new collection.
        PlanDocument.objects.filter(pk__in=rows).exclude(pk__in=built).update(
            status=PlanDocument.Status.FAILED, checksum="", chunk_count=0, updated_at=now
        )
        DocumentVersion.objects.filter(document__in=rows).exclude(document__in=built).delete()
    get_store.cache_clear()


def _make_live(prepared: _Prepared, now: datetime) -> None:
    """The row says READY with this version's checksum, count and fields, and the version's blocks
    and units are stored; call it in the transaction that switches to the version (one document's
    or a whole rebuild's)."""
    PlanDocument.objects.filter(pk=prepared.doc.pk).update(
        status=PlanDocument.Status.READY,
        checksum=prepared.checksum,
        chunk_count=len(prepared.chunks),
        error="",
        title=prepared.doc.title,
        language=prepared.doc.language,
        updated_at=now,
    )
    _fill_effective_date(prepared.doc)
    prepared.store()


def _fill_effective_date(doc: PlanDocument) -> None:
    """Store the date read from the document, unless staff typed one meanwhile."""
    if doc.effective_date is not None:
        PlanDocument.objects.filter(pk=doc.pk, effective_date__isnull=True).update(
            effective_date=doc.effective_date
        )


def _doc_fields(doc: PlanDocument) -> dict[str, str]:
    product = doc.product
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "language": doc.language,
        "product": product.slug if product else "",
        "product_line": product.product_line if product else "",
        "insurer": product.insurer.name_en if product else "",
        "effective_date": doc.effective_date.isoformat() if doc.effective_date else "",
    }


def _mark_failed(doc: PlanDocument, error: str) -> None:
    # Keep the last good version searchable: only its status and error change.
    PlanDocument.objects.filter(pk=doc.pk).update(
        status=PlanDocument.Status.FAILED if not doc.checksum else doc.status,
        error=error[:2000],
        updated_at=timezone.now(),
    )
    doc.refresh_from_db()


def _product_for(meta: DocumentMeta, doc_id: str) -> tuple[Product, str]:
    """The catalogue's product for the entry, creating it if needed; and a note for staff, if any.

    An insurer the catalogue does not know is never made a lead recipient by ingestion: it
    is created unauthorised, unlicensed and with an inactive appetite, and the note asks
    staff to review it in admin before it can receive enquiries.
    """
    insurer = Insurer.objects.filter(name_en=meta.insurer).first() if meta.insurer else None
    product = (
        Product.objects.filter(slug=meta.product).select_related("insurer").first() if meta.product else None
    )
    if product is not None:
        return product, ""
    note = ""
    if insurer is None:
        if not meta.insurer:
            raise DocumentError(f"{doc_id}: a new product needs an insurer")
        if not meta.product_line:
            raise DocumentError(f"{doc_id}: a new product needs a product line")
        insurer = _unreviewed_insurer(meta.insurer)
        note = (
            f"The insurer {meta.insurer!r} was not in the catalogue: it was added unauthorised, "
            "unlicensed and taking no leads. Review its licences and appetite before it can receive enquiries."
        )
    if not meta.product_line:
        raise DocumentError(f"{doc_id}: a new product needs a product line")
    product = Product.objects.create(
        insurer=insurer,
        slug=meta.product or _unique_slug(Product, doc_id),
        name_en=meta.title or doc_id,
        product_line=meta.product_line,
        jurisdiction=Jurisdiction.HK if insurer.ia_authorised else Jurisdiction.MAINLAND,
    )
    return product, note


# The blocks of a document's opening, where it states who issues it (knowledge.titles.stated_owner).
OPENING_BLOCKS = 8


def _attach_stated_product(doc: PlanDocument, blocks: list[Block]) -> None:
    """Attach `doc` to the insurer and product its title names (knowledge.titles), as a manifest entry
    naming them would, with a note asking staff to check; nothing if the title names them unsafely."""
    opening = " ".join(b.text for b in blocks[:OPENING_BLOCKS] if " ".join(b.text.split()) != doc.title)
    owner = stated_owner(doc.title, opening)
    if owner is None:
        return
    meta = DocumentMeta(insurer=owner.insurer, product_line=owner.product_line, title=owner.product)
    product, note = _product_for(meta, doc.doc_id)
    # A Chinese name is the product's (or insurer's) name in both scripts, not only its English one.
    for named, text in ((product, owner.product), (product.insurer, owner.insurer)):
        if is_chinese(text) and named.name_en == text and not named.name_zh_hant:
            named.name_zh_hant, named.name_zh_hans = to_traditional(text), to_simplified(text)
            named.save(update_fields=["name_zh_hant", "name_zh_hans"])
    read = f"The insurer and product were read from the document's title ({doc.title!r}): check them."
    doc.product, doc.review_note = product, " ".join(filter(None, [read, note]))
    PlanDocument.objects.filter(pk=doc.pk, product__isnull=True).update(
        product=product, review_note=doc.review_note
    )


def _unreviewed_insurer(name: str) -> Insurer:
    """An insurer named by a document only: routing can never choose it until staff say otherwise."""
    from crossborder.models import InsurerAppetite  # knowledge reaches crossborder only here

    insurer = Insurer.objects.create(
        slug=_unique_slug(Insurer, name), name_en=name, ia_authorised=False, mainland_licensed=False
    )
    InsurerAppetite.objects.create(insurer=insurer, active=False)
    return insurer


def _unique_slug(model: Any, text: str) -> str:
    base = slugify(text)[:45] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _parse_date(value: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DocumentError(f"effective_date {value!r} is not YYYY-MM-DD") from None


def _read(doc: PlanDocument) -> bytes:
    if not doc.file:
        raise DocumentError("the document has no file")
    try:
        with doc.file.open("rb") as handle:
            return bytes(handle.read())
    except FileNotFoundError:
        raise DocumentError("the document's file is missing from storage") from None


# An evaluation set is indexed apart from the portal's documents (knowledge.evaluation): its files may
# well be the portal's own (the demo set evaluated where `make run` loaded the demo).
_OWN_INDEX: ContextVar[bool] = ContextVar("own_index", default=False)


@contextlib.contextmanager
def index_of_its_own() -> Iterator[None]:
    """Documents ingested inside are another index's: a file the portal already holds is no duplicate."""
    token = _OWN_INDEX.set(True)
    try:
        yield
    finally:
        _OWN_INDEX.reset(token)


def _claim_file(doc: PlanDocument, digest: str) -> None:
    """Record the file's hash on the row; DocumentError when another document holds the same file
    (however it came: admin refuses it at upload, a manifest or a script may not), so no file is
    indexed twice and the chat never quotes one passage as two sources."""
    same = None if _OWN_INDEX.get() else doc.same_file_elsewhere(digest)
    if same is not None and same.created_at <= doc.created_at:
        raise DocumentError(f"the same file is already uploaded as {same.doc_id}: it is not indexed twice")
    if doc.file_sha256 != digest:
        doc.file_sha256 = digest
        PlanDocument.objects.filter(pk=doc.pk).update(file_sha256=digest)


def _checksum(data: bytes, doc: PlanDocument) -> str:
    """Content plus the metadata every chunk carries: a change to either re-indexes."""
    return _sha256(data + json.dumps(_doc_fields(doc), sort_keys=True).encode())


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
