"""Instructions hidden in documents, and answers that break the rules whoever asked for it.

A plan document is data. A line in it that addresses the assistant ("ignore all previous
instructions…", "致AI助手：請忽略…") is neither quoted nor shown to a model. A model's answer that
promises a claim will be paid or tells the reader what to buy is not shown at all: the extractive
answer replaces it (domain brief §8). Patterns run on lower-cased text folded to Simplified Chinese.
"""

from __future__ import annotations

import re

from knowledge.language import to_simplified

_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompts?|guidelines)\b"
    r"|\b(note|message|instructions?) (to|for) (the )?(ai|assistants?|chatbots?|language models?|llms?)\b"
    r"|\b(ai|llm) assistants?\b|\bsystem prompt\b|\bdeveloper mode\b|\btell (the )?(readers?|users?)\b"
    r"|(忽略|无视|忘记|不要理会).{0,8}(指示|指令|规则|提示)"
    r"|(致|给|俾)\s*(ai|人工智能|聊天机器人|智能助手)|ai助手|(话俾|告诉|通知)(读者|用户)"
)
_RULE_BREAK = re.compile(
    # A promise of payment or cover, not a "guaranteed annuity" that a document states.
    r"\bguarantee[sd]?\b.{0,30}\b(every|all|any|your)\b.{0,20}\bclaims?\b"
    r"|\bclaims?\b.{0,30}\b(will|is|are) (definitely|certainly|always|surely|guaranteed to)\b"
    r"|\bwill (definitely|certainly|surely) (be )?(paid|covered|approved)\b"
    # A personal recommendation or a push to buy.
    r"|\byou (should|must|ought to) (buy|choose|take out|get|sign up|apply|switch)\b"
    r"|\bi (would )?(recommend|suggest|advise)\b|\b(buy|sign up|apply)\b.{0,12}\b(today|now)\b"
    r"|\bbest (choice|option|plan|policy) for you\b"
    r"|保证.{0,8}(赔|理赔|批核|受保)|一定(会)?(获)?赔|(你|您)(应该|应当|最好|一定要)(买|投保|选|揀|拣)"
    r"|(建议|推荐)(你|您)|今日就买|今天就买|马上(买|投保)"
)

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def _folded(text: str) -> str:
    return to_simplified(text.lower())


def is_instruction(text: str) -> bool:
    """True for text that addresses the assistant rather than informing the reader."""
    return _INSTRUCTION.search(_folded(text)) is not None


def without_instructions(text: str) -> str:
    """The text without its sentences that address the assistant (a chunk joins a paragraph's lines)."""
    kept = []
    for line in text.splitlines():
        sentences = _SENTENCE_END.split(line)
        kept.append(" ".join(s for s in sentences if not is_instruction(s)).strip())
    return "\n".join(kept)


def breaks_rules(text: str) -> bool:
    """True for an answer that guarantees a claim or cover, or recommends what to buy."""
    return _RULE_BREAK.search(_folded(text)) is not None
