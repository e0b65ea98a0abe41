"""What the visitor wants: an answer from the documents, or something the bot must route or decline."""

from __future__ import annotations

import re

# Patterns are matched on lower-cased text in which Traditional Chinese was folded to Simplified.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("complaint", re.compile(r"\bcomplain|\bcomplaint|投诉|申诉|不满意.*(理赔|服务)")),
    (
        "handoff",
        re.compile(
            r"(speak|talk|chat) (to|with) (a |an )?(human|person|agent|adviser|advisor|someone)|real person"
            r"|真人|人工|搵人|找人|同人倾|客服人员|转接"
        ),
    ),
    (
        "refusal",
        re.compile(
            r"\bshould i\b|\brecommend|\bbest (plan|policy|option|one)|which (plan|policy|one) (is|should)"
            r"|\bguarantee|\bwill (it|they|you) (pay|cover|approve)|\btax (advice|deduct)|\bmpf\b.*withdraw"
            r"|withdraw.*\bmpf\b|应该买|应唔应该|该不该|推荐|边个好|哪个好|哪个更好|边间好|最适合|适唔适合|保证|一定(会)?赔"
            r"|扣税|税务|强积金.*(提取|取回)|(提取|取回).*强积金"
        ),
    ),
    (
        "quote",
        re.compile(
            r"\bquote\b|\bquotation\b|\bget (a )?(cover|insured|a policy)|\bbuy (a |the )?(policy|cover|plan)"
            r"|\bapply for\b|\bsign up\b|报价|报个价|想买|想投保|点样买|如何投保|怎么买|申请投保|帮我(安排|联络|联系)"
        ),
    ),
]


def detect_intent(normalised_text: str) -> str:
    """Return "complaint", "handoff", "refusal", "quote" or "question"."""
    for intent, pattern in _PATTERNS:
        if pattern.search(normalised_text):
            return intent
    return "question"
