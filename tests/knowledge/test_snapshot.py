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
