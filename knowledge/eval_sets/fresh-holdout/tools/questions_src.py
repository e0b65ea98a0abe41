"""Source of ../questions.jsonl for the `fresh-holdout` set: python tools/questions_src.py writes it.

The questions and expected answers are a fresh-eyed tester's (black-box, README and portal pages only),
kept in their wording; only the three follow-ups were made self-contained (the format holds no
conversation). Alternatives come from ../../tools/alts.py; check with
`knowledge/eval_sets/tools/check.py knowledge/eval_sets/fresh-holdout --as-written`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))  # the sets' shared alts.py
from alts import days, money, months, num, pct, working_days, years_old  # noqa: E402

HERE = Path(__file__).resolve().parent
PREFIX = "fresh-q"

CB = "fresh-tsingyi-crossbay"
AX = "fresh-yuegangwan-wanqu-anxin"
AS = "fresh-qianhai-wanqu-anxiang"
ES = "fresh-kowloonbay-exportshield"
BC = "lantau-bridgecare"

NOT_COVERED = ["not covered", "not cover", "isn't covered", "is not covered", "no cover", "excluded", "exclusion",
               "不保", "唔包", "唔保", "不包", "冇保", "不受保", "不承保", "除外", "不在保障", "沒有保障", "没有保障"]
FOLLOW_UP = "[follow-up] The tester asked it as a follow-up ({}) to the question before it; made self-contained."

Q: list[dict[str, object]] = []


def add(lang: str, question: str, kind: str, docs: list[str], groups: list[list[str]], notes: str) -> None:
    Q.append({"lang": lang, "question": question, "kind": kind, "expect_docs": docs,
              "must_include_any": groups, "notes": notes})


def ans(lang: str, question: str, docs: list[str] | str, groups: list[list[str]], notes: str) -> None:
    add(lang, question, "answerable", [docs] if isinstance(docs, str) else docs, groups, notes)


def cmp(lang: str, question: str, docs: list[str], groups: list[list[str]], notes: str) -> None:
    add(lang, question, "compare", docs, groups, notes)


def una(lang: str, question: str, notes: str) -> None:
    add(lang, question, "unanswerable", [], [], notes)


def adv(lang: str, question: str, docs: list[str] | str, notes: str) -> None:
    add(lang, question, "advice_refusal", [docs] if isinstance(docs, str) else docs, [], notes)


def per_visit(n: int) -> list[str]:
    return money(n) + [f"每次{n}", f"每次 {n}", f"{n}/次", f"{n} / 次", f"{n} per visit", f"{n} a visit",
                      f"{n} (max", f"{n}(每年", f"{n} (每年"]  # the last three as the tables write them


# ---------------------------------------------------------------- English (tester's E*, UE*, AE*)
ans("en", "What is the overall annual limit of the Platinum tier of CrossBay Care?", CB, [num(8_000_000)],
    "HK$8,000,000 (benefits table, Platinum).")
ans("en", "How much is the annual Silver premium for a 58-year-old under CrossBay Care?", CB, [num(11_800)],
    "HK$11,800 (age band 51-60, Silver). [table]")
ans("en", "How much is the annual Silver premium for a 35-year-old under CrossBay Care?", CB, [num(5_100)],
    "HK$5,100 (Silver, 31-40). [table] " + FOLLOW_UP.format("'And for age 35?'"))
ans("en", "Does CrossBay Care Silver cover outpatient consultations?", CB, [NOT_COVERED],
    "No - Silver: not covered (Gold HK$400/visit max 20; Platinum HK$800 max 30). [table]")
ans("en", "What is the waiting period for cancer under CrossBay Care?", CB, [days(120)], "120 days. [table]")
ans("en", "How do I claim for a planned hospital admission under CrossBay Care?", CB,
    [working_days(3), ["TYC-7", "TYC 7"], days(90), working_days(15)],
    "Call +852 3000 1234 for pre-approval >=3 working days before; form TYC-7 within 90 days after discharge "
    "with original receipts + medical report; paid within 15 working days.")
ans("en", "What is the maximum liability of ExportShield Plus, and what is its minimum annual premium?", ES,
    [num(20_000_000), num(15_000)], "HK$20 million per policy year; HK$15,000.")
ans("en", "Under ExportShield, what premium rate applies to a buyer in Germany on open account terms of 120 days?",
    ES, [pct(0.38)], "Group A, O/A 91-180 days: 0.38%. [table]")
ans("en", "Are exchange-rate losses covered by ExportShield?", ES, [NOT_COVERED], "No, excluded.")
ans("en", "What dental benefit does the Wan Qu On Sum (灣區安心) medical plan give in its higher tier?", AX,
    [num(3_000)], "優選版 HK$3,000 per year (基本版 not covered). [table]")
ans("en", "In the Qianhai Changqing Bay Area deferred annuity (湾区安享), what yearly guaranteed annuity is paid if "
    "you enrol at age 40 and start receiving at 65?", AS, [num(6_120)],
    "RMB 6,120 a year (per RMB10,000 annual premium paid 10 years). [table]")
ans("en", "Which plans cover emergency medical evacuation?", CB, [num(100_000), num(500_000)],
    "CrossBay Care Gold HK$100,000 and Platinum HK$500,000 (Silver not covered); BridgeCare has no evacuation "
    "benefit (a cross-boundary ambulance only). [which-plans]")
cmp("en", "Compare the cancer treatment limit of CrossBay Care Gold with the BridgeCare GBA Hospital Plan.", [CB, BC],
    [num(600_000), num(300_000), ["full cost", "全費", "全额", "全額"]],
    "CrossBay Gold HK$600,000/yr; BridgeCare Standard HK$300,000/yr, Plus full cost within annual limit "
    "(BridgeCare is the demo corpus's document, read in place).")
ans("en", "whats the waitng period for hernia surgry on crossbay care?", CB, [months(12) + ["one year", "一年"]],
    "12 months (specified procedures). [typo]")
una("en", "Does CrossBay Care cover organ transplants?", "Not stated -> say documents don't say. [absent-fact]")
una("en", "What is the annual premium of the CrossBay Care Diamond tier for age 40?",
    "No Diamond tier (Silver/Gold/Platinum only). [nonexistent]")
una("en", "What is the CrossBay Care Gold premium for a 75-year-old?",
    "Not in table; entry age 18-70 (renewal to 85 but no premium given). [absent-fact]")
una("en", "How much does AIA charge for its GBA medical plan compared with CrossBay Care?",
    "AIA not on portal/documents -> decline that part. [real-product]")
una("en", "How many working days does ExportShield take to decide a credit limit application?",
    "Not stated (only fee HK$300, first 10 free). [absent-fact]")
una("en", "What will the weather be in Shenzhen tomorrow?", "Off-topic decline. [off-topic]")
adv("en", "Should I buy CrossBay Care Gold or Platinum for my 60-year-old mother?", CB,
    "Refuse personal advice; may give facts.")

# ---------------------------------------------------------------- Traditional Chinese / Cantonese (T*, UT*, AT*)
ans("yue", "「灣區安心」優選版每年最高賠償額係幾多？", AX, [num(2_500_000)], "2,500,000港元. [table]")
ans("yue", "40歲買灣區安心基本版，年保費要幾多錢？", AX, [num(4_920)], "4,920港元 (36至45歲). [table]")
ans("yue", "50歲買灣區安心基本版，年保費要幾多錢？", AX, [num(7_480)],
    "7,480港元 (46至55歲 基本版). [table] " + FOLLOW_UP.format("「咁50歲呢？」"))
ans("yue", "灣區安心包唔包分娩？", AX, [NOT_COVERED], "唔包 (不保事項: 懷孕、分娩及其併發症).")
ans("yue", "灣區安心計劃嘅癌症等候期係幾耐？", AX, [days(90)], "90日. [table]")
ans("yue", "喺非指定醫院睇完病，灣區安心點樣索償？", AX, [days(60), ["YGW-C3", "YGW C3"], working_days(10)],
    "先自行付款，出院後60日內遞交YGW-C3表格連收據正本及醫生證明；10個工作天內賠付.")
ans("yue", "灣區安心基本版有冇西醫門診保障？", AX, [NOT_COVERED + ["冇", "沒有", "没有"]],
    "冇 (不保)；優選版每次350，每年最多15次. [table]")
ans("zh-Hant", "「灣區安心」醫療計劃的投保年齡是多少？", AX,
    [["15日", "十五日", "15天", "十五天", "15 days"], years_old(65), years_old(100)],
    "出生滿15日至65歲，續保至100歲.")
ans("yue", "灣區安心嘅中醫門診每次賠幾多？每年最多幾多次？兩個版本分別講吓。", AX,
    [per_visit(200), per_visit(300), ["10次", "十次", "10 次", "10 visits"], ["20次", "二十次", "20 次", "20 visits"]],
    "基本版200/次，10次；優選版300/次，20次. [table]")
ans("zh-Hant", "CrossBay Care 白金級（Platinum）每日住院房租上限是多少？", CB, [num(4_000)],
    "HK$4,000每日（最多180日），私家房. [table]")
ans("yue", "ExportShield 對買家無力償債嘅賠償比例係幾多？", ES, [pct(90)], "90%. [table]")
ans("yue", "灣區安心計劃嘅冷淨期有幾多日？", AX, [days(21)], "21日 (冷靜期; typo 冷淨). [typo]")
una("yue", "灣區安心有冇保障精神科治療？", "文件未有提及. [absent-fact]")
una("yue", "灣區安心尊尚版嘅年保費係幾多？", "冇尊尚版 (只有基本版/優選版). [nonexistent]")
una("yue", "保誠嘅大灣區醫療計劃保費係幾多？", "保誠 not in documents -> decline. [real-product]")
una("yue", "投保灣區安心需唔需要先做身體檢查？", "文件未有提及. [absent-fact]")
una("yue", "今晚六合彩會開咩號碼？", "Off-topic decline. [off-topic]")
adv("yue", "我應該揀灣區安心基本版定優選版好？", AX, "Refuse advice.")

# ---------------------------------------------------------------- Simplified Chinese (S*, US*, AS*)
AGE_RANGE = ["18至60", "18 至 60", "18-60", "18–60", "18 to 60", "18岁至60", "18歲至60", "18周岁至60", "十八至六十"]
ans("zh-Hans", "湾区安享递延年金的投保年龄是多少？", AS, [AGE_RANGE], "18至60周岁.")
ans("zh-Hans", "湾区安享年金30岁投保、70岁开始领取，每年保证年金是多少？", AS, [num(10_720)], "人民币10,720元. [table]")
ans("zh-Hans", "湾区安享年金40岁投保、70岁开始领取，每年保证年金是多少？", AS, [num(7_980)],
    "7,980元 (70岁领取). [table] " + FOLLOW_UP.format("「那40岁投保呢？」"))
ans("zh-Hans", "湾区安享第二个保单年度退保能拿回多少？", AS, [pct(70)], "已缴保费的70%. [table]")
ans("zh-Hans", "湾区安享开始领取年金前身故怎么赔？", AS, [pct(105), ["现金价值", "cash value"]],
    "已缴保费105%或现金价值较高者.")
ans("zh-Hans", "湾区安享怎样申请领取年金？", AS,
    [["QHC-A2", "QHC A2"], days(30), ["周年日", "週年日", "anniversary"]],
    "领取年龄前30天交QHC-A2表；身份证明副本、银行账户；每个保单周年日支付.")
ans("zh-Hans", "湾区安享最低年缴保费是多少？缴费期有哪几种？", AS,
    [num(12_000), ["5年", "五年", "5 年", "5 years"], ["10年", "十年", "10 年", "10 years"],
     ["20年", "二十年", "20 年", "20 years"]],
    "人民币12,000元；5年、10年或20年.")
ans("zh-Hans", "湾区安享的保单贷款最多可以借多少？", AS,
    [pct(80), ["第3个保单年度", "第三个保单年度", "第3个", "第三年", "第3年", "third policy year", "3rd policy year"]],
    "第3个保单年度起，现金价值的80%.")
ans("zh-Hans", "湾区安享每年扣税上限是多少？", AS, [num(60_000)], "港币60,000元（与强积金可扣税自愿性供款合计）. [advice-like]")
ans("zh-Hans", "CrossBay Care 的门诊每次赔多少？", CB, [NOT_COVERED, per_visit(400), per_visit(800)],
    "Silver不保；Gold 400港元(最多20次)；Platinum 800港元(最多30次). [table]")
ans("zh-Hans", "ExportShield 政治风险的赔偿比例是多少？", ES, [pct(95)], "95%. [table]")
ans("zh-Hans", "哪些计划保障牙科？", [AX, CB],
    [num(3_000), ["accidental dental", "意外牙科", "牙科意外", "意外牙齿", "意外牙齒", "牙齿意外", "牙齒意外"]],
    "灣區安心優選版每年3,000港元；CrossBay Gold/Platinum 只保意外牙科 (BridgeCare: accidental dental within "
    "7 days only, not required). [which-plans]")
ans("zh-Hans", "湾区安享的尤豫期是几天？", AS, [days(21)], "21日 (犹豫期; typo 尤豫). [typo]")
una("zh-Hans", "湾区安享年金的非保证红利预计每年有多少？", "文件只说红利不保证，没有数字 -> 未载明. [absent-fact]")
una("zh-Hans", "湾区安享年金每年收多少管理费？", "未载明. [absent-fact]")
una("zh-Hans", "中国人寿的养老年金收益率是多少？", "real insurer -> decline. [real-product]")
una("zh-Hans", "湾区安享2024年版和2026年版有什么不同？", "No 2024 edition -> say not held. [nonexistent]")
una("zh-Hans", "帮我写一首关于春天的诗", "Off-topic decline. [off-topic]")
adv("zh-Hans", "我今年45岁，买湾区安享年金划算吗？", AS, "Refuse advice.")


# ---------------------------------------------------------------- writer
def classify(q: dict[str, object], langs: dict[str, str]) -> str:
    docs = list(q["expect_docs"])  # type: ignore[call-overload]
    ql = "zh-Hant" if q["lang"] == "yue" else str(q["lang"])
    dl = [langs[d] for d in docs]
    names = ", ".join(dict.fromkeys(dl))
    if ql in dl:
        return "Same language." if len(set(dl)) == 1 else f"Mixed ({q['lang']} question; documents in {names}); counts as same-language."
    script = ql.startswith("zh") and all(x.startswith("zh") for x in dl)
    tag = " Cross-script." if script else ""
    return f"Cross-lingual ({q['lang']} question, {names} document{'s' if len(docs) > 1 else ''}).{tag}"


def main() -> int:
    manifest = json.loads((HERE.parent / "manifest.json").read_text(encoding="utf-8"))
    langs = {d["doc_id"]: d["language"] for d in manifest}
    lines = []
    for n, q in enumerate(Q, 1):
        notes = str(q["notes"]).strip()
        if q["kind"] in ("answerable", "compare"):
            notes = f"{notes} {classify(q, langs)}"
        elif q["kind"] == "unanswerable":
            if "[off-topic]" in notes:
                notes += " Good reply: expected kind no_answer; say the portal only answers from its insurance documents and offer a person; answer nothing else."
            else:
                notes += " Good reply: expected kind no_answer; say the documents do not hold the answer, invent nothing, and offer a person or the insurer's contact."
        out = {"id": f"{PREFIX}{n:03d}", "lang": q["lang"], "question": q["question"], "kind": q["kind"],
               "expect_docs": q["expect_docs"], "must_include_any": q["must_include_any"], "notes": notes}
        lines.append(json.dumps(out, ensure_ascii=False))
    (HERE.parent / "questions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
