"""From a visitor's message to what the pipeline needs to know about it.

Language and script (knowledge.language), intent, kind of advice asked and answer
type (chat.intents: a classifier over USE vectors fitted on labelled exemplars), the
question's form (comparison, "which plans…", follow-up), the entities it names grounded
in what the portal holds (chat.entities), and the retrieval query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import translation

from chat import enquiry, entities, intents, messages
from knowledge.language import detect_language
from portal.models import ProductLine

# Routed to a person whatever they name: no grounding needed.
PERSON_INTENTS = frozenset({"handoff", "complaint"})
# A question naming two products is a comparison when the classifier gives that at least this
# probability: the two names are evidence the text alone does not weigh ("BayCare 同雙城樂活，
# 最高投保年齡分別係幾多歲？" reads 0.28 comparison, 0.61 single).
COMPARISON_WITH_TWO_NAMES = 0.2


@dataclass(frozen=True)
class Understanding:
    question: str
    language: str  # "en", "zh-Hant" (written Cantonese too) or "zh-Hans"
    intent: str  # answer | refusal | quote | handoff | complaint | out_of_scope | greeting
    refusal_kind: str | None  # recommendation | guarantee | tax_legal | mpf_withdrawal, for refusals
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

    @property
    def names_unknown(self) -> bool:
        """The question asks about an insurer, product or edition the portal has no documents for."""
        return bool(self.unknown_entities or self.unknown_editions)


def understand(question: str, history: Sequence[str] = (), *, language: str | None = None) -> Understanding:
    """Everything the pipeline decides about a message before it reads any document."""
    labels = intents.classify(question)
    intent = labels.intent
    grounded = (
        entities.Entities(corrected=question) if intent in PERSON_INTENTS else entities.ground(question)
    )
    # "And the other plan?" is only a follow-up when there is something it follows.
    follow_up = bool(history) and labels.form == "follow_up"
    if intent in {"out_of_scope", "greeting"} and (grounded.documents or follow_up):
        # A message naming a plan the portal holds, or continuing a question, is about insurance.
        intent = "answer"
    corrected = grounded.corrected or question
    query = f"{history[-1]} {corrected}" if follow_up else corrected
    return Understanding(
        question=question,
        language=language or detect_language(question),
        intent=intent,
        refusal_kind=labels.refusal_kind if intent == "refusal" else None,
        answer_type=labels.answer_type,
        comparison=_is_comparison(labels, grounded),
        which_plans=labels.form == "which_plans",
        follow_up=follow_up,
        query=query,
        named_documents=grounded.documents,
        named_products=grounded.products,
        product_lines=grounded.lines,
        unknown_entities=grounded.unknown,
        unknown_editions=grounded.unknown_editions,
        confidence=labels.intent_probability,
    )


def _is_comparison(labels: intents.Labels, grounded: entities.Entities) -> bool:
    # Two plans named alike, or two held editions ("2025年版同2026年版").
    if labels.form == "comparison" or len(grounded.strongly_named) >= 2 or len(grounded.editions) >= 2:
        return True
    return len(grounded.plans) >= 2 and labels.comparison_probability >= COMPARISON_WITH_TWO_NAMES


def named_held(understood: Understanding | None) -> list[entities.Held]:
    """The held documents a message names, best-named first."""
    if understood is None:
        return []
    by_id = {h.doc_id: h for h in entities.holdings()}
    return [by_id[d] for d in understood.named_documents if d in by_id]


def not_held_reply(understood: Understanding) -> str:
    """What the portal has no documents for (insurer, product, edition), what it holds for that line
    (the named product's, or the one the message's words point to), and the usual decline."""
    lines = understood.product_lines or [line for line in [enquiry.line_of(understood.question)] if line]
    titles = [h.title for h in entities.holdings() if not lines or h.product_line in lines]
    label = ""
    if lines:
        with translation.override(understood.language.lower()):
            label = str(ProductLine(lines[0]).label)
    named = named_held(understood)
    return messages.not_held(
        understood.language,
        understood.unknown_entities,
        understood.unknown_editions,
        lines[0] if lines else "",
        label,
        list(dict.fromkeys(titles)),
        edition_of=named[0].product_name if named else "",
    )
