"""`reindex` builds a new collection while questions are answered from the old one, then switches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from knowledge import ingest, vectorstore
from knowledge.ingest import DocumentMeta, ingest_document, register_document, reindex_all
from knowledge.models import ActiveCollection, PlanDocument
from knowledge.retrieval import retrieve

pytestmark = pytest.mark.usefixtures("knowledge_index", "transactional_db")

PLANS = {
    "kowloon-care": "# Kowloon Care Plan\n\n## Waiting periods\n\nIllness is covered after {n} days.\n",
    "tsuen-wan-shield": "# Tsuen Wan Shield Plan\n\n## Claims\n\nSubmit claims within {n} days of discharge.\n",
}


def _ingest_plans(tmp_path: Path) -> None:
    for doc_id, text in PLANS.items():
        path = tmp_path / f"{doc_id}.md"
        path.write_text(text.format(n=30), encoding="utf-8")
        meta = DocumentMeta(doc_id=doc_id, insurer="Test Assurance", product_line="gba_medical", title=doc_id)
        ingest_document(register_document(path, meta))


def _collections() -> set[str]:
    return {str(c.name) for c in vectorstore.get_client().list_collections()}


def test_questions_are_answered_from_the_old_collection_until_the_switch(tmp_path: Path) -> None:
    _ingest_plans(tmp_path)
    before = vectorstore.active_collection()
    during: list[tuple[str, list[str]]] = []

    def progress(number: int, total: int, doc_id: str, outcome: str) -> None:
        # Called as each document is written to the new collection, before the switch.
        during.append(
            (vectorstore.active_collection(), [c.doc_id for c in retrieve("illness waiting period")])
        )

    tally = reindex_all(progress=progress)

    assert tally.documents == 2 and not tally.failures
    assert during and all(name == before and "kowloon-care" in docs for name, docs in during)
    after = vectorstore.active_collection()
    assert after != before and ActiveCollection.objects.get().physical == after
    assert before not in _collections() and after in _collections()
    chunks = retrieve("illness waiting period")
    assert chunks[0].doc_id == "kowloon-care" and "30 days" in chunks[0].text
    assert set(PlanDocument.objects.values_list("status", flat=True)) == {"ready"}


def test_a_failed_rebuild_leaves_the_old_collection_live(tmp_path: Path, monkeypatch: Any) -> None:
    _ingest_plans(tmp_path)
    before = vectorstore.active_collection()
    retrieve("claims")  # this process has read the old collection

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the embedder went away")

    monkeypatch.setattr(ingest, "_embed_group", broken)
    with pytest.raises(RuntimeError):
        call_command("reindex", verbosity=0)

    assert vectorstore.active_collection() == before
    assert _collections() & {before} and not {c for c in _collections() if c.startswith(before + "--")}
    assert retrieve("claims within days")[0].doc_id == "tsuen-wan-shield"
    assert set(PlanDocument.objects.values_list("status", flat=True)) == {"ready"}


def test_ingestion_after_a_reindex_writes_to_the_new_collection(tmp_path: Path) -> None:
    _ingest_plans(tmp_path)
    reindex_all()
    path = tmp_path / "kowloon-care.md"
    path.write_text(PLANS["kowloon-care"].format(n=45), encoding="utf-8")
    ingest_document(register_document(path, DocumentMeta(doc_id="kowloon-care")))
    assert "45 days" in retrieve("illness waiting period")[0].text
    live: Any = vectorstore.get_store()._collection
    assert live.name == vectorstore.active_collection()
    assert len(live.get(where={"doc_id": "kowloon-care"})["ids"]) == 1


def test_a_document_reingested_while_reindex_runs_goes_live_in_its_new_version(tmp_path: Path) -> None:
    _ingest_plans(tmp_path)
    path = tmp_path / "kowloon-care.md"

    def progress(number: int, total: int, doc_id: str, outcome: str) -> None:
        if number == 1:  # another worker re-ingests a changed file, into the still-live old collection
            path.write_text(PLANS["kowloon-care"].format(n=45), encoding="utf-8")
            ingest_document(register_document(path, DocumentMeta(doc_id="kowloon-care")))

    reindex_all(progress=progress)
    chunks = retrieve("illness waiting period")
    assert chunks[0].doc_id == "kowloon-care" and "45 days" in chunks[0].text
    live: Any = vectorstore.get_store()._collection
    versions = {m["version"] for m in live.get(where={"doc_id": "kowloon-care"})["metadatas"]}
    assert versions == {PlanDocument.objects.get(doc_id="kowloon-care").checksum[:16]}


def test_chunks_written_to_a_replaced_collection_are_written_again_to_the_live_one(tmp_path: Path) -> None:
    _ingest_plans(tmp_path)
    replaced = vectorstore.active_collection()
    reindex_all()
    path = tmp_path / "kowloon-care.md"
    path.write_text(PLANS["kowloon-care"].format(n=60), encoding="utf-8")
    doc = register_document(path, DocumentMeta(doc_id="kowloon-care"))
    outcomes: list[Any] = []
    # As a worker that started before the switch would: write to the old collection, then switch.
    stale = ingest._Target(replaced, lambda prepared: ingest._switch(prepared, replaced))
    ingest.ingest_documents([doc], lambda _doc, outcome: outcomes.append(outcome), target=stale)
    assert outcomes == [1]
    assert "60 days" in retrieve("illness waiting period")[0].text
    vectorstore.get_client().delete_collection(replaced)
