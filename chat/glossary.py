"""Insurance vocabulary in Chinese and English, so a question can be matched to a document in the other script.

Keys are Simplified Chinese (questions are folded to Simplified before lookup);
values are the English terms plan documents use. This is domain vocabulary, not
the wording of any one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.language import to_simplified

TERMS: dict[str, str] = {
    "房租": "room and board",
    "膳食": "room and board",
    "等候期": "waiting period",
    "等待期": "waiting period",
    "自负额": "deductible|excess",
    "免赔额": "deductible|excess",
    "垫底费": "deductible|excess",
    "保费": "premium",
    "费率": "premium rate",
    "赔偿比例": "percentage of indemnity",
    "赔付比例": "percentage of indemnity",
    "限额": "limit",
    "保障限额": "benefit limit",
    "终身": "lifetime",
    "每年": "annual",
    "投保年龄": "entry age",
    "续保": "renewal",
    "信用期": "credit period",
    "逾期": "overdue",
    "拖数": "overdue",
    "索偿": "claim",
    "索赔": "claim",
    "理赔": "claim",
    "手术": "operation|surgery|surgical",
    "外科医生": "surgeon",
    "外科": "surgical|surgeon",
    "医生": "doctor|physician",
    "深切治疗": "intensive care",
    "退货": "return",
    "运费": "shipping",
    "运输": "transit",
    "在途": "transit",
    "包裹": "parcel",
    "产品责任": "product liability",
    "附加被保险人": "additional insured",
    "锂电池": "lithium",
    "充电宝": "power bank",
    "网络医院": "network hospital",
    "直接结算": "direct billing",
    "直接结帐": "direct billing",
    "预先批核": "pre-approval",
    "预先批准": "pre-approval",
    "住院": "hospital",
    "意外": "accident",
    "疾病": "illness",
    "已有病症": "pre-existing",
    "冷静期": "cooling-off",
    "退保": "surrender",
    "现金价值": "cash value",
    "年金": "annuity",
    "每月": "monthly",
    "入息": "income",
    "收入": "income",
    "整付": "single premium",
    "一笔过": "single premium",
    "买家": "buyer",
    "买方": "buyer",
    "信用限额": "credit limit",
    "国家": "country",
    "等级": "grade",
    "政治风险": "political risk",
    "商业风险": "commercial risk",
    "专利": "patent",
    "商标": "trademark",
    "抗辩": "defence",
    "被诉": "defence sued",
    "维权": "enforcement",
    "共保": "co-insurance",
    "共同保险": "co-insurance",
    "司法管辖区": "jurisdiction",
    "律师函": "demand letter",
    "除外": "exclusion",
    "不保": "exclusion",
    "年龄": "age",
    "岁": "age",
    "报告": "report",
    "提交": "submit",
    "天": "days",
    "日": "days",
    "工作天": "working days",
    "工作日": "working days",
    "非网络": "non-network",
    "内地": "mainland",
    "报销": "reimburse",
    "赔偿": "reimburse",
    "最高": "maximum",
    "红利": "bonus",
    "评级": "rating",
    "资助": "subsidy",
    "偿付能力": "solvency",
    "赔付率": "claims ratio",
    "旅游": "travel",
    "船": "hull",
    "货": "cargo",
    "保证": "guaranteed",
    "非保证": "non-guaranteed",
    "回报率": "return",
    "内部回报率": "internal rate of return",
    "医院": "hospital",
    "深圳": "shenzhen",
    "广州": "guangzhou",
    "珠海": "zhuhai",
    "澳门": "macao",
    "香港": "hong kong",
    "最低": "minimum",
    "总保费": "total premium",
}
# Countries and unions, with the forms an English document uses. A question that names one the
# documents never mention is declined: what they say of other countries says nothing of it.
PLACES: dict[str, tuple[str, ...]] = {
    "美国": ("united states", "usa", "u.s."),
    "英国": ("united kingdom", "uk", "britain"),
    "欧盟": ("european union", "eu"),
    "德国": ("germany",),
    "法国": ("france",),
    "意大利": ("italy",),
    "西班牙": ("spain",),
    "荷兰": ("netherlands",),
    "日本": ("japan",),
    "韩国": ("korea",),
    "巴西": ("brazil",),
    "墨西哥": ("mexico",),
    "阿根廷": ("argentina",),
    "智利": ("chile",),
    "俄罗斯": ("russia",),
    "印度": ("india",),
    "越南": ("vietnam", "viet nam"),
    "泰国": ("thailand",),
    "印尼": ("indonesia",),
    "印度尼西亚": ("indonesia",),
    "马来西亚": ("malaysia",),
    "新加坡": ("singapore",),
    "菲律宾": ("philippines",),
    "澳洲": ("australia",),
    "澳大利亚": ("australia",),
    "加拿大": ("canada",),
    "土耳其": ("turkey", "türkiye"),
    "阿联酋": ("united arab emirates", "uae"),
    "沙特": ("saudi",),
    "南非": ("south africa",),
    "尼日利亚": ("nigeria",),
    "伊朗": ("iran",),
    "埃及": ("egypt",),
    "巴基斯坦": ("pakistan",),
}


def _folded_words(text: str) -> str:
    """Lower-case words with plurals folded, space-padded, for matching English phrases."""
    words = re.findall(r"[a-z][a-z'-]*|\d+", text.lower())
    return (
        " "
        + " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)
        + " "
    )


# English phrase (folded) → its Chinese renderings. A phrase matches whole ("credit limit"), so
# "and" or "rate" alone never brings in "room and board" or "internal rate of return".
_REVERSE: dict[str, list[str]] = {}
for _zh, _en in [*TERMS.items(), *((zh, "|".join(forms)) for zh, forms in PLACES.items())]:
    for _alternative in _en.split("|"):
        if len(_alternative) > 3:
            _REVERSE.setdefault(_folded_words(_alternative), []).append(_zh)


def _english_phrases(question: str) -> list[str]:
    folded = _folded_words(question)
    return [phrase for phrase in _REVERSE if phrase in folded]


def translations(question: str) -> str:
    """The other script's words for the domain terms in `question`, space-separated."""
    folded = to_simplified(question.lower())
    english = [en.replace("|", " ") for zh, en in TERMS.items() if zh in folded]
    english += [forms[0] for zh, forms in PLACES.items() if zh in folded]
    chinese = [zh for phrase in _english_phrases(question) for zh in _REVERSE[phrase]]
    return " ".join(english + chinese)


def slots(question: str) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """The question's glossary terms as the other script writes them.

    English: per Chinese term, a list of its alternative English phrases ("operation",
    "surgery"); Chinese: per English phrase, the phrase and its Chinese renderings joined by "|".
    """
    english = [c.other.split("|") for c in concepts(question) if not c.any_word]
    chinese = [(c.term, c.other.replace(" ", "|")) for c in concepts(question) if c.any_word]
    return english, chinese


@dataclass(frozen=True)
class Concept:
    """One domain term of a question, as the other script writes it.

    For a Chinese term, `other` is its English phrase (most of whose words must occur);
    for an English word, its Chinese renderings (any one will do).
    """

    term: str
    other: str
    any_word: bool


def concepts(question: str) -> list[Concept]:
    """The question's glossary terms, longest first, none inside a longer one."""
    folded = to_simplified(question.lower())
    found: list[Concept] = []
    taken: list[tuple[int, int]] = []
    for zh in sorted(TERMS, key=len, reverse=True):
        start = folded.find(zh)
        if start < 0 or any(a < start + len(zh) and start < b for a, b in taken):
            continue
        taken.append((start, start + len(zh)))
        found.append(Concept(zh, TERMS[zh], any_word=False))
    for phrase in _english_phrases(question):
        found.append(Concept(phrase.strip(), " ".join(_REVERSE[phrase]), any_word=True))
    return found


def places(question: str) -> list[tuple[str, ...]]:
    """Each country the question names, as every form that would count as the documents naming it."""
    folded = to_simplified(question.lower())
    named = []
    for zh, forms in PLACES.items():
        english = any(re.search(rf"(?<![a-z]){re.escape(f)}(?![a-z])", folded) for f in forms if len(f) > 3)
        short = any(re.search(rf"\b{re.escape(f.upper())}\b", question) for f in forms if len(f) <= 3)
        if zh in folded or english or short:
            named.append((zh, *forms))
    # 印度尼西亚 contains 印度: the longer name is the one meant.
    return [p for p in named if not any(p[0] != q[0] and p[0] in q[0] for q in named)]
