"""Ingestion: the command's summary and exit code, no-op re-ingest, atomic replacement, deletion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from knowledge.chunking import Chunk
from knowledge.ingest import (
    DocumentMeta,
    _doc_fields,
    _Prepared,
    _write_group,
    ingest_document,
    register_document,
)
from knowledge.loaders import DocumentError
from knowledge.models import PlanDocument
from knowledge.retrieval import retrieve
from knowledge.vectorstore import get_store

pytestmark = pytest.mark.usefixtures("knowledge_index", "transactional_db")

PLAN = """Sample document for testing — fictional insurer and product.

# Kowloon Test Care Plan

## Waiting periods

Illness is covered after a waiting period of {days} days. Accidents are covered from day one.

## Claims

Submit claims within 90 days of discharge.
"""


def _chunks_of(doc_id: str) -> dict[str, Any]:
    collection: Any = get_store()._collection
    result: dict[str, Any] = collection.get(where={"doc_id": doc_id}, include=["metadatas"])
    return result


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _meta(**overrides: str) -> DocumentMeta:
    fields = {
        "doc_id": "kowloon-care",
        "insurer": "Kowloon Test Assurance Limited",
        "product": "kowloon-care",
        "product_line": "gba_medical",
        "language": "en",
        "title": "Kowloon Test Care Plan",
        "effective_date": "2026-01-01",
    }
    return DocumentMeta(**{**fields, **overrides})


def test_command_ingests_good_files_reports_each_bad_one_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "good.md", PLAN.format(days=30))
    _write(tmp_path / "second.txt", "SECOND PLAN\n\nThe hospital cash benefit is HK$500 a day.\n")
    _write(tmp_path / "other.txt", "OTHER PLAN\n\nA plan for cars.\n")
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.4 nonsense")
    manifest = tmp_path / "manifest.json"
    entries = [
        {
            "file": "good.md",
            "doc_id": "good",
            "insurer": "Kowloon Test Assurance Limited",
            "product_line": "gba_medical",
            "language": "en",
            "title": "Good plan",
        },
        {
            "file": "missing.md",
            "doc_id": "missing",
            "insurer": "X",
            "product_line": "gba_medical",
            "language": "en",
            "title": "Missing",
        },
        {
            "file": "other.txt",
            "doc_id": "wrong-line",
            "insurer": "X",
            "product_line": "car_insurance",
            "language": "en",
            "title": "Wrong line",
        },
        {
            "file": "corrupt.pdf",
            "doc_id": "corrupt",
            "insurer": "X",
            "product_line": "pension",
            "language": "en",
            "title": "Corrupt",
        },
    ]
    manifest.write_text(json.dumps(entries), encoding="utf-8")
    with pytest.raises(CommandError, match="some files failed"):
        call_command("ingest", str(tmp_path / "second.txt"), manifest=manifest)
    out, err = capsys.readouterr()
    assert "2 documents" in out and "3 failures" in out
    assert "file not found" in err and "unknown product line 'car_insurance'" in err and "corrupt" in err
    assert set(PlanDocument.objects.filter(status="ready").values_list("doc_id", flat=True)) == {
        "good",
        "second",
    }
    assert PlanDocument.objects.get(doc_id="corrupt").status == "failed"
    assert not _chunks_of("corrupt")["ids"], "nothing of a failed file is indexed"
    second = PlanDocument.objects.get(doc_id="second")
    assert second.title == "SECOND PLAN" and second.language == "en", "metadata inferred without a manifest"


def test_reingesting_unchanged_content_is_a_no_op(tmp_path: Path) -> None:
    path = _write(tmp_path / "plan.md", PLAN.format(days=30))
    doc = register_document(path, _meta())
    ingest_document(doc)
    before = sorted(_chunks_of("kowloon-care")["ids"])
    doc = register_document(path, _meta())
    updated_at = PlanDocument.objects.get(pk=doc.pk).updated_at
    assert ingest_document(doc) == len(before)
    assert sorted(_chunks_of("kowloon-care")["ids"]) == before
    assert PlanDocument.objects.get(pk=doc.pk).updated_at == updated_at


def test_inferred_metadata_still_makes_reingest_a_no_op(tmp_path: Path) -> None:
    path = _write(tmp_path / "bare.md", PLAN.format(days=30))
    doc = register_document(path, DocumentMeta())
    ingest_document(doc)
    doc.refresh_from_db()
    version = doc.checksum
    assert doc.title == "Kowloon Test Care Plan"
    ingest_document(register_document(path, DocumentMeta()))
    assert PlanDocument.objects.get(pk=doc.pk).checksum == version


def test_changed_content_replaces_all_chunks_and_readers_never_mix_versions(tmp_path: Path) -> None:
    path = _write(tmp_path / "plan.md", PLAN.format(days=30))
    doc = register_document(path, _meta())
    ingest_document(doc)
    old_ids = set(_chunks_of("kowloon-care")["ids"])

    # A new version being written (not yet switched) is invisible to questions.
    doc.refresh_from_db()
    chunk = Chunk("Illness waiting period: 60 days.", "Waiting periods", None, 0)
    _write_group([_Prepared(doc, [chunk], "next-version-checksum", _doc_fields(doc))])
    answer = retrieve("waiting period for illness", k=10)
    assert answer and {c.chunk_id for c in answer} <= old_ids

    _write(path, PLAN.format(days=60))
    ingest_document(register_document(path, _meta()))
    new_ids = set(_chunks_of("kowloon-care")["ids"])
    assert not new_ids & old_ids
    assert "next-version-che" not in {m["version"] for m in _chunks_of("kowloon-care")["metadatas"]}
    assert "60 days" in retrieve("waiting period for illness")[0].text


def test_failed_replacement_keeps_the_last_good_version(tmp_path: Path) -> None:
    path = _write(tmp_path / "plan.md", PLAN.format(days=30))
    ingest_document(register_document(path, _meta()))
    broken = _write(tmp_path / "plan-v2.md", "   ")
    with pytest.raises(DocumentError):
        ingest_document(register_document(broken, _meta()))
    doc = PlanDocument.objects.get(doc_id="kowloon-care")
    assert doc.status == "ready" and doc.error
    assert "30 days" in retrieve("waiting period for illness")[0].text


def test_deleting_a_document_removes_its_chunks(tmp_path: Path) -> None:
    ingest_document(register_document(_write(tmp_path / "plan.md", PLAN.format(days=30)), _meta()))
    assert _chunks_of("kowloon-care")["ids"]
    PlanDocument.objects.get(doc_id="kowloon-care").delete()
    assert not _chunks_of("kowloon-care")["ids"]
    assert retrieve("waiting period for illness") == []


def test_oversized_file_is_refused(tmp_path: Path, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1024
    path = _write(tmp_path / "big.md", PLAN.format(days=30) + "x " * 2000)
    with pytest.raises(DocumentError, match="limit is 1024"):
        register_document(path, _meta())
    assert not PlanDocument.objects.exists()


def test_the_same_file_under_a_second_id_is_not_indexed_twice(tmp_path: Path) -> None:
    """Journey test E7: a second copy was indexed, and the chat quoted each fact twice."""
    path = _write(tmp_path / "plan.md", PLAN.format(days=30))
    first = register_document(path, _meta())
    ingest_document(first)
    copy = register_document(_write(tmp_path / "copy.md", PLAN.format(days=30)), _meta(doc_id="copy"))
    with pytest.raises(DocumentError, match="already uploaded as kowloon-care"):
        ingest_document(copy)
    copy.refresh_from_db()
    assert copy.status == "failed" and not _chunks_of("copy")["ids"]
    assert {c.doc_id for c in retrieve("waiting period for illness")} == {"kowloon-care"}
    first.refresh_from_db()
    assert len(first.file_sha256) == 64, "the hash is recorded"
    assert ingest_document(first) > 0, "the first stays indexable"


def test_chunks_carry_their_citation_metadata(tmp_path: Path) -> None:
    ingest_document(register_document(_write(tmp_path / "plan.md", PLAN.format(days=30)), _meta()))
    meta = _chunks_of("kowloon-care")["metadatas"][0]
    for key in (
        "doc_id",
        "insurer",
        "product",
        "product_line",
        "language",
        "title",
        "section",
        "page",
        "effective_date",
        "version",
    ):
        assert key in meta
    assert meta["insurer"] == "Kowloon Test Assurance Limited"
    assert meta["effective_date"] == "2026-01-01"
    chunk = retrieve("claims within how many days")[0]
    assert chunk.is_current and chunk.citation()["is_current"]


def test_documents_ingested_in_several_groups_go_live_and_a_failed_group_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from knowledge import ingest

    monkeypatch.setattr(ingest, "GROUP_CHUNKS", 1)  # a group per document
    embed = ingest._embed_group

    def flaky(group: list[_Prepared]) -> list[list[float]]:
        if any(p.doc.doc_id == "plan-2" for p in group):
            raise RuntimeError("the embedder went away")
        return embed(group)

    monkeypatch.setattr(ingest, "_embed_group", flaky)
    docs = [
        register_document(
            _write(tmp_path / f"plan-{n}.md", PLAN.format(days=10 * n)), _meta(doc_id=f"plan-{n}")
        )
        for n in range(1, 5)
    ]
    outcomes: dict[str, Any] = {}
    ingest.ingest_documents(docs, lambda doc, outcome: outcomes.__setitem__(doc.doc_id, outcome))

    assert isinstance(outcomes.pop("plan-2"), DocumentError)
    assert all(isinstance(count, int) and count > 0 for count in outcomes.values()) and len(outcomes) == 3
    assert PlanDocument.objects.get(doc_id="plan-2").status == "failed" and not _chunks_of("plan-2")["ids"]
    for doc_id, count in outcomes.items():
        doc = PlanDocument.objects.get(doc_id=doc_id)
        assert doc.status == "ready" and doc.chunk_count == count == len(_chunks_of(doc_id)["ids"])


def test_an_unknown_insurer_is_added_for_review_and_routing_never_picks_it(tmp_path: Path) -> None:
    from crossborder.routing import Applicant, decide
    from crossborder.services import candidates
    from portal.models import Insurer

    doc = register_document(_write(tmp_path / "plan.md", PLAN.format(days=30)), _meta())
    insurer = Insurer.objects.get(name_en="Kowloon Test Assurance Limited")
    assert not insurer.ia_authorised and not insurer.mainland_licensed
    assert insurer.appetite.active is False  # type: ignore[attr-defined]
    assert doc.product is not None and doc.product.insurer == insurer
    assert "Kowloon Test Assurance Limited" in doc.review_note
    for jurisdiction in ("HK", "Shenzhen", "other_mainland"):
        outcome = decide(Applicant("gba_medical", jurisdiction, wanted=(insurer.slug,)), candidates())
        assert insurer not in outcome.chosen, jurisdiction
    # A second document of the same insurer finds it in the catalogue: no second insurer, no new note.
    again = register_document(
        _write(tmp_path / "other.md", PLAN.format(days=60)),
        _meta(doc_id="kowloon-other", product="kowloon-other", title="Other"),
    )
    assert Insurer.objects.filter(name_en="Kowloon Test Assurance Limited").count() == 1
    assert again.review_note == ""


def test_a_known_insurer_is_taken_from_the_catalogue_unchanged(demo_catalogue: None, tmp_path: Path) -> None:
    from portal.models import Insurer

    known = Insurer.objects.exclude(ia_authorised=False).first()
    assert known is not None
    before = (known.ia_authorised, known.mainland_licensed, known.product_lines)
    doc = register_document(
        _write(tmp_path / "plan.md", PLAN.format(days=30)),
        _meta(insurer=known.name_en, product="kowloon-new"),
    )
    known.refresh_from_db()
    assert doc.product is not None and doc.product.insurer == known and doc.review_note == ""
    assert (known.ia_authorised, known.mainland_licensed, known.product_lines) == before


def test_the_viewer_structure_of_a_new_version_is_cached_at_ingest(tmp_path: Path, monkeypatch: Any) -> None:
    import knowledge.viewer

    doc = register_document(_write(tmp_path / "plan.md", PLAN.format(days=30)), _meta())
    ingest_document(doc)
    monkeypatch.setattr(knowledge.viewer, "load_blocks", lambda *a: pytest.fail("the file was read again"))
    structure = knowledge.viewer.structure_of(PlanDocument.objects.get(pk=doc.pk))
    assert any("30 days" in u.text for u in structure.units)


def _stored_units(doc_id: str) -> list[Any]:
    from knowledge.models import AnswerUnit

    return list(AnswerUnit.objects.filter(version__document__doc_id=doc_id).select_related("version"))


def test_answer_units_are_stored_with_their_version_and_replaced_with_it(tmp_path: Path) -> None:
    import numpy as np

    from knowledge.embeddings import embedder_id
    from knowledge.units import units_of_version

    path = _write(tmp_path / "plan.md", PLAN.format(days=30))
    ingest_document(register_document(path, _meta()))
    doc = PlanDocument.objects.get(doc_id="kowloon-care")
    units = units_of_version(doc.doc_id, doc.checksum[:16], embedder_id())
    assert [u.text for u in units][1:3] == [
        "Illness is covered after a waiting period of 30 days.",
        "Accidents are covered from day one.",
    ]
    # Every unit has its section, the viewer's anchor of its block and a unit-length vector.
    assert units[1].heading == "Waiting periods" and units[1].anchor.startswith("p")
    assert all(u.vector is not None and abs(float(np.linalg.norm(u.vector)) - 1) < 1e-3 for u in units)

    _write(path, PLAN.format(days=60))
    ingest_document(register_document(path, _meta()))
    stored = _stored_units("kowloon-care")
    assert {u.version.version for u in stored} == {PlanDocument.objects.get(pk=doc.pk).checksum[:16]}
    assert any("60 days" in u.text for u in stored) and not any("30 days" in u.text for u in stored)

    PlanDocument.objects.filter(pk=doc.pk).delete()
    assert _stored_units("kowloon-care") == []


def test_a_document_indexed_before_units_were_stored_is_built_again(tmp_path: Path) -> None:
    from knowledge.models import DocumentVersion

    path = _write(tmp_path / "plan.md", PLAN.format(days=30))
    ingest_document(register_document(path, _meta()))
    DocumentVersion.objects.all().delete()
    ingest_document(register_document(path, _meta()))
    assert _stored_units("kowloon-care")


def test_the_viewer_renders_the_structure_stored_at_ingest(tmp_path: Path, monkeypatch: Any) -> None:
    from django.core.cache import cache

    import knowledge.viewer

    doc = register_document(_write(tmp_path / "plan.md", PLAN.format(days=30)), _meta())
    ingest_document(doc)
    cache.clear()  # another process: nothing cached, only the database
    monkeypatch.setattr(knowledge.viewer, "load_blocks", lambda *a: pytest.fail("the file was read again"))
    structure = knowledge.viewer.structure_of(PlanDocument.objects.get(pk=doc.pk))
    assert any("30 days" in u.text for u in structure.units)
