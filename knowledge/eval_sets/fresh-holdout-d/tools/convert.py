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


# The words by which the tester's questions name each document (its title's brand, either script).
NAMES = {
    "test-kapok-health-shield-2026": ["kapok"],
    "test-yuehong-hospital-2026": ["悅康", "悦康", "yuet hong"],
    "test-jinsui-annuity-2026": ["金穗", "jinsui"],
    "test-shipsure-export-credit-2026": ["shipsure"],
    "test-junksail-seller-protection-2026": ["junk sail", "junksail"],
    "lantau-bridgecare": ["bridgecare"],
    "lantau-silverharbour-2026": ["silver harbour", "银港", "銀港"],
    "taipo-familycare": ["familycare"],
    "kwuntong-tradeguard": ["tradeguard"],
}


# A question naming no plan, by the line it asks of: that line's documents are the related ones.
LINES = {"gba_medical": ["醫療", "医疗", "medical"], "export_credit": ["出口信用", "export credit"]}


def of_line(text: str) -> list[str]:
    folded = text.lower()
    lines = [line for line, words in LINES.items() if any(w in folded for w in words)]
    return [str(d["doc_id"]) for d in manifest() if d["product_line"] in lines]


def named(text: str) -> list[str]:
    folded = text.lower()
    return [doc for doc, words in NAMES.items() if any(w in folded for w in words)]


def question(raw: dict[str, object]) -> dict[str, object]:
    kind = KINDS[str(raw["cat"])]
    own = [str(raw["doc"])] if raw.get("doc") else []
    docs = list(dict.fromkeys(own + (named(str(raw["q"])) if kind != "unanswerable" else [])))
    if kind == "advice_refusal" and not docs:
        docs = of_line(str(raw["q"]))
    facts = raw.get("facts") or [] if kind == "answerable" else []
    note = f"tester D: {raw.get('note', '')}"
    if kind == "unanswerable":
        note += " Good reply: expected kind no_answer."
    return {
        "id": f"fresh-d-{str(raw['id']).lower()}",
        "lang": raw["lang"],
        "question": raw["q"],
        "kind": "compare" if kind == "answerable" and len(docs) > 1 else kind,
        "expect_docs": docs,
        "must_include_any": facts,
        "notes": note,
    }


def main() -> None:
    raws = [
        json.loads(line)
        for line in (HERE / "tester_questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    (SET / "manifest.json").write_text(
        json.dumps(manifest(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    lines = [json.dumps(question(r), ensure_ascii=False) for r in raws]
    (SET / "questions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
