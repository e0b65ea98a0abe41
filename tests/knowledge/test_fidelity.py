"""Fidelity figures: counted from what the loaders return, so they can say when a loader regresses."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from knowledge.fidelity import text_is_clean


def test_text_is_clean_flags_what_layout_leaves_behind() -> None:
    assert text_is_clean("Entry age: 15 days to 70 years.")
    assert text_is_clean("等候期為三十日。")
    for dirty in [
        "\x7f Surgery",
        "• Surgery",
        "Zone Markets ---- -----",
        "treat- ment",
        "with no new declaration.",
    ]:
        assert not text_is_clean(dirty), dirty
    assert text_is_clean("with no new declaration.", starts_sentence=False), (
        "an item or a cell may start lower case"
    )


def test_command_counts_tables_headed_rows_clean_blocks_and_true_headings(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.md").write_text(
        "# Plan\n\n## Premiums\n\n| Age | Premium |\n|---|---|\n| 31–40 | HK$11,280 |\n| 41–50 | HK$14,350 |\n"
    )
    (docs / "notes.txt").write_text("CLAIMS\n\nSend the form within 90 days.\n")
    (docs / "ignored.csv").write_text("a,b\n")
    out = StringIO()
    call_command("fidelity", str(tmp_path), "--json", stdout=out)
    total = json.loads(out.getvalue())[str(tmp_path)]["total"]
    assert total["documents"] == 2 and total["failed"] == 0
    assert total["tables"] == 1 and total["rows"] == 2 and total["rows_with_headers"] == 2
    assert total["clean_blocks"] == 1.0 and total["true_headings"] == 1.0 and total["headings"] == 3
