"""Turn the tester's questions and manifest (tools/tester_*.json*) into this set's manifest.json and
questions.jsonl, in the format of the other sets. The tester's wording and expected facts are kept."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SET = HERE.parent
DEMO = SET.parent.parent / "demo_corpus"
KINDS = {"A": "answerable", "U": "unanswerable", "V": "advice_refusal"}


def manifest() -> list[dict[str, str]]:
    tester = json.loads((HERE / "tester_manifest.json").read_text(encoding="utf-8"))
    own = [{**d, "file": f"docs/{d['file']}"} for d in tester]
    # The tester asked over the whole portal: the demo documents are the distractors they met.
    demo = json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))
    return own + [{**d, "file": f"../../demo_corpus/{d['file']}"} for d in demo]


def question(raw: dict[str, object]) -> dict[str, object]:
    kind = KINDS[str(raw["cat"])]
    return {
        "id": f"fresh-d-{str(raw['id']).lower()}",
        "lang": raw["lang"],
        "question": raw["q"],
        "kind": kind,
        "expect_docs": [raw["doc"]] if kind == "answerable" and raw.get("doc") else [],
        "must_include_any": raw.get("facts") or [] if kind == "answerable" else [],
        "notes": f"tester D: {raw.get('note', '')}",
    }


def main() -> None:
    raws = [json.loads(line) for line in (HERE / "tester_questions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    (SET / "manifest.json").write_text(json.dumps(manifest(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = [json.dumps(question(r), ensure_ascii=False) for r in raws]
    (SET / "questions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
