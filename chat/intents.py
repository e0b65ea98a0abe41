"""What the visitor wants: an answer from the documents, or something the bot must route or decline.

Patterns are matched on lower-cased text in which Traditional Chinese was folded
to Simplified. Refusal patterns target requests for advice or promises ("can you
guarantee", "should I buy"), not factual words such as "guaranteed income".
"""

from __future__ import annotations

import re

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("complaint", re.compile(r"\bcomplain|\bcomplaint|投诉|申诉|不满意.*(理赔|服务)")),
    (
        "handoff",
        re.compile(
            r"(speak|talk|chat) (to|with) (a |an )?(human|person|agent|adviser|advisor|someone|real)|real person"
            r"|\bhuman\b|真人|人工|搵人倾|同人倾|转接|找人工"
        ),
    ),
    (
        "refusal",
        re.compile(
            r"\bshould (i|we)\b|\brecommend|\bbest (plan|policy|option|one|choice|fit|for me)"
            r"|\b(better|best) (choice|option|plan|policy|one|fit)? ?for (me|us|my)\b|which (plan|policy|one) (is|should)"
            r"|just tell me what|\bworth it\b"
            r"|(can|could|will|would) you (guarantee|promise)|\bguarantee (that|me|i|we|it)\b|\bpromise\b"
            r"|\btax (advice|deduct|saving)|\bsave tax|\bmpf\b.*withdraw|withdraw.*\bmpf\b"
            r"|应该买|应唔应该|应不应该|该不该|应该选|推荐|边个好|哪个好|哪个更好|边间好|边份啱|啱唔啱|最适合|适唔适合"
            r"|边个最抵|哪个最划算|最划算|最抵|帮我(们)?(选|拣)|帮我哋拣|直接帮我|直接话我|你直接"
            r"|(你|可以|能|能否|可唔可以)保证|保证一定|一定(会)?赔|节省税|慳税|扣税|税务意见|是否划算|值唔值"
            r"|强积金.*(提取|取回|提早)|(提取|取回|提早).*强积金"
        ),
    ),
    (
        "quote",
        re.compile(
            r"\bquote\b|\bquotation\b|\bget (a )?(cover|insured|a policy)|\bbuy (a |the )?(policy|cover|plan)"
            r"|\bapply for\b|\bsign up\b|\bcontact me\b|\bget in touch\b"
            r"|报价|报个价|计个价|想买|想投保|点样买|如何投保|怎么买|申请投保|帮我(们)?(安排|联络|联系)"
            r"|安排顾问|顾问联络|联络我|联系我"
        ),
    ),
]
_COMPARISON = re.compile(
    r"\bcompare|\bcomparison|\bversus\b|\bvs\.?\b|\bbetween\b.*\band\b|\bdifference|\bchanged?\b.*\bbetween"
    r"|比较|对比|分别|区别|有咩分别|有什么不同|有何不同|同.*比|两款|两份|两个"
)
_FOLLOW_UP = re.compile(
    r"^(and|what about|how about|and for|what if)\b|\bthe other (one|plan|policy|product|edition)\b"
    r"|\b(it|that one|this one)\b\??$|^(那|咁|那么|那个|另一|另外)|另一(个|份|款)|呢个呢|嗰个呢|呢[？?]?$"
)


def detect_intent(normalised_text: str) -> str:
    """Return "complaint", "handoff", "refusal", "quote" or "question"."""
    for intent, pattern in _PATTERNS:
        if pattern.search(normalised_text):
            return intent
    return "question"


def is_comparison(normalised_text: str) -> bool:
    return bool(_COMPARISON.search(normalised_text))


def is_follow_up(normalised_text: str) -> bool:
    return bool(_FOLLOW_UP.search(normalised_text.strip()))
