"""The team's evaluation sets share one tools folder: one build_docs.py, alts.py and check.py, each
taking the set as an argument (the sets held identical copies)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from knowledge.loaders import load_blocks
from tests.conftest import ROOT

SETS = ROOT / "knowledge" / "eval_sets"


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"eval_set_{name}", SETS / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_set_keeps_its_own_copy_of_the_shared_tools() -> None:
    for name in ("build_docs.py", "alts.py", "check.py"):
        assert (SETS / "tools" / name).is_file()
        assert not list(SETS.glob(f"*/tools/{name}")), name


# The never-tuned sets are the two holdouts; fresh-holdout is an outside tester's, kept as written.
CHECKED_SETS = [
    ("team", ["--editions"]),
    ("team-holdout", []),
    ("fresh-holdout", ["--as-written"]),
    # Its distractors, the demo corpus, hold two editions of Silver Harbour.
    ("fresh-holdout-d", ["--as-written", "--editions"]),
]


@pytest.mark.parametrize(("name", "flags"), CHECKED_SETS)
def test_each_set_checks_clean_with_the_shared_checker(
    name: str, flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    check = _tool("check")
    assert check.main([str(SETS / name), *flags]) == 0
    assert capsys.readouterr().out.strip().endswith("OK")
    if "--editions" not in flags:
        assert check.main([str(SETS / name), "--editions", *flags]) == 1, "the holdout holds no two editions"


def test_every_set_is_checked() -> None:
    held = {p.parent.name for p in SETS.glob("*/questions.jsonl")}
    assert held == {name for name, _ in CHECKED_SETS}


def test_build_docs_builds_the_set_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "tools" / "src").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "tools" / "src" / "plan.txt").write_text(
        "@format docx\n# Test Plan\n## Benefits\n| Benefit | Limit |\n| Room | HK$1,000 |\n- Fictional item\n",
        encoding="utf-8",
    )
    (tmp_path / "tools" / "src" / "note.txt").write_text(
        "@format big5\n測試計劃\n虛構文件。\n", encoding="utf-8"
    )
    assert _tool("build_docs").main([str(tmp_path)]) == 0
    assert (tmp_path / "docs" / "note.txt").read_bytes().decode("big5").startswith("測試計劃")
    blocks = load_blocks(tmp_path / "docs" / "plan.docx")
    assert [b.kind for b in blocks] == ["heading", "heading", "table", "item"]
