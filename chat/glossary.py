"""Insurance vocabulary in Chinese and English, so a question can be matched to a document in the other script.

Keys are Simplified Chinese (questions are folded to Simplified before lookup);
values are the English terms plan documents use. This is domain vocabulary, not
the wording of any one document.
"""

from __future__ import annotations

from knowledge.language import to_simplified

TERMS: dict[str, str] = {
    "房租": "room and board",
    "膳食": "room and board",
    "等候期": "waiting period",
    "等待期": "waiting period",
    "自负额": "deductible",
    "免赔额": "deductible",
    "垫底费": "deductible",
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
    "拖数": "overdue payment claim waiting",
    "索偿": "claim",
    "索赔": "claim",
    "理赔": "claim",
    "手术": "surgical",
    "外科": "surgical",
    "医生": "doctor",
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
    "俄罗斯": "russia",
    "巴西": "brazil",
    "美国": "united states",
}
_REVERSE: dict[str, list[str]] = {}
for _zh, _en in TERMS.items():
    for _word in _en.split():
        _REVERSE.setdefault(_word, []).append(_zh)


def translations(question: str) -> str:
    """The other script's words for the domain terms in `question`, space-separated."""
    folded = to_simplified(question.lower())
    english = [en for zh, en in TERMS.items() if zh in folded]
    chinese = [zh for word in set(folded.split()) for zh in _REVERSE.get(word.strip("?,.!"), [])]
    return " ".join(english + chinese)
