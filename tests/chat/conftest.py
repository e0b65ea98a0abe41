"""Chat fixtures: small plan documents (English and Traditional Chinese) in a fresh index."""

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


FIXTURES = Path(__file__).parent / "fixtures"
# For the composer: a hospital list with its lead-in, an age-banded premium table, a subsidy the
# document defers to a government notice, and two editions of one export credit policy.
COMPOSER_DOCS = [
    (
        FIXTURES / "shamshuipo-medical.md",
        DocumentMeta(
            doc_id="shamshuipo-gba",
            insurer="Sham Shui Po Test Assurance Limited",
            product="shamshuipo-gba",
            product_line="gba_medical",
            language="en",
            title="Sham Shui Po GBA Hospital Plan",
            effective_date="2026-01-01",
        ),
    ),
    *(
        (
            FIXTURES / f"kowloon-exportcover-{year}.md",
            DocumentMeta(
                doc_id=f"kowloon-exportcover-{year}",
                insurer="Kowloon Test Credit Limited",
                product="kowloon-exportcover",
                product_line="export_credit",
                language="en",
                title=f"Kowloon ExportCover ({year} edition)",
                effective_date=f"{year}-01-01",
            ),
        )
        for year in (2025, 2026)
    ),
]


@pytest.fixture
def composer_documents(plan_documents: list[str]) -> list[str]:
    for path, meta in COMPOSER_DOCS:
        assert ingest_document(register_document(path, meta)) > 0
    return [*plan_documents, *(meta.doc_id for _, meta in COMPOSER_DOCS)]
