"""From a visitor's message to what the pipeline needs to know about it.

Language and script (knowledge.language), intent, kind of advice asked and answer
type (chat.intents: a classifier over USE vectors fitted on labelled exemplars), the
question's form (comparison, "which plans…", follow-up), the entities it names grounded
in what the portal holds (chat.entities), and the retrieval query.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from django.utils import translation

from chat import entities, intents, messages, spelling, tiers
from chat.enquiry import line_of, without_line_words
from knowledge.language import reader_language, to_simplified, to_traditional
from knowledge.places import containing, names_of, places
from knowledge.text import fold, tokenize
from portal.models import ProductLine

# Routed to a person whatever they name: no grounding needed.
PERSON_INTENTS = frozenset({"handoff", "complaint"})
# A question naming two products is a comparison when the classifier gives that at least this
# probability: the two names are evidence the text alone does not weigh ("BayCare 同雙城樂活，
# 最高投保年齡分別係幾多歲？" reads 0.28 comparison, 0.61 single).
COMPARISON_WITH_TWO_NAMES = 0.2
# A question naming one plan by its own name is about that plan unless its wording plainly asks
# about several ("How does BridgeCare compare with the others?" reads over 0.9 comparison):
# "Harbourview Plus 計劃嘅房租同膳食每日最多賠幾多？" reads 0.71 comparison (its 同 joins two
# benefits), and a question about one named annuity's entry ages 0.6 "which plans".
SEVERAL_WITH_ONE_NAME = 0.8


@dataclass(frozen=True)
class Understanding:
    question: str
    language: str  # "en", "zh-Hant" (written Cantonese too) or "zh-Hans"
    intent: str  # answer | refusal | quote | handoff | complaint | out_of_scope | greeting
    refusal_kind: (
        str | None
    )  # recommendation | guarantee_{amount,premium,acceptance,claim} | tax_legal | mpf_withdrawal
    answer_type: (
        str  # money | percentage | duration | count | yes_no | list | procedure | eligibility | other
    )
    comparison: bool
    which_plans: bool
    follow_up: bool
    query: str  # what retrieval searches for
    named_documents: list[str] = field(default_factory=list)
    named_products: list[str] = field(default_factory=list)
    product_lines: list[str] = field(default_factory=list)  # of the named products
    unknown_entities: list[str] = field(default_factory=list)  # named, but the portal holds nothing
    unknown_editions: list[int] = field(default_factory=list)
    confidence: float = 1.0  # the intent's probability
    # For "which plans…?" naming none: the product line its own words ask about, or "".
    asked_line: str = ""
    # "plan" (its terms) or "record" (the insurer's ratings, solvency, past results: chat/record.py).
    topic: str = "plan"

    @property
    def names_unknown(self) -> bool:
        """The question asks about an insurer, product or edition the portal has no documents for."""
        return bool(self.unknown_entities or self.unknown_editions)

    @functools.cached_property  # grounds each unknown name: read once per question
    def compares_unheld(self) -> bool:
        """A comparison of held plans with names the portal has no documents for ("BridgeCare vs
        SunnyCare Plus"): the held plans are answered, the others said to be not held. Not an
        edition or tier of a held plan ("BridgeCare Platinum"): that plan is asked about as it is
        not, and is declined."""
        return (
            self.comparison
            and bool(self.named_products)
            and bool(self.unknown_entities)
            and not self.unknown_editions
            and not any(entities.ground(name).documents for name in self.unknown_entities)
        )


def understand(question: str, history: Sequence[str] = (), *, language: str | None = None) -> Understanding:
    """Everything the pipeline decides about a message before it reads any document."""
    labels = intents.classify(question)
    intent = labels.intent
    grounded = (
        entities.Entities(corrected=question) if intent in PERSON_INTENTS else entities.ground(question)
    )
    # "And the other plan?" is only a follow-up when there is something it follows.
    follow_up = bool(history) and labels.form == "follow_up"
    if intent in {"out_of_scope", "greeting"} and (
        follow_up or (grounded.documents and entities.named_beyond_places(question))
    ):
        # A message naming a plan the portal holds, or continuing a question, is about insurance;
        # one naming a plan's or insurer's place only ("dim sum in Sham Shui Po") is not.
        intent = "answer"
    # Misspelt subject words spelt as the documents spell them, for retrieval and the answer model.
    corrected = spelling.corrected(grounded.corrected or question)
    # A follow-up that asks no kind of answer of its own ("And for a 62-year-old?", "咁 FamilyCare
    # 呢？") asks the earlier aspect again; one that does ("And the waiting period?") asks its own,
    # of the plan the conversation is about (carried below).
    query = f"{_aspect(history)} {corrected}" if follow_up and _elliptical(labels) else corrected
    if (
        intent == "answer"
        and not grounded.documents
        and not grounded.unknown
        and labels.form != "which_plans"
    ):
        # "And the maximum entry age?" asks about the plan the conversation is about: the last
        # earlier question that named one (a message naming another plan switches to it).
        carried = _carried(history)
        if carried is not None:
            grounded = carried
            query = f"{_names_of(carried, reader_language(question, language, history))} {query}"
    # Only a question to answer reads documents by line (a quote request's words are its fields).
    asked_line = "" if grounded.lines or intent != "answer" else worded_line(corrected)
    if asked_line and _is_which_plans(labels, grounded):
        # "Which pension plans…?": the line's words choose the documents; the rest is asked of them.
        query = without_line_words(query)
    query = _with_places(query)
    return Understanding(
        question=question,
        language=reader_language(question, language, history),
        intent=intent,
        refusal_kind=labels.refusal_kind if intent == "refusal" else None,
        answer_type=labels.answer_type,
        comparison=_is_comparison(labels, grounded),
        which_plans=_is_which_plans(labels, grounded),
        follow_up=follow_up,
        query=query,
        named_documents=grounded.documents,
        named_products=grounded.products,
        product_lines=grounded.lines,
        unknown_entities=grounded.unknown,
        unknown_editions=grounded.unknown_editions,
        confidence=labels.intent_probability,
        asked_line=asked_line,
        topic=labels.topic,
    )


def _elliptical(labels: intents.Labels) -> bool:
    """A follow-up that asks for no kind of answer of its own: it only changes whom or what the
    earlier question is about."""
    return labels.answer_type == "other"


def _aspect(history: Sequence[str]) -> str:
    """What the conversation last asked about: the latest earlier question that asked its own
    aspect, less the plans it named (a follow-up may name another, or the conversation's is
    carried by name)."""
    for number, earlier in enumerate(reversed(history)):
        labels = intents.classify(earlier)
        if number == len(history) - 1 or not (labels.form == "follow_up" and _elliptical(labels)):
            return _without_held_names(earlier)
    return ""


def _without_held_names(text: str) -> str:
    """`text` less the names of the held plans (and their insurers) it names."""
    for name in entities.names_of(entities.ground(text).documents):
        pattern = rf"\b{re.escape(name)}\b" if name.isascii() else re.escape(name)
        text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def _carried(history: Sequence[str]) -> entities.Entities | None:
    """The plans the latest earlier question naming any named, with nothing unknown."""
    for earlier in reversed(history):
        grounded = entities.ground(earlier)
        if grounded.unknown:
            return None
        if grounded.documents:
            return grounded
    return None


def _names_of(grounded: entities.Entities, language: str) -> str:
    """The named products' names as the conversation wrote them ("BridgeCare"), else as the reader's
    language does, for retrieval to find them by: a plan's full English name in a Chinese query
    only dilutes its words."""
    by_id = {h.doc_id: h for h in entities.holdings()}
    return " ".join(
        dict.fromkeys(
            _as_written(grounded.corrected, d) or by_id[d].product_name_in(language)
            for d in grounded.documents
            if d in by_id
        )
    )


def _as_written(text: str, doc_id: str) -> str:
    """The longest of a held document's names that `text` writes, as it writes it, or ""."""
    folded = text.casefold()
    for name in entities.names_of([doc_id]):
        at = folded.find(name.casefold())
        if at >= 0 and len(folded) == len(text):
            return text[at : at + len(name)]
    return ""


def _with_places(query: str) -> str:
    """The query with each country or region it names written in the other script too ("Japan"
    → 日本, 東盟 → ASEAN), so a document that writes 東盟十國 answers "ASEAN"; and with the regions
    containing it, and the country a state or city is in, in both ("Germany" → EU, 欧洲; "Texas" →
    United States, 美國), as documents price and list cover by region."""
    latin = query.isascii()
    folded = query.casefold()
    extra: list[str] = []
    for place in places(query):
        written = any(n.casefold() in folded for n in place.names)
        extra += [n for n in place.names if not written or n.isascii() != latin]
        extra += [n for region in sorted(containing(place.code)) for n in names_of(region)]
    return " ".join([query, *(n for n in dict.fromkeys(extra) if n.casefold() not in folded)])


def _is_comparison(labels: intents.Labels, grounded: entities.Entities) -> bool:
    if grounded.compared_unknown:  # "橋安和安康保哪個…": a held plan compared with an unheld one
        return True
    # Two plans named alike, or two held editions ("2025年版同2026年版").
    if len(grounded.strongly_named) >= 2 or len(grounded.editions) >= 2:
        return True
    if len(grounded.plans) == 1:
        return labels.comparison_probability >= SEVERAL_WITH_ONE_NAME
    if labels.form == "comparison":
        return True
    return len(grounded.plans) >= 2 and labels.comparison_probability >= COMPARISON_WITH_TWO_NAMES


def _is_which_plans(labels: intents.Labels, grounded: entities.Entities) -> bool:
    if labels.form != "which_plans":
        return False
    return len(grounded.plans) != 1 or labels.which_plans_probability >= SEVERAL_WITH_ONE_NAME


def named_held(understood: Understanding | None) -> list[entities.Held]:
    """The held documents a message names, best-named first."""
    if understood is None:
        return []
    by_id = {h.doc_id: h for h in entities.holdings()}
    return [by_id[d] for d in understood.named_documents if d in by_id]


def not_held_reply(understood: Understanding) -> str:
    """What the portal has no documents for (insurer, product, edition), what it holds for that line
    (the named product's, when an edition of it is asked for, else the line the question's other
    words are about), then the usual decline. With no line to tell, a short list by line."""
    line = _asked_line(understood)
    held = entities.holdings()
    with translation.override(understood.language.lower()):
        labels = {h.listed_line: str(ProductLine(h.listed_line).label) for h in held if h.listed_line}
    by_line: dict[str, list[str]] = {}
    for h in held:
        if h.listed_line:
            by_line.setdefault(h.listed_line, []).append(_in_readers_script(h, understood.language))
    if line:
        titles = list(dict.fromkeys(by_line.get(line, [])))
    else:
        slash = " / " if understood.language == "en" else "／"
        opening, closing = (" (", ")") if understood.language == "en" else ("（", "）")
        titles = [
            f"{labels[key]}{opening}{slash.join(dict.fromkeys(names))}{closing}"
            for key, names in by_line.items()
        ]
    named = named_held(understood)
    return messages.not_held(
        understood.language,
        understood.unknown_entities,
        understood.unknown_editions,
        line,
        labels.get(line, ""),
        titles,
        edition_of=named[0].product_name if named else "",
        tiers=_tiers_held(understood, named),
    )


def _tiers_held(understood: Understanding, named: list[entities.Held]) -> dict[str, list[str]]:
    """For a tier asked of held plans that their documents lack ("BridgeCare Platinum"), the tiers
    each plan's document has, in the reader's script: what the reader may ask instead."""
    if not any(tiers.mentions_tier(name) for name in understood.unknown_entities):
        return {}
    convert = {"zh-Hans": to_simplified, "zh-Hant": to_traditional}.get(understood.language, str)
    held = {}
    for plan in named:
        levels = tiers.tiers_of(plan.doc_id)
        if levels is not None:
            held[_in_readers_script(plan, understood.language)] = [convert(t) for t in levels]
    return held


def _in_readers_script(held: entities.Held, language: str) -> str:
    """A held plan's name for the reader; a document's Chinese title (no product names it yet) in
    the reader's script."""
    name = held.product_name_in(language)
    if held.localised_names:
        return name
    return {"zh-Hans": to_simplified, "zh-Hant": to_traditional}.get(language, str)(name)


def worded_line(question: str) -> str:
    """The product line a question's own words name: the enquiry's line vocabulary ("patent",
    "年金"), else the phrases key facts are stated in per line (knowledge/data/keyfacts.yaml:
    "customs", "credit period"), each counting by how few lines use it. "" when the words
    name none, or two lines alike: retrieval tells then."""
    named = line_of(question)
    if named:
        return named
    text = fold(question)
    phrases = _line_phrases()
    found = {line: {p for p in words if _mentions(text, p)} for line, words in phrases.items()}
    return _rarest_line(found, phrases)


def _mentions(text: str, phrase: str) -> bool:
    if phrase.isascii():
        return re.search(rf"\b{re.escape(phrase)}", text) is not None
    return phrase in text


@functools.cache
def _line_phrases() -> dict[str, frozenset[str]]:
    """Per product line, the phrases its key facts are stated and asked in (folded)."""
    from knowledge.keyfacts.spec import vocabulary

    facts = vocabulary()
    phrases: dict[str, frozenset[str]] = {}
    for line, attributes in facts.attributes.items():
        words = {
            *(w for a in attributes for w in (*a.synonyms, *a.row_synonyms)),
            *(w for a in attributes for group in a.concepts for w in group),
            *(w for a in attributes for kind in facts.kinds.get(a.type, {}).values() for w in kind),
            *(w for a in attributes for w in facts.readers.get(a.type, {}).get("words", ())),
        }
        phrases[line] = frozenset(fold(w) for w in words if len(w) > 1)
    return phrases


# Passages of each line read for the question's words.
LINE_PASSAGES = 30


def _asked_line(understood: Understanding) -> str:
    """The product line of an edition asked for, or the one the question's words point to.

    Each line's best passages for the question (less its unknown names) are read; a word found in
    every line's passages ("premium", "rate") tells nothing, a word found in some lines only
    ("buyer") counts for them by how few they are. The line with most is the one asked about;
    with no such word, or a tie, there is no line to tell.
    """
    if understood.unknown_editions and understood.product_lines:
        return understood.product_lines[0]
    lines = sorted({h.product_line for h in entities.holdings() if h.product_line})
    # A line the question names by its words ("大灣區醫療計劃", "annuity") is the one asked about.
    named_line = line_of(understood.question)
    if named_line in lines:
        return named_line
    from knowledge.retrieval import retrieve

    words = understood.query
    for name in understood.unknown_entities:
        words = words.replace(name, " ")
    asked = set(tokenize(words))
    found = {
        line: asked
        & {t for c in retrieve(words, k=LINE_PASSAGES, product_line=line) for t in tokenize(c.text)}
        for line in lines
    }
    return _rarest_line(found, found)


def _rarest_line(found: Mapping[str, AbstractSet[str]], used: Mapping[str, AbstractSet[str]]) -> str:
    """The line whose `found` words weigh most, each by how few lines' `used` words hold it
    (log of lines over lines holding it); "" when none weighs anything or two tie."""
    weights = {
        line: sum(math.log(len(used) / max(1, sum(w in other for other in used.values()))) for w in words)
        for line, words in found.items()
    }
    ranked = sorted(weights.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] <= 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return ""
    return ranked[0][0]
