"""Features of candidate answer units, and the fitted model that turns them into probabilities.

Every candidate unit (a sentence, list item or table row of a document asked about) gets a
small vector of explainable numbers — lexical match, embedding similarity, answer-type
match, a question number inside a row's range, heading match, unit kind, which document it
is in. A logistic regression fitted on the question sets (`manage.py fit_answering`) weighs
them into the probability that the unit holds the answer. The weights, the standardisation
and the decline threshold live in `chat/data/answer_model.json`: retraining is a command,
not an edit, and scoring needs no scikit-learn.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from chat import extractive, grounding
from chat.extractive import Pick, has_figure
from chat.units import Unit
from knowledge.language import to_simplified
from knowledge.retrieval import RetrievedChunk

MODEL_PATH = Path(__file__).resolve().parent / "data" / "answer_model.json"

# Unit kinds the scorer tells apart, besides lead-ins ("lead") and contact lines ("contact").
UNIT_KINDS: tuple[str, ...] = ("row", "item", "definition")
UNIT_KINDS_PATH = Path(__file__).resolve().parent / "data" / "unit_kinds.yaml"

FEATURES: tuple[str, ...] = (
    # BM25 of the unit against the question's subject terms, over the candidate units, divided by the best.
    "bm25",
    # IDF-weighted share of the question's subject terms the unit (or, for half, its heading) carries.
    "coverage",
    # The same share for the question's best-covered part ("…? and …?"), 0 for a one-part question.
    "part_coverage",
    # The unit's coverage less the best coverage in its document.
    "coverage_gap",
    # The coverage of what introduces the unit: its list's lead-in, or the line before it.
    "context",
    # Share of the subject terms found in the unit's section heading.
    "heading",
    # Cosine of the multilingual USE vectors of the question (without names) and the unit.
    "cosine",
    # That cosine less the best cosine among the candidates (how far from the top).
    "cosine_gap",
    # The unit states what the question's answer type asks for (a sum, a rate, a period, a list…).
    "type_match",
    # The question asks for a figure and the unit states none.
    "type_missing",
    # A number of the question lies inside a range the unit states (an age band, a day band)…
    "band_in",
    # …or the unit states ranges, none of which holds it.
    "band_out",
    "listed",
    "lead",
    # log(characters): a one-word line answers nothing, a page-long paragraph everything.
    "length",
    # The unit's document is the one retrieval ranked first.
    "first_doc",
    # The question names the unit's document (its product, title or insurer).
    "named",
    # The question asks what changed between two editions, and the unit is in one only.
    "changed",
    # Phone numbers, e-mail and web addresses: contact lines, not answers.
    "contact",
    # Share of the question's subject terms the unit's document uses anywhere (either script).
    "doc_coverage",
    # The same share, IDF-weighted, over the document's candidate units and their headings.
    "doc_weighted",
    # The unit is in the other script than the question.
    "cross_script",
    # What kind of unit it is (`unit_kind_features`): a table row, a list item, a definition…
    *UNIT_KINDS,
    # …and whether it states figures only of kinds other than the one asked for.
    "other_figure",
)
ANSWER_TYPES = (
    "money",
    "percentage",
    "duration",
    "count",
    "yes_no",
    "list",
    "procedure",
    "eligibility",
    "other",
)
# BM25 parameters (the usual ones).
K1 = 1.2
B = 0.75
_PROCEDURE = re.compile(
    r"\bhow (do|can|should|would|to) |\bsteps?\b|\bprocedure\b|点样|如何|怎样|怎么|手续|程序|步骤"
)
_ELIGIBLE = re.compile(
    r"\beligib|\bwho can\b|\bcan (i|we|my)\b|\bqualif|资格|可否投保|可唔可以|可以投保|能否"
)
_YES_NO = re.compile(
    r"^(is|are|does|do|can|will|has|have)\b|吗[？?]?$|唔[^\s]{1,2}[？?]?$|有没有|有冇|是否|係咪"
)
_CONTACT = re.compile(r"\+\d{2,3}\s?\d|@[\w-]+\.|www\.|https?://")


def answer_type(question: str, understood: object | None = None) -> str:
    """The kind of answer a question asks for: what its wording says (the same reading chat.selection
    uses to pick a figure or a list), else chat.understanding's classifier."""
    worded = _worded_type(question)
    given = getattr(understood, "answer_type", None)
    if worded == "other" and isinstance(given, str) and given in ANSWER_TYPES:
        return given
    return worded


def _worded_type(question: str) -> str:
    kind = extractive.figure_kind(question)
    if kind:
        return kind
    folded = to_simplified(question.lower()).strip()
    if _list(question):
        return "list"
    if extractive.wants_figure(question):
        return "count"
    if _procedure(folded):
        return "procedure"
    if _ELIGIBLE.search(folded):
        return "eligibility"
    if _YES_NO.search(folded):
        return "yes_no"
    return "other"


def _procedure(folded: str) -> bool:
    return bool(_PROCEDURE.search(folded))


def _list(question: str) -> bool:
    from chat.selection import enumerated

    return bool(enumerated(question))


def _states(unit: Unit, kind: str) -> bool:
    """Whether a unit states an answer of `kind`."""
    if kind in {"money", "percentage", "duration"}:
        return has_figure(unit.text, kind)
    if kind == "count":
        return has_figure(unit.text)
    if kind == "list":
        return unit.listed or unit.is_lead
    return False


@dataclass(frozen=True)
class Question:
    """A question as the scorer sees it: its text, the parts it asks, and its context."""

    text: str
    names: tuple[str, ...]
    language: str
    kind: str
    doc_ids: tuple[str, ...]
    parts: tuple[str, ...] = ()
    changed: frozenset[int] = frozenset()


def unit_texts(units: Sequence[Unit]) -> list[Any]:
    """The units' words for matching terms; made once per question, they keep each term's weight."""
    return [extractive.unit_text(u) for u in units]


def scored(
    question: Question, units: Sequence[Unit], chunks: Sequence[RetrievedChunk], texts: Sequence[Any]
) -> tuple[np.ndarray, Matches]:
    """`features` and `matches` of the question, sharing its weighed terms (computed once)."""
    frequency = _frequency(texts)
    weights = _weights(question.text, units, question.names, frequency)
    return (
        features(question, units, chunks, texts, weights=weights, frequency=frequency),
        matches(question, units, texts, weights=weights),
    )


def features(
    question: Question,
    units: Sequence[Unit],
    chunks: Sequence[RetrievedChunk],
    texts: Sequence[Any] | None = None,
    *,
    weights: Weights | None = None,
    frequency: Counter[str] | None = None,
) -> np.ndarray:
    """One row of FEATURES per unit, for the question as a whole (`texts`: the units' `unit_texts`;
    `weights` and `frequency`, when given, what `_weights` and `_frequency` make of them)."""
    if not units:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    texts = texts if texts is not None else unit_texts(units)
    frequency = frequency if frequency is not None else _frequency(texts)
    if weights is None:
        weights = _weights(question.text, units, question.names, frequency)
    coverage = _shares(weights, units, texts)
    parts = [_shares(_weights(p, units, question.names, frequency), units, texts) for p in question.parts]
    part_coverage = np.max(np.stack(parts), axis=0) if parts else np.zeros(len(units))
    bm25 = _bm25(weights, units, texts)
    cosines = np.asarray(
        extractive.cosines(extractive.without_names(question.text, question.names), [u.text for u in units])
    )
    numbers = [t for t in dict.fromkeys(extractive.terms_of(question.text)) if t.isdigit()]
    per_doc = {
        d: _document(question, [c for c in chunks if c.doc_id == d]) for d in {u.chunk.doc_id for u in units}
    }
    chinese_question = question.language != "en"
    best = {d: max(coverage[i] for i, u in enumerate(units) if u.chunk.doc_id == d) for d in per_doc}
    weighted = {
        d: _weighted(weights, [(u, t) for u, t in zip(units, texts, strict=True) if u.chunk.doc_id == d])
        for d in per_doc
    }
    rows = []
    for number, unit in enumerate(units):
        in_band, out_band = _bands(numbers, unit.text)
        doc_coverage, named = per_doc[unit.chunk.doc_id]
        context = _context(units, number, coverage)
        heading = _heading_share(weights[unit.chunk.language != "en"], texts[number])
        rows.append(
            [
                bm25[number],
                coverage[number],
                part_coverage[number],
                coverage[number] - best[unit.chunk.doc_id],
                context,
                heading,
                max(cosines[number], 0.0),
                cosines[number] - cosines.max(),
                # A procedure is stated in the section named for its subject ("Claims procedure").
                float(heading > 0) if question.kind == "procedure" else float(_states(unit, question.kind)),
                float(
                    question.kind in {"money", "percentage", "duration", "count"}
                    and not has_figure(unit.text)
                ),
                in_band,
                out_band,
                float(unit.listed),
                float(unit.is_lead),
                math.log(1 + len(unit.text)),
                float(bool(question.doc_ids) and unit.chunk.doc_id == question.doc_ids[0]),
                named,
                float(unit.order in question.changed),
                float(bool(_CONTACT.search(unit.text))),
                doc_coverage,
                weighted[unit.chunk.doc_id],
                float((unit.chunk.language != "en") != chinese_question),
                *unit_kind_features(unit, question.kind),
            ]
        )
    return np.asarray(rows, dtype=np.float32)


Weights = dict[bool, list[tuple[str, float]]]
_FIGURE_TYPES = ("money", "percentage", "duration")


@functools.cache
def _definition() -> re.Pattern[str]:
    import yaml

    cues = yaml.safe_load(UNIT_KINDS_PATH.read_text(encoding="utf-8"))["definition"]
    return re.compile("|".join(cues), re.IGNORECASE)


def unit_kind_features(unit: Unit, kind: str) -> list[float]:
    """The unit's kind (UNIT_KINDS, one-hot beside sentences), and "other_figure": the question asks
    for a sum, rate or period and the unit states figures, none of that kind — a definition or a
    neighbouring row that shares the question's words but answers another question."""
    other = kind in _FIGURE_TYPES and has_figure(unit.text) and not has_figure(unit.text, kind)
    return [
        float(unit.kind == "row"),
        float(unit.kind == "item"),
        float(bool(_definition().search(unit.text))),
        float(other),
    ]


def _context(units: Sequence[Unit], number: int, coverage: np.ndarray) -> float:
    unit = units[number]
    if unit.lead is not None:
        return float(coverage[unit.lead])
    before = units[number - 1] if number else None
    if before is not None and before.chunk.doc_id == unit.chunk.doc_id:
        return float(coverage[number - 1])
    return 0.0


def _weighted(weights: Weights, units: Sequence[tuple[Unit, Any]]) -> float:
    """The IDF-weighted share of the question's terms that some unit of a document (or its heading) carries."""
    found = total = 0.0
    for script in (False, True):
        mine = [text for unit, text in units if (unit.chunk.language != "en") == script]
        if not mine:
            continue
        for term, weight in weights[script]:
            total += weight
            found += weight * max(text.weight_of(term) for text in mine)
    return found / total if total else 0.0


def _frequency(texts: Sequence[Any]) -> Counter[str]:
    """In how many of the candidate units each term occurs (the question and each part share it)."""
    return Counter(t for ut in texts for t in ut.terms)


def _weights(question: str, units: Sequence[Unit], names: Sequence[str], frequency: Counter[str]) -> Weights:
    """The question's subject terms (in each script) with their IDF over the candidate units."""
    asked = extractive.asked_terms(question, names)
    total = len(units) + 1

    def idf(slot: str) -> float:
        return min(math.log(1 + total / (1 + frequency[term])) for term in slot.split("|"))

    return {script: [(t, idf(t)) for t in terms] for script, terms in asked.items()}


def _shares(weights: Weights, units: Sequence[Unit], texts: Sequence[Any]) -> np.ndarray:
    """Per unit, the IDF-weighted share of the question's subject terms it carries (in its script)."""
    shares = []
    for unit, text in zip(units, texts, strict=True):
        mine = weights[unit.chunk.language != "en"]
        found = sum(w * text.weight_of(t) for t, w in mine)
        shares.append(found / (sum(w for _, w in mine) or 1.0))
    return np.asarray(shares)


def _bm25(weights: Weights, units: Sequence[Unit], texts: Sequence[Any]) -> np.ndarray:
    """BM25 of each unit for the question's subject terms, over the candidate units, best = 1."""
    lengths = np.asarray([max(len(t.terms), 1) for t in texts], dtype=np.float64)
    average = float(lengths.mean()) if len(lengths) else 1.0
    scores = np.zeros(len(units))
    for number, (unit, text) in enumerate(zip(units, texts, strict=True)):
        norm = K1 * (1 - B + B * lengths[number] / average)
        for term, idf in weights[unit.chunk.language != "en"]:
            found = 1.0 if text.weight_of(term) >= 1.0 else 0.0
            scores[number] += idf * found * (K1 + 1) / (found + norm)
    best = scores.max() if len(scores) else 0.0
    return scores / best if best > 0 else scores


def _heading_share(weights: list[tuple[str, float]], text: Any) -> float:
    total = sum(w for _, w in weights)
    return sum(w for t, w in weights if text.in_heading(t)) / total if total else 0.0


def _bands(numbers: Sequence[str], text: str) -> tuple[float, float]:
    if not numbers or not extractive.states_range(text):
        return 0.0, 0.0
    inside = any(extractive.in_range(n, text) for n in numbers)
    return float(inside), float(not inside)


def _document(question: Question, chunks: Sequence[RetrievedChunk]) -> tuple[float, float]:
    """Question-level facts about one candidate document: term coverage, and whether it is named."""
    same = [c for c in chunks if (c.language != "en") == (question.language != "en")]
    if same:
        coverage = grounding.coverage(question.text, same, question.names)
    else:
        coverage = grounding.translated_coverage(question.text, chunks, question.names)
    first = chunks[0] if chunks else None
    named = first is not None and _named(question.text, first)
    return coverage, float(named)


def _named(question: str, chunk: RetrievedChunk) -> bool:
    folded = to_simplified(question.lower())
    names = [chunk.title, chunk.product.replace("-", " ")]
    return any(n and to_simplified(n.lower()) in folded for n in names) or _product_word(folded, chunk)


def _product_word(folded: str, chunk: RetrievedChunk) -> bool:
    """A distinctive word of the product's name ("FlexiCare" of "FlexiCare Plus")."""
    words = re.findall(r"[a-z][a-z0-9]{4,}", chunk.product.lower()) + re.findall(
        r"[a-z][a-z0-9]{4,}", chunk.title.lower()
    )
    common = {"insurance", "cover", "health", "medical", "plan", "policy", "summary", "hospital", "product"}
    return any(w not in common and re.search(rf"\b{w}", folded) for w in words)


# Per candidate document, from its units' features and probabilities: whether it answers at all.
DOCUMENT_FEATURES: tuple[str, ...] = (
    # log-odds of its best unit.
    "best_logit",
    # The best unit's features that say whether anything in the document is about the question.
    "best_coverage",
    "best_cosine",
    "best_type_match",
    "best_type_missing",
    # Whether the units that carry most of the question's subject all lack the figure it asks for
    # ("the subsidy rate and cap follow the government's notice").
    "subject_type_missing",
    # The best any unit of the document gets.
    "max_coverage",
    "max_cosine",
    "doc_coverage",
    "cross_script",
)
_COLUMN = {name: number for number, name in enumerate(FEATURES)}


def document_features(rows: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """The DOCUMENT_FEATURES of one document, from its units' rows and probabilities."""
    best = int(np.argmax(probabilities))
    p = float(np.clip(probabilities[best], 1e-6, 1 - 1e-6))
    top = rows[best]
    coverage = rows[:, _COLUMN["coverage"]]
    on_subject = rows[coverage >= coverage.max() - 1e-6]
    return np.asarray(
        [
            math.log(p / (1 - p)),
            top[_COLUMN["coverage"]],
            top[_COLUMN["cosine"]],
            top[_COLUMN["type_match"]],
            top[_COLUMN["type_missing"]],
            on_subject[:, _COLUMN["type_missing"]].min(),
            rows[:, _COLUMN["coverage"]].max(),
            rows[:, _COLUMN["cosine"]].max(),
            top[_COLUMN["doc_coverage"]],
            top[_COLUMN["cross_script"]],
        ],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class Regression:
    """A logistic regression over standardised features."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(0)
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def to_json(self, names: Sequence[str]) -> dict[str, Any]:
        return {
            "features": list(names),
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "coef": [round(float(x), 6) for x in self.coef],
            "intercept": round(self.intercept, 6),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], names: Sequence[str]) -> Regression:
        if list(data["features"]) != list(names):
            raise ValueError("the answer model was fitted on other features: run manage.py fit_answering")
        return cls(
            np.asarray(data["mean"]),
            np.asarray(data["scale"]),
            np.asarray(data["coef"]),
            float(data["intercept"]),
        )


def fit_regression(rows: np.ndarray, labels: np.ndarray, *, balanced: bool = False) -> Regression:
    """Fit on standardised features (scikit-learn is needed only here, not to answer).

    `balanced` weighs both classes equally, so the probabilities do not carry the share of
    positives in the sets fitted on (see `fit_models`).
    """
    from sklearn.linear_model import LogisticRegression

    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    regression = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced" if balanced else None)
    regression.fit((rows - mean) / scale, labels)
    return Regression(mean, scale, regression.coef_[0], float(regression.intercept_[0]))


# L2 penalty of the ranking fit, per question, on standardised weights (the λ of C = 1 / λ).
RANKING_L2 = 1.0


def fit_ranking(
    rows: np.ndarray, labels: np.ndarray, groups: np.ndarray, *, l2: float = RANKING_L2
) -> Regression:
    """A unit model whose weights order each question's candidates, then whose scale is calibrated.

    What an answer needs is the answering unit above the others *of its question*: a pointwise
    regression over the units of all questions instead learns what answering units share across
    questions (a well-covered question, a named document), and weighed contact lines and lead-ins
    by how often they sit in easy questions. The weights come from a conditional logit — a
    softmax over each question's candidates (`groups`), maximising the share on its positives —
    which only question-internal differences inform. A one-dimensional logistic regression of the
    labels on that score then turns it into probabilities (Platt scaling), so selection's ratios
    read it as before; being linear, the result is a `Regression` like any other. Whether a
    document answers at all is still the pointwise model's to say (`Model.units`): what the
    softmax cannot see — how well a question is covered at all — is what that needs.
    """
    from scipy.optimize import minimize
    from sklearn.linear_model import LogisticRegression

    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    standard = (rows - mean) / scale
    # Only a question with answering and other units says anything about the order.
    informative = [
        members
        for members in (np.flatnonzero(groups == g) for g in np.unique(groups))
        if 0 < labels[members].sum() < len(members)
    ]
    if not informative:
        raise ValueError("no question has both answering and other candidates to rank")

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        total = 0.5 * l2 * float(weights @ weights)
        gradient = l2 * weights
        for members in informative:
            x = standard[members]
            z = x @ weights
            positive = labels[members] > 0
            every = _softmax(z)
            answering = _softmax(np.where(positive, z, -np.inf))
            total += _logsumexp(z) - _logsumexp(z[positive])
            gradient = gradient + x.T @ (every - answering)
        return total, gradient

    fitted = minimize(loss, np.zeros(rows.shape[1]), jac=True, method="L-BFGS-B")
    score = standard @ fitted.x
    platt = LogisticRegression(C=1.0, max_iter=2000).fit(score[:, None], labels)
    slope = float(platt.coef_[0][0])
    return Regression(mean, scale, slope * fitted.x, float(platt.intercept_[0]))


def _logsumexp(z: np.ndarray) -> float:
    top = float(z.max())
    return top + math.log(float(np.exp(z - top).sum()))


def _softmax(z: np.ndarray) -> np.ndarray:
    finite = np.isfinite(z)
    top = z[finite].max()
    e = np.where(finite, np.exp(np.where(finite, z, top) - top), 0.0)
    return np.asarray(e / e.sum())


@dataclass(frozen=True)
class Model:
    """Which units hold the answer, whether a document answers at all, and the bar for the latter."""

    units: Regression
    documents: Regression
    threshold: float
    # Which of a document's units answer best (`fit_ranking`); without it, `units` ranks them too.
    ranking: Regression | None = None

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Per unit, the probability it holds the answer, as the ranking model orders them."""
        return (self.ranking or self.units).probabilities(rows)

    def answerability(self, rows: np.ndarray, doc_ids: Sequence[str]) -> dict[str, float]:
        """Per document of the candidate units (`doc_ids[i]` is unit i's), the probability it answers."""
        probabilities = self.units.probabilities(rows)
        result = {}
        for doc_id in dict.fromkeys(doc_ids):
            mine = np.asarray([d == doc_id for d in doc_ids])
            summary = document_features(rows[mine], probabilities[mine])
            result[doc_id] = float(self.documents.probabilities(summary[None, :])[0])
        return result

    def with_threshold(self, threshold: float) -> Model:
        return replace(self, threshold=threshold)

    def to_json(self) -> dict[str, Any]:
        data = {
            "units": self.units.to_json(FEATURES),
            "documents": self.documents.to_json(DOCUMENT_FEATURES),
            "threshold": round(self.threshold, 6),
        }
        if self.ranking is not None:
            data["ranking"] = self.ranking.to_json(FEATURES)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        return cls(
            Regression.from_json(data["units"], FEATURES),
            Regression.from_json(data["documents"], DOCUMENT_FEATURES),
            float(data["threshold"]),
            Regression.from_json(data["ranking"], FEATURES) if "ranking" in data else None,
        )


@functools.lru_cache(maxsize=1)
def default_model() -> Model:
    return Model.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def matches(
    question: Question,
    units: Sequence[Unit],
    texts: Sequence[Any] | None = None,
    *,
    weights: Weights | None = None,
) -> list[tuple[frozenset[str], tuple[tuple[str, float], ...]]]:
    """Per unit, the question's subject terms it carries and every term's IDF weight (in its script)."""
    texts = texts if texts is not None else unit_texts(units)
    if weights is None:
        weights = _weights(question.text, units, question.names, _frequency(texts))
    result = []
    for unit, text in zip(units, texts, strict=True):
        mine = tuple(weights[unit.chunk.language != "en"])
        result.append((frozenset(t for t, _ in mine if text.weight_of(t) >= 1.0), mine))
    return result


def rank(
    question: Question, units: Sequence[Unit], chunks: Sequence[RetrievedChunk], model: Model
) -> list[Pick]:
    """Every unit with the model's probability that it holds the answer, best first."""
    rows, matched = scored(question, units, chunks, unit_texts(units))
    return picks(units, model.probabilities(rows), matched)


Matches = list[tuple[frozenset[str], tuple[tuple[str, float], ...]]]


def picks(units: Sequence[Unit], probabilities: np.ndarray, matched: Matches) -> list[Pick]:
    """The units as picks scored by their probabilities, best first."""
    ranked = [
        Pick(unit, float(p), terms, weights)
        for unit, p, (terms, weights) in zip(units, probabilities, matched, strict=True)
    ]
    ranked.sort(key=lambda p: (-p.score, p.unit.order))
    return ranked


def unknown_names(question: Question, chunks: Sequence[RetrievedChunk]) -> frozenset[str]:
    """The documents that never mention a place, hospital or kind of cover the question names.

    This is entity grounding, and it comes before the model: what a plan says of other countries
    or hospitals says nothing of the one asked about (domain brief: never invent cover there).
    """
    unknown = set()
    for doc_id in dict.fromkeys(c.doc_id for c in chunks):
        mine = [c for c in chunks if c.doc_id == doc_id]
        same = [c for c in mine if (c.language != "en") == (question.language != "en")]
        if grounding.names_unknown(question.text, mine, same, question.names):
            unknown.add(doc_id)
    return frozenset(unknown)
