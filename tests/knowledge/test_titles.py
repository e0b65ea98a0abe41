"""A document ingested without a manifest is named by the insurer and product its title states, when
the title states them safely (knowledge/titles.py): a tester's documents were cited with insurer ""."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.ingest import DocumentMeta, ingest_document, register_document
from knowledge.retrieval import retrieve
from knowledge.titles import StatedOwner, is_company_name, line_of, stated_owner

OPENING = "Fictional: {insurer} and the plan are invented for testing."


@pytest.mark.parametrize(
    ("title", "insurer", "product", "line"),
    [
        (
            "Lumen Harbour Insurance Co. Ltd. - Pearl Delta CrossCare Medical Plan",
            "Lumen Harbour Insurance Co. Ltd.",
            "Pearl Delta CrossCare Medical Plan",
            "gba_medical",
        ),
        (
            "Kowloon Bay Credit Mutual — TideGuard SME Export Credit Policy",
            "Kowloon Bay Credit Mutual",
            "TideGuard SME Export Credit Policy",
            "export_credit",
        ),
        ("恒嶺人壽（虛構）— 灣區安享延期年金計劃", "恒嶺人壽（虛構）", "灣區安享延期年金計劃", "pension"),
        (
            "粤港跨境商贸保险有限公司（虚构）— 星帆跨境电商综合保",
            "粤港跨境商贸保险有限公司（虚构）",
            "星帆跨境电商综合保",
            "ecommerce",
        ),
        # The product first, the insurer after.
        (
            "PatentPursuit Overseas IP Policy | Harbour Gate Insurance Limited",
            "Harbour Gate Insurance Limited",
            "PatentPursuit Overseas IP Policy",
            "overseas_ip",
        ),
    ],
)
def test_a_title_naming_a_company_and_a_product_of_a_line_states_both(
    title: str, insurer: str, product: str, line: str
) -> None:
    opening = OPENING.format(insurer=insurer.split("（")[0])
    assert stated_owner(title, opening) == StatedOwner(insurer=insurer, product=product, product_line=line)


@pytest.mark.parametrize(
    ("title", "opening"),
    [
        # No company ending: a plan's own words ("Insurance", "保險" end plan names too).
        ("Travel Insurance — Gold Medical Plan", "Travel Insurance is offered by …"),
        ("跨境電商保險 —「安心」住院醫療計劃", "跨境電商保險"),
        # The other part names no product line: a kind of document, not a product.
        ("Lion Rock Health Assurance Limited — Product Summary", "Lion Rock Health Assurance Limited"),
        # The company is not named again in the opening: the title alone is not trusted.
        (
            "Lumen Harbour Insurance Co. Ltd. - Pearl Delta CrossCare Medical Plan",
            "A medical plan for residents.",
        ),
        # One part, three parts, two companies.
        ("FamilyCare GBA Hospital and Outpatient Plan", "FamilyCare GBA Hospital and Outpatient Plan"),
        ("A Limited — B Medical Plan — C Limited", "A Limited C Limited"),
        (
            "North Insurance Limited — South Insurance Limited",
            "North Insurance Limited South Insurance Limited",
        ),
        # Hyphens inside words are no separator.
        ("Cross-Border Co-payment Medical Plan", "Cross-Border Co-payment Medical Plan"),
    ],
)
def test_a_title_that_does_not_state_its_insurer_safely_states_none(title: str, opening: str) -> None:
    assert stated_owner(title, opening) is None


def test_company_names_by_their_endings_in_either_script() -> None:
    assert is_company_name("Tai Po Mutual Assurance Limited (fictional)")
    assert is_company_name("翠峰財產保險（虛構）") and is_company_name("恒嶺人壽")
    assert not is_company_name("人壽") and not is_company_name("Limited")
    assert not is_company_name("the plan is limited")
    assert line_of("海外知識產權護航保") == "overseas_ip" and line_of("Product Summary") == ""


TITLED = """# Lumen Harbour Insurance Co. Ltd. - Pearl Delta CrossCare Medical Plan

Fictional: Lumen Harbour Insurance Co. Ltd. and the Pearl Delta CrossCare Medical Plan are invented for testing.

## Waiting periods

Illness is covered after a waiting period of 60 days from the policy start date.
"""


@pytest.mark.usefixtures("knowledge_index")
@pytest.mark.django_db
def test_ingest_without_a_manifest_records_the_insurer_the_title_states_for_review(tmp_path: Path) -> None:
    path = tmp_path / "pearl-delta.md"
    path.write_text(TITLED, encoding="utf-8")
    doc = register_document(path, DocumentMeta())
    assert doc.product is None
    ingest_document(doc)
    doc.refresh_from_db()
    assert doc.product is not None and doc.product.product_line == "gba_medical"
    assert doc.product.name_en == "Pearl Delta CrossCare Medical Plan"
    insurer = doc.product.insurer
    assert insurer.name_en == "Lumen Harbour Insurance Co. Ltd."
    assert not insurer.ia_authorised and not insurer.mainland_licensed, (
        "an insurer read from a title takes no leads"
    )
    assert "read from the document's title" in doc.review_note
    chunk = retrieve("illness waiting period")[0]
    assert "60 days" in chunk.text and chunk.insurer == "Lumen Harbour Insurance Co. Ltd."


@pytest.mark.usefixtures("knowledge_index")
@pytest.mark.django_db
def test_a_title_without_a_stated_insurer_leaves_the_document_outside_the_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text(TITLED.replace("Lumen Harbour Insurance Co. Ltd. - ", ""), encoding="utf-8")
    doc = register_document(path, DocumentMeta())
    ingest_document(doc)
    doc.refresh_from_db()
    assert doc.product is None and doc.review_note == ""
