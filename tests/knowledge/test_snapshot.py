"""The in-memory index follows the live documents; a slow one is rebuilt in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from knowledge import retrieval
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from knowledge.retrieval import retrieve

pytestmark = pytest.mark.usefixtures("knowledge_index", "transactional_db")

PLAN = "# Kowloon Care Plan\n\n## Waiting periods\n\nIllness is covered after {n} days.\n"


def _ingest(path: Path, days: int) -> None:
    path.write_text(PLAN.format(n=days), encoding="utf-8")
    meta = DocumentMeta(doc_id="kowloon-care", insurer="Test Assurance", product_line="gba_medical")
    ingest_document(register_document(path, meta))


def test_a_changed_document_is_seen_by_the_next_question(tmp_path: Path) -> None:
    _ingest(tmp_path / "plan.md", 30)
    assert "30 days" in retrieve("illness waiting period")[0].text
    _ingest(tmp_path / "plan.md", 45)
    assert "45 days" in retrieve("illness waiting period")[0].text


def test_a_slow_index_is_rebuilt_in_the_background_and_never_mixes_versions(
    tmp_path: Path, monkeypatch: Any
) -> None:
    path = tmp_path / "plan.md"
    _ingest(path, 30)
    retrieve("illness waiting period")  # builds the snapshot
    monkeypatch.setattr(retrieval, "SYNC_BUILD_SECONDS", -1.0)  # as if that build had been slow
    _ingest(path, 45)

    meanwhile = retrieve("illness waiting period")  # answered at once, from the previous snapshot
    assert not any("30 days" in c.text for c in meanwhile), "the replaced version is never served"
    retrieval._snapshots.wait()
    assert "45 days" in retrieve("illness waiting period")[0].text


def _live_versions() -> dict[str, str]:
    from knowledge.models import PlanDocument

    ready = PlanDocument.objects.filter(status=PlanDocument.Status.READY).exclude(checksum="")
    return {doc_id: checksum[:16] for doc_id, checksum in ready.values_list("doc_id", "checksum")}


def _chroma_versions() -> dict[str, set[str]]:
    from knowledge.vectorstore import get_store

    got = get_store()._collection.get(include=["metadatas"])
    found: dict[str, set[str]] = {}
    for meta in got["metadatas"]:
        found.setdefault(str(meta["doc_id"]), set()).add(str(meta["version"]))
    return found


def test_uploads_replacements_and_deletions_under_concurrent_questions_never_fail_nor_disagree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Questions run throughout; after each change the DB, Chroma and the answers name one version."""
    import threading

    # Every build in step with the change: on a loaded machine an earlier test's slow build would
    # send this test's builds to the background, where a changed document is left out until ready
    # (that path has its own test above).
    monkeypatch.setattr(retrieval, "SYNC_BUILD_SECONDS", float("inf"))

    from knowledge.models import PlanDocument

    failures: list[BaseException] = []
    served: list[tuple[str, str]] = []  # (doc_id, chunk id) of every chunk served
    stop = threading.Event()

    def ask() -> None:
        from django.db import connection

        if connection.vendor == "sqlite":
            # The test database is SQLite in memory with a shared cache, whose table locks fail at
            # once instead of waiting (the portal's file database has WAL and a busy timeout, and its
            # readers never block the writer): read without table locks, as WAL readers do.
            connection.cursor().execute("PRAGMA read_uncommitted = 1")
        try:
            while not stop.is_set():
                for filters in ({}, {"product": "kowloon-care"}):
                    served.extend(
                        (c.doc_id, c.chunk_id) for c in retrieve("illness waiting period", **filters)
                    )
        except BaseException as exc:  # the test reports whatever a question raised
            failures.append(exc)
        finally:
            connection.close()

    path = tmp_path / "plan.md"
    _ingest(path, 30)
    live_ever = {_live_versions()["kowloon-care"]}
    askers = [threading.Thread(target=ask) for _ in range(3)]
    for thread in askers:
        thread.start()
    try:
        for days in (45, 60):  # a replaced edition
            _ingest(path, days)
            live_ever.add(_live_versions()["kowloon-care"])
            assert {d: {v} for d, v in _live_versions().items()} == _chroma_versions()
            assert f"{days} days" in retrieve("illness waiting period")[0].text
        second = tmp_path / "second.md"  # an upload beside it, then its deletion
        second.write_text(PLAN.format(n=90).replace("Kowloon", "Sai Kung"), encoding="utf-8")
        ingest_document(register_document(second, DocumentMeta(doc_id="sai-kung-care")))
        assert {d: {v} for d, v in _live_versions().items()} == _chroma_versions()
        PlanDocument.objects.get(doc_id="sai-kung-care").delete()
        assert set(_chroma_versions()) == set(_live_versions()) == {"kowloon-care"}
        assert all(c.doc_id == "kowloon-care" for c in retrieve("illness waiting period", k=20))
    finally:
        stop.set()
        for thread in askers:
            thread.join(timeout=60)
    assert not failures, failures
    assert served, "the questions ran"
    # Every chunk served was of a version that was live at some point: never a half-written one.
    assert {cid.split(":")[1] for doc, cid in served if doc == "kowloon-care"} <= live_ever


QUESTIONS = ("illness waiting period", "Sai Kung Care waiting", "九龍 計劃 等候期")


def _two_plans(tmp_path: Path) -> None:
    _ingest(tmp_path / "plan.md", 30)
    second = tmp_path / "second.md"
    second.write_text(PLAN.format(n=90).replace("Kowloon", "Sai Kung"), encoding="utf-8")
    ingest_document(register_document(second, DocumentMeta(doc_id="sai-kung-care")))


def test_another_process_maps_the_written_snapshot_and_answers_alike(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """A generation is written once to the data folder; every other process maps those files."""

    from knowledge import snapshot

    _two_plans(tmp_path)
    first = [[(c.chunk_id, c.score, c.text, c.section) for c in retrieve(q, k=10)] for q in QUESTIONS]
    assert first[0] and first[1][0][0].startswith("sai-kung-care:")

    def no_rewrite(*args: Any) -> None:
        raise AssertionError("the generation's files exist: a process must map them, not rebuild")

    monkeypatch.setattr(retrieval, "_snapshots", retrieval._Snapshots())  # as in a fresh process
    monkeypatch.setattr(snapshot, "_write", no_rewrite)
    again = [[(c.chunk_id, c.score, c.text, c.section) for c in retrieve(q, k=10)] for q in QUESTIONS]
    assert again == first
    mapped = retrieval._snapshots.get(retrieval._state())
    assert _mapped(mapped.vectors) and _mapped(mapped.chunks.texts.data), (
        "views of the files' pages, not copies"
    )


def _mapped(array: Any) -> bool:
    """The array reads a file's mapped pages (itself or a view of a np.memmap)."""
    import numpy as np

    while array is not None and not isinstance(array, np.memmap):
        array = array.base if isinstance(array.base, np.ndarray) else None
    return array is not None


def test_the_snapshot_holds_what_chroma_holds(tmp_path: Path) -> None:
    import numpy as np

    from knowledge.vectorstore import get_store

    _two_plans(tmp_path)
    retrieve("illness waiting period")
    mapped = retrieval._snapshots.get(retrieval._state())
    stored = get_store()._collection.get(include=["documents", "metadatas", "embeddings"])
    assert len(mapped.chunks) == len(stored["ids"]) > 0
    for cid, text, meta, vector in zip(
        stored["ids"], stored["documents"], stored["metadatas"], stored["embeddings"], strict=True
    ):
        chunk = mapped.chunks[cid]
        assert (chunk.text, chunk.metadata()) == (text, meta)
        row = mapped.chunks.row(cid)
        assert row is not None
        assert np.allclose(mapped.vectors[row], np.asarray(vector) / np.linalg.norm(vector), atol=1e-6)
    assert "no-such-chunk:0:0" not in mapped.chunks
    assert sorted(mapped.chunks_of(["sai-kung-care"])) == sorted(
        i for i in stored["ids"] if i.startswith("sai-")
    )
