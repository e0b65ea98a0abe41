"""`manage.py evaluate`: a fresh temporary index per run, figures with breakdowns, portal untouched."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from knowledge.evaluation import facts_ok, is_cross_lingual, norm
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from knowledge.models import PlanDocument
from knowledge.retrieval import retrieve
from tests.conftest import ROOT

ZH_PLAN = """測試用樣本文件 — 虛構保險公司及產品。

# 「安心」住院計劃

## 等候期

一般疾病的等候期為六十日；意外受傷無須等候。

## 保費

| 年齡 | 每年保費 |
|---|---|
| 31至40歲 | 港幣8,800元 |
"""


def _make_set(directory: Path) -> Path:
    (directory / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "harbourview-care.md", directory / "docs" / "harbourview.md")
    (directory / "docs" / "anxin.md").write_text(ZH_PLAN, encoding="utf-8")
    manifest = [
        {
            "file": "docs/harbourview.md",
            "doc_id": "hv",
            "insurer": "Harbourview Eval Assurance",
            "product": "hv",
            "product_line": "gba_medical",
            "language": "en",
            "title": "Harbourview Cross-Border Care Plan",
            "effective_date": "2026-01-01",
        },
        {
            "file": "docs/anxin.md",
            "doc_id": "anxin",
            "insurer": "安心測試保險有限公司",
            "product": "anxin",
            "product_line": "gba_medical",
            "language": "zh-Hant",
            "title": "「安心」住院計劃",
            "effective_date": None,
        },
    ]
    (directory / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    questions = [
        {
            "id": "e1",
            "lang": "en",
            "question": "How long is the illness waiting period of the Harbourview plan?",
            "kind": "answerable",
            "expect_docs": ["hv"],
            "must_include_any": [["45 days"]],
        },
        {
            "id": "e2",
            "lang": "yue",
            "question": "Harbourview 計劃嘅疾病等候期有幾耐？",
            "kind": "answerable",
            "expect_docs": ["hv"],
            "must_include_any": [["45"]],
        },
        {
            "id": "e3",
            "lang": "zh-Hant",
            "question": "「安心」住院計劃一般疾病的等候期是多少日？",
            "kind": "answerable",
            "expect_docs": ["anxin"],
            "must_include_any": [["六十日", "60日"]],
        },
        {
            "id": "e4",
            "lang": "en",
            "question": "Can you get me a quote?",
            "kind": "quote_intent",
            "expect_docs": [],
            "must_include_any": [],
        },
    ]
    (directory / "questions.jsonl").write_text(
        "\n".join(json.dumps(q, ensure_ascii=False) for q in questions), encoding="utf-8"
    )
    return directory


@pytest.mark.usefixtures("knowledge_index")
@pytest.mark.django_db
def test_evaluate_prints_figures_and_leaves_the_portal_index_alone(tmp_path: Path) -> None:
    portal_doc = register_document(
        ROOT / "tests" / "fixtures" / "harbourview-care.md",
        DocumentMeta(
            doc_id="portal-doc", insurer="Portal Insurer", product_line="gba_medical", title="Portal"
        ),
    )
    ingest_document(portal_doc)
    out = io.StringIO()
    call_command("evaluate", str(_make_set(tmp_path / "set")), json=True, stdout=out)
    report: dict[str, Any] = json.loads(out.getvalue())
    retrieval = report["retrieval"]
    assert report["ingest_failures"] == []
    assert retrieval["overall"]["n"] == 3
    assert retrieval["overall"]["hit@1"] == 1.0 and retrieval["overall"]["hit@5"] == 1.0
    assert retrieval["overall"]["facts_in_context"] == 1.0
    assert retrieval["by_crosslingual"]["cross-lingual"]["n"] == 1
    assert set(retrieval["by_lang"]) == {"en", "yue", "zh-Hant"}
    assert "answers" in report
    # The portal's own documents and chunks are as they were.
    assert list(PlanDocument.objects.values_list("doc_id", flat=True)) == ["portal-doc"]
    assert retrieve("illness waiting period")[0].doc_id == "portal-doc"

    text = io.StringIO()
    call_command("evaluate", str(tmp_path / "set"), stdout=text)
    assert "crosslingual=cross-lingual" in text.getvalue() and "hit@5" in text.getvalue()


@pytest.mark.usefixtures("knowledge_index")
@pytest.mark.django_db
def test_evaluate_indexes_a_set_whose_documents_the_portal_already_holds(tmp_path: Path) -> None:
    # After `make run` the demo set's documents are the portal's own, unchanged: the set's
    # temporary index must hold them all the same, and the portal's copies stay as they were.
    directory = _make_set(tmp_path / "set")
    held = register_document(
        directory / "docs" / "harbourview.md",
        DocumentMeta(
            doc_id="hv", insurer="Harbourview Eval Assurance", product="hv", product_line="gba_medical"
        ),
    )
    ingest_document(held)
    out = io.StringIO()
    call_command("evaluate", str(directory), json=True, stdout=out)
    report: dict[str, Any] = json.loads(out.getvalue())
    assert report["ingest_failures"] == []
    assert report["retrieval"]["overall"]["hit@5"] == 1.0
    assert list(PlanDocument.objects.values_list("doc_id", flat=True)) == ["hv"]
    assert retrieve("illness waiting period")[0].doc_id == "hv"


@pytest.mark.django_db
def test_evaluate_refuses_a_folder_without_a_set(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"manifest\.json is missing"):
        call_command("evaluate", str(tmp_path))


@pytest.mark.django_db
def test_evaluate_takes_one_set_or_several_folds_for_cross_validation(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="one set folder"):
        call_command("evaluate", str(tmp_path / "a"), str(tmp_path / "b"))
    with pytest.raises(CommandError, match="at least two sets"):
        call_command("evaluate", str(tmp_path / "a"), cv=True)
    with pytest.raises(CommandError, match=r"manifest\.json is missing"):
        call_command("evaluate", str(tmp_path / "a"), str(tmp_path / "b"), cv=True)


def _shared_sets(directory: Path, names: list[str]) -> Path:
    for name in names:
        (directory / name).mkdir(parents=True)
        (directory / name / "questions.jsonl").write_text("", encoding="utf-8")
    return directory


def test_cross_validation_folds_never_include_the_held_out_set(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from knowledge.evaluation import SHARED_SETS, default_folds

    settings.EVAL_SHARED_DIR = _shared_sets(tmp_path, list(SHARED_SETS))
    names = [d.name for d in default_folds()]
    assert names == [*SHARED_SETS, "demo_corpus", "team"]


def test_evaluate_cv_stops_naming_a_missing_default_set_rather_than_use_fewer(  # type: ignore[no-untyped-def]
    settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chat import training

    def load_folds(directories: list[Path], cache: Path) -> None:
        raise AssertionError(f"cross-validated on {[d.name for d in directories]}")

    monkeypatch.setattr(training, "load_folds", load_folds)
    # A copy away from ../shared: eval-dev-c is not where the setting says.
    settings.EVAL_SHARED_DIR = _shared_sets(tmp_path, ["eval-dev", "eval-dev-b"])
    with pytest.raises(CommandError, match=r"eval-dev-c.*PORTAL_EVAL_SHARED_DIR"):
        call_command("evaluate", cv=True)
    with pytest.raises(CommandError, match="eval-dev-c"):
        call_command("fit_answering")


def test_normalisation_follows_the_sets_scoring_rules() -> None:
    assert norm("ＨＫ＄９０％  萬") == "hk$90% 万"
    assert facts_ok("賠償 90 %，上限 300萬", [["90 %", "90%"], ["300万"]])
    assert not facts_ok("90%", [["90%"], ["45 days"]])


def test_cantonese_counts_as_traditional_chinese_for_the_cross_lingual_rule() -> None:
    languages = {"a": "zh-Hant", "b": "en"}
    assert not is_cross_lingual({"lang": "yue", "expect_docs": ["a"]}, languages)
    assert is_cross_lingual({"lang": "yue", "expect_docs": ["b"]}, languages)
    assert not is_cross_lingual({"lang": "yue", "expect_docs": ["a", "b"]}, languages)
