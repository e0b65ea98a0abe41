"""Plan document → chunks with citation metadata → vectors in Chroma.

Replacing a document is atomic for readers: the new version's chunks are written
under new ids first, then the document row switches to the new version in one
transaction, and only then are the old chunks deleted. Retrieval serves only the
version the row names, so no question sees half of each.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from knowledge.chunking import Chunk, chunk_blocks
from knowledge.embeddings import get_embeddings
from knowledge.language import detect_language
from knowledge.loaders import DocumentError, load_blocks
from knowledge.models import Language, PlanDocument
from knowledge.vectorstore import delete_chunks, get_store, reset_store
from portal.models import Insurer, Jurisdiction, Product, ProductLine

logger = logging.getLogger(__name__)
UPSERT_BATCH = 256


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
    product = _product_for(meta, doc_id) if meta.insurer or meta.product else None
    doc, _created = PlanDocument.objects.get_or_create(doc_id=doc_id)
    doc.product = product or doc.product
    doc.title = meta.title or doc.title
    doc.language = meta.language or doc.language
    if meta.effective_date:
        doc.effective_date = _parse_date(meta.effective_date)
    if not doc.file or _sha256(_read(doc)) != _sha256(data):
        doc.file.save(path.name, ContentFile(data), save=False)
    doc.save()
    return doc


def ingest_document(doc: PlanDocument) -> int:
    """Index `doc`; return its chunk count. Unchanged content is a no-op.

    Raises DocumentError (after marking the document failed) when the file cannot be read.
    """
    try:
        data = _read(doc)
        if len(data) > settings.UPLOAD_MAX_BYTES:
            raise DocumentError(f"the file is {len(data)} bytes; the limit is {settings.UPLOAD_MAX_BYTES}")
        if doc.status == PlanDocument.Status.READY and doc.checksum == _checksum(data, doc):
            return doc.chunk_count
        blocks = load_blocks(Path(doc.file.name), data)
        if not doc.title:
            doc.title = next((b.text for b in blocks if b.kind == "heading"), Path(doc.file.name).stem)[:300]
        if not doc.language:
            doc.language = detect_language(" ".join(b.text for b in blocks[:80]))
        # Taken after inference, so that the next run (which reads the inferred title back) matches.
        checksum = _checksum(data, doc)
        chunks = chunk_blocks(blocks, title=doc.title)
        if not chunks:
            raise DocumentError("no text could be extracted from the file")
        version = checksum[:16]
        _write_chunks(doc, chunks, version)
    except DocumentError as exc:
        _mark_failed(doc, str(exc))
        raise
    with transaction.atomic():
        PlanDocument.objects.filter(pk=doc.pk).update(
            status=PlanDocument.Status.READY,
            checksum=checksum,
            chunk_count=len(chunks),
            error="",
            title=doc.title,
            language=doc.language,
        )
    doc.refresh_from_db()
    delete_chunks(doc_id=doc.doc_id, keep_version=version)
    return len(chunks)


def _write_chunks(doc: PlanDocument, chunks: list[Chunk], version: str) -> None:
    base = _doc_fields(doc)
    collection: Any = get_store()._collection
    embeddings = get_embeddings()
    try:
        for start in range(0, len(chunks), UPSERT_BATCH):
            batch = chunks[start : start + UPSERT_BATCH]
            ids = [f"{doc.doc_id}:{version}:{c.index}" for c in batch]
            metadatas: list[Any] = [
                {
                    **base,
                    "version": version,
                    "section": c.section,
                    "page": c.page or 0,
                    "chunk": c.index,
                }
                for c in batch
            ]
            vectors = embeddings.embed_documents([f"{doc.title}. {c.section}\n{c.text}" for c in batch])
            collection.upsert(
                ids=ids, embeddings=vectors, documents=[c.text for c in batch], metadatas=metadatas
            )
    except Exception:
        # Leave nothing half-indexed: the new version's partial chunks go.
        collection.delete(where={"$and": [{"doc_id": doc.doc_id}, {"version": version}]})
        raise


def delete_document(doc: PlanDocument) -> None:
    delete_chunks(doc_id=doc.doc_id)


def reindex_all(
    progress: Callable[[int, int, str, str], None] | None = None,
) -> tuple[int, int, list[str]]:
    """Drop the collection and index every stored document again with the configured embedder.

    Returns (documents, chunks, failures). Questions find nothing until it is done.
    """
    reset_store()
    PlanDocument.objects.update(checksum="", status=PlanDocument.Status.PENDING, chunk_count=0)
    documents = chunks = 0
    failures: list[str] = []
    docs = list(PlanDocument.objects.select_related("product__insurer"))
    for number, doc in enumerate(docs, start=1):
        try:
            count = ingest_document(doc)
        except DocumentError as exc:
            failures.append(f"{doc.doc_id}: {exc}")
            outcome = f"FAILED: {exc}"
        else:
            documents += 1
            chunks += count
            outcome = f"{count} chunks"
        if progress is not None:
            progress(number, len(docs), doc.doc_id, outcome)
    return documents, chunks, failures


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
        status=PlanDocument.Status.FAILED if not doc.checksum else doc.status, error=error[:2000]
    )
    doc.refresh_from_db()


def _product_for(meta: DocumentMeta, doc_id: str) -> Product:
    insurer = Insurer.objects.filter(name_en=meta.insurer).first() if meta.insurer else None
    product = (
        Product.objects.filter(slug=meta.product).select_related("insurer").first() if meta.product else None
    )
    if product is not None:
        return product
    if insurer is None:
        if not meta.insurer:
            raise DocumentError(f"{doc_id}: a new product needs an insurer")
        insurer = Insurer.objects.create(
            slug=_unique_slug(Insurer, meta.insurer),
            name_en=meta.insurer,
            ia_authorised=True,
            product_lines=[meta.product_line] if meta.product_line else [],
        )
    if not meta.product_line:
        raise DocumentError(f"{doc_id}: a new product needs a product line")
    return Product.objects.create(
        insurer=insurer,
        slug=meta.product or _unique_slug(Product, doc_id),
        name_en=meta.title or doc_id,
        product_line=meta.product_line,
        jurisdiction=Jurisdiction.HK if insurer.ia_authorised else Jurisdiction.MAINLAND,
    )


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


def _checksum(data: bytes, doc: PlanDocument) -> str:
    """Content plus the metadata every chunk carries: a change to either re-indexes."""
    return _sha256(data + json.dumps(_doc_fields(doc), sort_keys=True).encode())


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
