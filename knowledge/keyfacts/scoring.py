"""Key-fact extraction scored against hand-written gold (knowledge/data/keyfacts_gold.yaml)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.keyfacts.extract import Fact, extract_facts, value_key, verify
from knowledge.keyfacts.spec import DATA_DIR, vocabulary
from knowledge.loaders import Block, load_blocks

GOLD_PATH = DATA_DIR / "keyfacts_gold.yaml"


@dataclass
class Outcome:
    doc_id: str
    line: str
    attribute: str
    gold: str | None
    extracted: str | None
    low: bool
    correct: bool
    invented: bool


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Report:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)

    def accuracy(self) -> float:
        return sum(o.correct for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def by(self, key: str) -> dict[str, Tally]:
        tallies: dict[str, Tally] = defaultdict(Tally)
        for o in self.outcomes:
            tally = tallies[getattr(o, key) if key != "line_attribute" else f"{o.line}.{o.attribute}"]
            tally.total += 1
            tally.right += o.correct
        return dict(sorted(tallies.items()))

    def invented(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.invented]

    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]


def load_gold(path: Path = GOLD_PATH) -> dict[str, dict[str, str | None]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def manifest_documents(directory: Path) -> list[dict[str, str]]:
    """The documents of an evaluation set (manifest.json as in ../shared/eval-dev)."""
    raw = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    docs = raw if isinstance(raw, list) else raw["documents"]
    return [{**d, "path": str(directory / d["file"])} for d in docs]


def document_text(blocks: list[Block]) -> str:
    return "\n".join(
        [b.text for b in blocks] + [" ".join(b.header + [c for r in b.rows for c in r]) for b in blocks]
    )


def score_document(doc: dict[str, str], gold: dict[str, str | None]) -> list[Outcome]:
    """Outcomes for one document: a low-confidence fact counts as not extracted."""
    vocab = vocabulary()
    blocks = load_blocks(Path(doc["path"]))
    text = document_text(blocks)
    facts = extract_facts(blocks, doc["product_line"], vocab)
    outcomes = []
    for attribute in vocab.for_line(doc["product_line"]):
        fact: Fact | None = facts.get(attribute.key)
        shown = fact if fact is not None and not fact.is_low else None
        expected = gold.get(attribute.key)
        if shown is None:
            correct = expected is None
        else:
            correct = expected is not None and value_key(shown.value, attribute.type, vocab) == value_key(
                expected, attribute.type, vocab
            )
        outcomes.append(
            Outcome(
                doc_id=doc["doc_id"],
                line=doc["product_line"],
                attribute=attribute.key,
                gold=expected,
                extracted=fact.value if fact else None,
                low=bool(fact and fact.is_low),
                correct=correct,
                invented=fact is not None and not verify(fact, text),
            )
        )
    return outcomes


def score_sets(name: str, directories: list[Path], gold: dict[str, dict[str, str | None]]) -> Report:
    """Score every document of `directories`; raise KeyError naming a document without gold."""
    report = Report(name)
    for directory in directories:
        for doc in manifest_documents(directory):
            if doc["doc_id"] not in gold:
                raise KeyError(f"no gold key facts for {doc['doc_id']} ({directory})")
            report.outcomes.extend(score_document(doc, gold[doc["doc_id"]]))
    return report
