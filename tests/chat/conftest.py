"""Chat fixtures: two small plan documents (English and Traditional Chinese) in a fresh index."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.ingest import DocumentMeta, ingest_document, register_document
from tests.conftest import ROOT

DOCS = [
    (
        ROOT / "tests" / "fixtures" / "harbourview-care.md",
        DocumentMeta(
            doc_id="harbourview-care",
            insurer="Harbourview Test Assurance Limited",
            product="harbourview-care",
            product_line="gba_medical",
            language="en",
            title="Harbourview Cross-Border Care Plan",
            effective_date="2026-01-01",
        ),
    ),
    (
        Path(__file__).parent / "fixtures" / "lantau-senior.md",
        DocumentMeta(
            doc_id="lantau-senior",
            insurer="Lantau Test Assurance Limited",
            product="lantau-senior",
            product_line="gba_medical",
            language="zh-Hant",
            title="大嶼山長者住院計劃",
            effective_date="2026-01-01",
        ),
    ),
]


@pytest.fixture
def plan_documents(knowledge_index: None, transactional_db: None) -> list[str]:
    for path, meta in DOCS:
        assert ingest_document(register_document(path, meta)) > 0
    return [meta.doc_id for _, meta in DOCS]
