"""Source of ../questions.jsonl for the `team` set: python tools/questions_src.py writes it.

Questions were written from the documents only, as a user and an insurer's document writer would
write them, without the portal's code. Alternatives come from ../../tools/alts.py;
check with knowledge/eval_sets/tools/check.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))  # the sets' shared alts.py
from alts import days, hours, money, months, num, pct, working_days, years_old  # noqa: E402

HERE = Path(__file__).resolve().parent
PREFIX = "team-q"

FK = "team-fanling-kangkiu"
GY25 = "team-repulsebay-goldenyears-2025"
GY26 = "team-repulsebay-goldenyears-2026"
SP = "team-tsuenwan-steadypay"
SEL = "team-mongkok-sellerpass"
ZD = "team-qianhai-zhidun"
BC = "lantau-bridgecare"
TB = "tungchung-twinbay"
SH25 = "lantau-silverharbour-2025"
SH26 = "lantau-silverharbour-2026"
TG = "kwuntong-tradeguard"
KA = "shekou-kuajing-anxin"
PP = "kwuntong-patentpursuit"

N_FK = ["康橋通", "康桥通", "KangKiu"]
N_BC = ["BridgeCare", "Bridge Care"]
N_TB = ["雙灣安心", "双湾安心", "Twin-Bay", "Twin Bay"]
N_GY = ["GoldenYears", "Golden Years"]
N_SH = ["Silver Harbour", "Silver Harbor", "SilverHarbour"]
N_SP = ["穩收", "稳收", "SteadyPay", "Steady Pay"]
N_TG = ["TradeGuard", "Trade Guard"]
N_SEL = ["賣家通", "卖家通", "SellerPass", "Seller Pass"]
N_KA = ["跨境安心", "Kuajing Anxin"]
N_ZD = ["智盾出海", "智盾", "ZhiDun"]
N_PP = ["PatentPursuit", "Patent Pursuit"]

Q: list[dict[str, object]] = []
# The number the next question takes (a batch may start at the ids reserved for it).
_NEXT = [1]


def number_from(n: int) -> None:
    """The next question is team-q<n>, the ones after it follow on."""
    _NEXT[0] = n


def add(lang: str, question: str, kind: str, docs: list[str], groups: list[list[str]], notes: str,
        extract: dict[str, object] | None = None) -> None:
    item: dict[str, object] = {"lang": lang, "question": question, "kind": kind, "expect_docs": docs,
                               "must_include_any": groups, "notes": notes}
    if extract is not None:
        item["extract"] = extract
    item["n"] = _NEXT[0]
    _NEXT[0] += 1
    Q.append(item)


def ans(lang: str, question: str, docs: list[str] | str, groups: list[list[str]], notes: str) -> None:
    add(lang, question, "answerable", [docs] if isinstance(docs, str) else docs, groups, notes)


def cmp(lang: str, question: str, docs: list[str], groups: list[list[str]], notes: str) -> None:
    add(lang, question, "compare", docs, groups, notes)


def una(lang: str, question: str, notes: str) -> None:
    add(lang, question, "unanswerable", [], [], notes)


def adv(lang: str, question: str, docs: list[str] | str, notes: str) -> None:
    add(lang, question, "advice_refusal", [docs] if isinstance(docs, str) else docs, [], notes)


def quote(lang: str, question: str, extract: dict[str, object], notes: str) -> None:
    add(lang, question, "quote_intent", [], [], notes, extract)


# ---------------------------------------------------------------- answerable: KangKiu (zh-Hant PDF)
ans("zh-Hans", "康桥通优越计划每年最高赔多少？", FK, [num(3_500_000)],
    "Section 3 table: Superior 3,500,000 a year (Essential 1,000,000). Distractor: BridgeCare Plus HK$4,000,000.")
ans("yue", "康橋通基本計劃一年最多賠幾多錢？終身上限又係幾多？", FK, [num(1_000_000), num(4_000_000)],
    "Section 3: Essential annual limit 1,000,000, lifetime 4,000,000. Multi-part.")
ans("zh-Hans", "康桥通在内地非网络医院住院，按多少比例赔付？", FK, [pct(70)],
    "Section 3: non-network hospitals in the mainland or Macao 70% (30% co-insurance). Distractors: BridgeCare 75%, Twin-Bay 65%. [distractor]")
ans("en", "If I'm admitted to a non-network hospital in Macau under KangKiu, what share do I pay myself?", FK, [pct(30)],
    "Section 3: the insured bears 30% co-insurance at non-network hospitals in the mainland or Macao. [distractor]")
ans("yue", "我今年40歲，下次生日41，揀康橋通優越計劃、自付費HK$10,000，每年保費幾多？", FK, [num(9_660)],
    "Premium table (age next birthday): 41 falls in 36–45; Superior, HK$10,000 deductible = 9,660. Neighbouring cells 12,880 / 6,050 / 4,290 are wrong. [table]")
ans("zh-Hant", "「康橋通」基本計劃，下次生日年齡30歲，選自付費港幣三萬元，年繳保費多少？", FK, [num(1_950)],
    "Premium table: 26–35, Essential, HK$30,000 deductible = 1,950. [table]")
ans("en", "kangkiu essential, age 50 next birthday, zero deductible - annual premium?", FK, [num(8_940)],
    "Premium table: 46–55, Essential, HK$0 deductible = 8,940. Lower-case, no punctuation. [table]")
ans("zh-Hans", "康桥通优越计划 60岁（下次生日） 自付费0 一年保费多少？如果月缴大概多少？", FK, [num(30_180), ["0.09"]],
    "Premium table: 56–65, Superior, HK$0 = 30,180; monthly premium = annual × 0.09 (about 2,716). [table] Multi-part.")
ans("en", "For KangKiu, how long after the policy starts before illness claims are covered?", FK, [days(60)],
    "Section 5: illness waiting period 60 days. Distractors: BridgeCare 45 days, Twin-Bay 90 days. [distractor]")
ans("yue", "康橋通做白內障手術要等幾耐先賠？", FK, [months(12)],
    "Section 5: specified surgery (cataract, hernia, knee/hip replacement, tonsillectomy) 12 months.")
ans("en", "Does KangKiu pay for cancer treatment in the first few months? What's the waiting period for cancer?", FK, [days(120)],
    "Section 5: cancer treatment waiting period 120 days. Twin-Bay 180 days, BridgeCare 90 days. [distractor]")
ans("zh-Hant", "康橋通對未知已有病症，第二及第三個保單年度分別賠多少？", FK, [pct(30), pct(60)],
    "Section 5: year 1 nil; year 2 30%; year 3 60%; from year 4 in full. Distractor: BridgeCare 25%/50%.")
ans("yue", "康橋通預約入院要幾多日前申請預先批核？", FK, [working_days(3)],
    "Section 6: at least 3 working days before admission. Distractors: BridgeCare 4, Twin-Bay 5. [distractor]")
ans("zh-Hant", "康橋通緊急入院，要在多久內通知保險公司？", FK, [hours(72)],
    "Section 6: within 72 hours of admission. BridgeCare and Twin-Bay: 48 hours. [distractor]")
ans("zh-Hans", "康桥通报销索赔，出院后多少天内要交资料？公司多久赔付？", FK, [days(120), working_days(12)],
    "Section 6: claim within 120 days after discharge; paid within 12 working days. Multi-part.")
ans("en", "How many network hospitals does KangKiu have in the GBA?", FK, [["28"]],
    "Section 1 and definitions: 28 network hospitals in the nine mainland GBA cities.")
ans("yue", "康橋通幾多歲可以買？續保去到幾多歲？", FK, [["18"], years_old(65), years_old(100)],
    "Section 2: entry 18 to 65 (age next birthday); guaranteed renewal to 100.")
ans("en", "Is KangKiu a VHIS plan - can I claim the VHIS tax deduction for its premiums?", FK,
    [["不可", "not a certified", "not certified", "not VHIS", "not a VHIS", "cannot", "can't", "並非", "并非", "不是"]],
    "Looks like tax advice but section 1 states it: KangKiu is not a VHIS certified plan and its premiums cannot be deducted under VHIS. [advice-like]")
ans("zh-Hant", "康橋通的保單可以在深圳簽嗎？", FK, [["香港"]],
    "Looks like advice about where to sign, but section 2 states applications must be signed in person in Hong Kong; not sold or issued in the mainland. [advice-like]")
ans("yue", "康橋通入院前後睇門診有冇得賠？優越計劃賠幾多？", FK, [num(8_000), days(60)],
    "Section 3: pre-admission (30 days) and post-discharge (60 days) outpatient, Superior 8,000 a year (Essential 4,000).")
ans("en", "KangKiu Essential: room and board per day, and what type of room?", FK, [num(1_600), ["標準病房", "标准病房", "standard ward"]],
    "Section 3: Essential 1,600 per day, standard ward, up to 150 days a year; Superior 2,800 private room.")
ans("zh-Hans", "康桥通出院以后看中医能报吗？每次多少？", FK, [["250"], ["10次", "10 次", "十次", "10 visits"]],
    "Section 3: post-discharge Chinese medicine 250 per visit, up to 10 visits a year (2,500).")
ans("en", "Does the KangKiu Superior plan cover me if I'm hospitalised in Shanghai?", FK,
    [["中國內地全境", "中国内地全境", "whole of mainland", "all of mainland", "mainland China", "內地全境", "内地全境"]],
    "Section 1: Superior extends the area of cover to the whole of mainland China (excluding Taiwan); Essential covers HK, Macao and the nine GBA cities only. Cross-lingual.")
ans("yue", "康橋通有冇家庭折扣？", FK, [pct(7), ["3人", "3 人", "三人", "3 or more", "three or more"]],
    "Section 7: 3 or more family members on one policy get 7% off each. Distractor: BridgeCare couple 5%, Twin-Bay couple 8%.")
ans("en", "Is pregnancy covered under KangKiu?", FK, [["懷孕", "怀孕", "pregnancy"], ["not covered", "excluded", "不保", "exclusion", "不保事項", "不保事项"]],
    "Section 4 exclusion 4: pregnancy, childbirth, infertility and contraception are excluded. Yes/no question; a good reply says it is excluded.")
ans("zh-Hant", "康橋通的牙科治療有保障嗎？", FK, [days(14)],
    "Exclusion 5: dental excluded unless caused by an accident and treated within 14 days. (BridgeCare: 7 days.) [distractor]")
ans("zh-Hans", "康桥通的冷静期有多少天", FK, [days(21)],
    "Section 2: 21 days after delivery of the policy or notice, whichever is earlier. Regulatory figure shared with the other HK plans.")
ans("yue", "康橋通深切治療每日賠幾多？一年最多幾多日？", FK, [num(4_200), days(40)],
    "Section 3: ICU Essential 4,200 a day (Superior 5,500), up to 40 days a year. The question names no level; Essential or both acceptable, group accepts 4,200 only, so a reply should give both levels.")

# ---------------------------------------------------------------- answerable: GoldenYears (en, 2 editions)
ans("en", "What is the minimum total premium for GoldenYears now?", GY26, [num(160_000)],
    "Current 2026 edition: HK$160,000 (lowered from HK$200,000). Giving 200,000 as current is wrong. [edition]")
ans("yue", "GoldenYears 年金最早幾多歲開始收？而家有冇得揀70歲先開始？", GY26, [["60, 65 or 70", "60、65或70", "60、65 或 70", "65 or 70", "70歲", "70岁", "age 70", "70 歲", "70 岁"]],
    "2026 edition: annuity start age 60, 65 or 70 (70 added in 2026). [edition]")
ans("zh-Hant", "GoldenYears 2026年版，5年供款，65歲開始領取、領20年，每十萬保費每月保證年金多少？", GY26, [num(748)],
    "2026 table (entry age 40): 5-year pay, start 65, 20-year period = 748 (2025: 734). [table] [edition]")
ans("en", "GoldenYears: 10-year premium term, annuity from 70, 15-year annuity period — guaranteed monthly annuity per HK$100,000?", GY26, [num(1_027)],
    "2026 table, merged header: 10 years / 70 / 15-year period = 1,027. Start age 70 exists only in 2026. [table] [edition]")
ans("zh-Hans", "GoldenYears 现在的保证内部回报率是多少？5年缴和10年缴分别是多少？", GY26, [pct(2.2) + ["2.20%"], pct(2.45)],
    "2026 edition: 2.20% (5-year pay), 2.45% (10-year pay). 2025 figures 2.05%/2.25% are superseded. [edition]")
ans("en", "Are GoldenYears premiums tax deductible in Hong Kong? Up to how much?", GY26, [num(60_000)],
    "Looks like tax advice but the document states it: a QDAP; premiums may be deducted up to HK$60,000 a year, shared with MPF TVC; IRD decides. [advice-like]")
ans("yue", "GoldenYears 未開始收年金之前過身，受益人攞幾多？", GY26, [pct(103)],
    "2026 edition: death benefit 103% of premiums paid less annuity paid, or guaranteed cash value plus bonus if higher (2025: 101%). [edition]")
ans("en", "what did the 2025 goldenyears edition pay on death before the annuity started", GY25, [pct(101)],
    "2025 edition: 101% of premiums paid less annuity paid, or guaranteed cash value plus bonus. The 2026 document also states the old 101%. [edition]")
ans("zh-Hant", "GoldenYears 2025年版10年供款的保證內部回報率是多少？", GY25, [pct(2.25)],
    "2025 edition benefits table: 10-year pay 2.25%. The 2026 document does not state the old IRR, so only the 2025 doc answers. [edition]")
ans("en", "Under the 2025 GoldenYears brochure, 5-year pay, annuity from 60 for 10 years: monthly annuity per 100k?", GY25, [num(1_214)],
    "2025 ASCII table: 5 years / 60 / 10-year period = 1,214 (2026: 1,236). [table] [edition]")
ans("yue", "GoldenYears 第三年退保可以攞返幾多？", GY26, [pct(85)],
    "Surrender values: policy year 3 = 85% of premiums paid (same in both editions). Distractor: Silver Harbour 88%. [distractor]")
ans("en", "If I die in an accident before 70 with GoldenYears, is there anything extra on top of the death benefit?", GY26,
    [pct(20), num(400_000)],
    "Accidental death extra benefit: additional 20% of premiums paid, before age 70, capped at HK$400,000.")
ans("zh-Hans", "GoldenYears 年金每月几号发放？可以打到内地银行卡吗？", GY26, [["1st", "1日", "1 日", "1号", "1號", "每月1", "first day of each month", "first of each month"], ["香港", "Hong Kong"]],
    "Claims and payments: paid in HK$ into a Hong Kong bank account in the owner's name on the 1st of each month — not a mainland account.")
ans("zh-Hant", "GoldenYears 選10年供款，最高投保年齡是幾歲？", GY26, [years_old(55)],
    "Eligibility: 25 to 55 for the 10-year term (25 to 60 for 5-year).")
ans("yue", "GoldenYears 每年最多可以供幾多保費？", GY26, [num(800_000)],
    "Eligibility: maximum annual premium HK$800,000. Distractor: Silver Harbour HK$1,200,000.")
ans("zh-Hans", "GoldenYears 年金领取人多少岁以后每年要证明自己还在世？", GY26, [years_old(75)],
    "Claims: proof of survival once a year after age 75; video call allowed for mainland customers.")
ans("zh-Hant", "GoldenYears 身故索償要在多少日內通知保險公司？幾耐賠？", GY26, [days(60), working_days(15)],
    "Claims: notify within 60 days; paid within 15 working days. Silver Harbour 90 days / 20 working days. [distractor]")

# ---------------------------------------------------------------- answerable: SteadyPay (zh-Hant Big5 TXT)
ans("en", "What percentage of a commercial-risk loss does SteadyPay pay?", SP, [pct(80)],
    "Section 3: commercial risk 80% (90% optional for 15% more premium). Distractor: TradeGuard 85%. [distractor]")
ans("yue", "穩收可唔可以揀90%賠償比例？要加幾多保費？", SP, [pct(90), pct(15)],
    "Section 3: optional 90% commercial indemnity, premium +15%.")
ans("zh-Hans", "稳收出口信用保险的政治风险赔偿比例是多少？", SP, [pct(90)],
    "Section 3: political risk 90%. Cross-script (zh-Hans question, zh-Hant document).")
ans("en", "How long after the due date do I have to report an overdue buyer under SteadyPay?", SP, [days(60)],
    "Section 3/6: within 60 days after the due date. Distractor: TradeGuard 45 days. [distractor]")
ans("yue", "買家走數，穩收要等幾耐先可以索償？", SP, [months(5)],
    "Section 5: payment default claims 5 months after the due date; insolvency immediately. Colloquial 走數 = not paying. [distractor]")
ans("en", "steadypay rate for a buyer in mexico on O/A 90 days?", SP, [pct(0.74)],
    "Two tables: Mexico is 丙級 (grade C); D/A or O/A 61–90 days, grade C = 0.74%. TradeGuard puts Mexico in grade B — a different insurer's list. [table] [distractor]")
ans("zh-Hant", "穩收：出口到德國，付款交單（D/P），保費率是多少？", SP, [pct(0.16)],
    "Germany is 甲級; D/P 甲級 = 0.16%. [table]")
ans("zh-Hans", "稳收 越南买家 O/A 120天 费率多少", SP, [pct(0.92)],
    "Vietnam 丙級; 91–120 days 丙級 = 0.92%. Cross-script. [table]")
ans("yue", "我哋賣貨去波蘭，D/A 45日，穩收費率幾多？", SP, [pct(0.36)],
    "Poland 乙級; D/A ≤60 days 乙級 = 0.36%. [table]")
ans("en", "Under SteadyPay, can I grant credit to a buyer without applying for a limit first? Up to how much?", SP, [num(300_000)],
    "Section 3 and definitions: discretionary credit limit up to HK$300,000 per buyer without prior application.")
ans("zh-Hant", "穩收的信用限額申請，每年有幾多次免費？之後每次收費多少？", SP, [["20"], money(200)],
    "Section 3: first 20 a year free, then HK$200 each. Distractor: TradeGuard 15 free, HK$250. [distractor]")
ans("en", "What's the longest credit period SteadyPay will cover?", SP, [days(120)],
    "Section 2: up to 120 days from shipment. Distractor: TradeGuard 150 days. [distractor]")
ans("yue", "穩收每年最多賠幾多？", SP, [num(12_000_000), ["40倍", "40 倍", "四十倍", "40 times"]],
    "Section 3: HK$12,000,000 or 40 times the year's premium, whichever is lower.")
ans("zh-Hans", "稳收的投保条件：营业额上限多少？需要几年贸易记录？", SP, [num(80_000_000), ["兩年", "两年", "2年", "2 年", "2 years", "two years"]],
    "Section 2: export turnover not over HK$80 million; at least two years' trading record. Multi-part.")
ans("en", "Does SteadyPay cover sales made on a letter of credit?", SP, [["信用證", "信用证", "letter of credit", "L/C"], ["not cover", "not covered", "excluded", "exclusion", "不保", "除外", "不包括", "唔保", "not insured"]],
    "Exclusion 8 and section 1: LC and prepayment transactions are not covered (nor declared). A good reply says no.")
ans("yue", "穩收索償要幾耐內交文件？交齊之後幾耐賠錢？", SP, [months(8), days(30)],
    "Section 6: claim within 8 months after the due date; paid within 30 days of complete documents.")
ans("zh-Hans", "稳收有没有保单年费？最低保费多少？", SP, [num(1_000), num(5_000)],
    "Section 3: policy fee HK$1,000 a year; minimum annual premium HK$5,000. Distractor: TradeGuard nil fee, HK$6,500. [distractor]")
ans("zh-Hant", "穩收的裝運前風險保障要另加多少保費？", SP, [pct(10)],
    "Section 3: optional pre-shipment cover +10% premium. Distractor: TradeGuard 12%. [distractor]")
ans("zh-Hant", "荃灣信用保險審批信用限額要多久？", SP, [working_days(5)],
    "Section 3: within 5 working days. TradeGuard: 4. [distractor]")

# ---------------------------------------------------------------- answerable: SellerPass (zh-Hant HTML)
ans("en", "What product liability limits can I choose under SellerPass?", SEL, [["100萬", "100万", "1 million", "1,000,000"], ["300萬", "300万", "3 million", "3,000,000"]],
    "Section 3: US$1m, 2m or 3m chosen at inception. Page wrapped in nav, cookie banner and footer.")
ans("yue", "賣家通產品責任每次事故自負額幾多？賣充電寶又係幾多？", SEL, [num(3_000), num(6_000)],
    "Section 3: US$3,000 per occurrence; US$6,000 for products with lithium batteries. Distractor: Kuajing Anxin 5,000美元. [distractor]")
ans("zh-Hans", "卖家通平台账户被冻结，每天赔多少？最多赔几天？", SEL, [money(200, cur="US$") + ["200美元", "200 美元"], days(30), days(60)],
    "Section 3 part C: US$200 a day, up to 30 days per freeze and 60 days a year; first 5 days not paid. Cross-script.")
ans("en", "Is there a waiting period before SellerPass's account-freeze cover starts?", SEL, [days(30)],
    "Section 5: part C 30 days; only freezes starting on day 31 or later are covered.")
ans("yue", "賣家通保唔保退貨運費？", SEL, [["不包括", "不包括退貨", "不包括退货", "not cover", "doesn't cover", "does not cover", "冇", "唔包"]],
    "Section 1: the policy does not include return shipping cover. Yes/no; a good reply says no.")
ans("en", "Can I add Temu as an additional insured on SellerPass and what does it cost?", SEL, [money(80, cur="US$")],
    "Section 3: Amazon and Walmart free; TikTok Shop, Temu or SHEIN US$80 a year each. Distractor: Kuajing Anxin lists Temu free. [distractor]")
ans("zh-Hant", "「賣家通」一般商品的產品責任保費率及最低保費是多少？", SEL, [pct(0.3) + ["0.30%"], num(1_000)],
    "Rate table: general 0.30%, minimum US$1,000. [table]")
ans("en", "SellerPass kids' toys with a US$2 million limit - what rate applies?", SEL, [pct(0.7) + ["0.70%"], ["1.35"]],
    "Rate table: children's products 0.70% for a US$1m limit; US$2m limit factor 1.35 (= 0.945%). [table]")
ans("yue", "賣家通海外倉每個倉最多賠幾多？自負額幾多？", SEL, [num(300_000), num(2_000)],
    "Section 3 part B: US$300,000 per location; excess US$2,000 per loss. Distractor: Kuajing Anxin 50万美元/1,500. [distractor]")
ans("zh-Hans", "卖家通每批货物运输最高赔多少？", SEL, [num(50_000)],
    "Section 3 part B: US$50,000 per shipment, excess US$500.")
ans("en", "Does SellerPass cover e-scooters?", SEL, [["not covered", "excluded", "不予承保", "exclusion", "not insured", "不保"]],
    "Exclusion 2: e-mobility products and their batteries are not insured under part A.")
ans("yue", "賣家通被人告，幾多日內要通知保險公司？", SEL, [working_days(5)],
    "Section 6: within 5 working days of a lawsuit, claim letter or platform notice. Kuajing Anxin: 7 days. [distractor]")
ans("zh-Hans", "卖家通对卖家上一年的网上销售额有什么上限？", SEL, [num(30_000_000)],
    "Section 2: last year's online sales not over US$30 million; 12 months' history.")
ans("zh-Hant", "賣家通的法律抗辯費用是否包括在賠償上限內？", SEL, [pct(50)],
    "Section 3: defence costs paid in addition to the limit, up to 50% of the limit.")
ans("zh-Hant", "旺角綜合保險收到保費後多久發出保險證明書？", SEL, [working_days(3)],
    "Section 3: within 3 working days. Kuajing Anxin: 2 working days. [distractor]")

# ---------------------------------------------------------------- answerable: ZhiDun (zh-Hans PDF)
ans("en", "What's the waiting period on a first ZhiDun policy?", ZD, [days(90)],
    "Section 6: 90 days for defence and enforcement (45 days for invalidation). Distractor: PatentPursuit 120 days. Cross-lingual. [distractor]")
ans("yue", "智盾出海被人告侵權，每次索賠免賠額幾多？", ZD, [["10万", "10萬", "100,000", "100000"]],
    "Section 3: defence deductible RMB 100,000 per claim. Cross-script (yue, zh-Hans document).")
ans("zh-Hans", "智盾出海主动维权的共保比例是多少？", ZD, [pct(20)],
    "Section 3: insured bears 20%. Distractor: PatentPursuit 15%. [distractor]")
ans("en", "ZhiDun premium rate for defence cover in the US?", ZD, [pct(5.2)],
    "Rate table: US defence 5.2% (enforcement 4.0%). [table] [distractor]")
ans("zh-Hant", "智盾出海如果同時選美國和歐洲，保費怎樣計算？", ZD, [pct(15)],
    "Rate notes: highest rate of the chosen territories plus 15%. Distractor: PatentPursuit +30%. Cross-script. [distractor]")
ans("zh-Hant", "智盾出海每張保單最低保費是多少？", ZD, [["4万", "4萬", "40,000", "40000"]],
    "Rate notes: minimum premium RMB 40,000 per policy.")
ans("yue", "智盾出海嘅無效宣告應對保障一年保費幾多？保額幾多？", ZD, [num(8_000), ["50万", "50萬", "500,000"]],
    "Section 3 and rate notes: invalidation cover RMB 500,000 a year; fixed premium RMB 8,000 a year.")
ans("zh-Hans", "智盾出海的被诉抗辩每次索赔限额可以选多少？年度累计限额呢？", ZD, [["300万", "300萬", "3,000,000"], ["3,000万", "3000万", "30,000,000"], ["1.5倍", "1.5 倍", "1.5 times"]],
    "Section 3: RMB 3m to 30m per claim; aggregate 1.5 times the per-claim limit.")
ans("en", "Which territories can ZhiDun cover? Is Switzerland included?", ZD, [["瑞士", "Switzerland"]],
    "Section 4: US, Europe (EU, UK, Switzerland, Norway), Japan and Korea, Southeast Asia, Middle East. Cross-lingual.")
ans("yue", "智盾出海收到律師信之後幾多日內要報案？", ZD, [working_days(10)],
    "Section 7: within 10 working days in writing. PatentPursuit: 10 business days too.")
ans("zh-Hans", "智盾出海对营业收入有什么要求？", ZD, [["3,000万", "3000万", "30,000,000", "30 million"]],
    "Section 2: last financial year revenue at least RMB 30 million. (PatentPursuit: HK$30 million.)")
ans("zh-Hant", "智盾出海保不保著作權或商業秘密糾紛？", ZD, [["著作权", "著作權", "copyright"], ["不予", "不承担", "不承擔", "责任免除", "責任免除", "除外", "excluded", "not covered", "不保"]],
    "Exclusion 8: trade secrets, copyright and domain-name disputes are excluded.")
ans("zh-Hant", "智盾出海的投保人要交FTO報告嗎？報告有甚麼要求？", ZD, [months(12)],
    "Section 2: for defence cover, an FTO analysis report dated no earlier than 12 months before application.")
ans("en", "ZhiDun - enforcement cover in Japan, what rate?", ZD, [pct(2.5)],
    "Rate table: Japan/Korea enforcement 2.5% (defence 2.9%). [table]")
ans("yue", "智盾出海可唔可以幫我攞政府保費資助？資助比例幾多？", ZD, [["不载明", "不載明", "does not state", "doesn't state", "主管部门", "主管部門", "not state"]],
    "Section 9: premium subsidies follow the authorities' yearly notice; the brochure does not state the ratio or cap and the insurer does not promise results. Answer from the document (and no invented ratio). [advice-like]")

# ---------------------------------------------------------------- answerable: demo documents
ans("yue", "BridgeCare Plus 一年最高賠幾多？", BC, [num(4_000_000)],
    "Demo PDF benefits: Plus HK$4,000,000 (Standard 1,500,000). Distractor: KangKiu Superior 3,500,000. [distractor]")
ans("zh-Hant", "BridgeCare 標準計劃，35歲，自付費二萬元，年繳保費多少？", BC, [num(3_150)],
    "Demo premium table: 31–40, Standard, HK$20,000 deductible = 3,150. [table]")
ans("en", "bridgecare plus age 55 no deductible premium", BC, [num(21_900)],
    "Demo premium table: 51–60, Plus, HK$0 = 21,900. [table]")
ans("zh-Hans", "BridgeCare 紧急入院要在多长时间内通知保险公司？", BC, [hours(48)],
    "Claims procedure: within 48 hours. Distractor: KangKiu 72 hours. [distractor]")
ans("yue", "BridgeCare 每年要喺香港、澳門或者廣東住夠幾多日？", BC, [days(180)],
    "Eligibility: at least 180 days a year. KangKiu 150. [distractor]")
ans("zh-Hans", "BridgeCare 按月缴保费会贵一点吗？怎么算？", BC, [["0.088"]],
    "Premium section: monthly premium = annual × 0.088.")
ans("zh-Hant", "雙灣安心的投保年齡是多少？", TB, [years_old(40), years_old(70)],
    "Eligibility: 40 to 70 (age last birthday).")
ans("en", "Twin-Bay: age 58, HK$8,000 deductible — annual premium?", TB, [num(13_760)],
    "Demo premium table: 56–60, HK$8,000 = 13,760. Cross-lingual (en question, zh-Hant docx). [table]")
ans("yue", "雙灣安心喺邊幾個城市有網絡醫院？有幾多間？", TB, [["22"], ["深圳"], ["東莞", "东莞"], ["惠州"]],
    "Overview: 22 network hospitals in Shenzhen, Dongguan and Huizhou.")
ans("zh-Hans", "双湾安心的癌症治疗等候期是多久？", TB, [days(180)],
    "Waiting periods: cancer 180 days. Cross-script. Distractor: KangKiu 120. [distractor]")
ans("zh-Hant", "Silver Harbour 現行版本的最低總保費是多少？", SH26, [num(120_000)],
    "2026 edition: HK$120,000 (2025: 150,000). [edition]")
ans("yue", "Silver Harbour 2026年版 10年供、65歲開始、收10年，每十萬每月有幾多？", SH26, [num(1_270)],
    "2026 table (entry age 45): 10 years / 65 / 10-year period = 1,270 (2025: 1,249). [table] [edition]")
ans("en", "What was Silver Harbour's guaranteed IRR for 5-year pay in the 2025 edition?", SH25, [pct(2.1) + ["2.10%"]],
    "2025 edition: 2.10% (2026: 2.30%). [edition]")
ans("zh-Hant", "TradeGuard 對香港買家的逾期付款要在多少日內呈報？", TG, [days(30)],
    "TradeGuard: 45 days after due date, 30 days for buyers in Hong Kong. Cross-lingual. [distractor]")
ans("yue", "TradeGuard 買家喺巴西，O/A 100日，費率幾多？", TG, [pct(0.72)],
    "Brazil grade C; D/A or O/A 61–120 days, grade C = 0.72%. Cross-lingual. [table]")
ans("en", "What percentage of the loss does TradeGuard pay?", TG, [pct(85), pct(90)],
    "Benefits: 85% buyer (commercial) risks, 90% country (political) risks.")
ans("zh-Hans", "跨境安心的退货运费每件赔多少？一年最多多少？", KA, [money(18, cur="US$") + ["18美元"], ["2万美元", "2萬美元", "20,000"]],
    "Demo docx: 18美元 per parcel, 2万美元 a year.")
ans("zh-Hans", "跨境安心退货运费保障的等待期是多久？", KA, [days(20)],
    "Waiting periods: returns 20 days; overseas warehouse 15 days. Cross-lingual.")
ans("yue", "跨境安心賣含鋰電池嘅產品，費率幾多？最低保費呢？", KA, [pct(0.88), num(2_800)],
    "Rate table: lithium products 0.88%, minimum 2,800美元. Cross-script. Distractor: SellerPass 0.95%. [table] [distractor]")
ans("zh-Hant", "PatentPursuit 最低保費多少？無索償續保有沒有折扣？", PP, [num(6_000), pct(10)],
    "Premium notes: minimum US$6,000; 10% discount on renewal after a claim-free year.")
ans("zh-Hant", "PatentPursuit 維權保障每宗索償的自負部分是多少？", PP, [pct(15), pct(2)],
    "Benefits: 15% co-insurance plus a self-insured retention of 2% of the limit. Cross-lingual.")
ans("yue", "PatentPursuit 美國維權保障費率幾多？", PP, [pct(4.2)],
    "Rate table: US enforcement 4.2% (defence 5.0%). Cross-lingual. [table]")

# ---------------------------------------------------------------- answerable: which plans
ans("en", "Which of the medical plans let me choose a deductible higher than HK$20,000?", [FK, TB], [N_FK, N_TB],
    "KangKiu HK$30,000 and Twin-Bay HK$25,000; BridgeCare's options are HK$0 or HK$20,000 only. One group per document. [which-plans]")
ans("yue", "邊幾份醫療計劃出院後睇中醫有得賠？", [FK, TB], [N_FK, N_TB],
    "KangKiu (post-discharge Chinese medicine 250 a visit) and Twin-Bay (中醫住院後調理 200 a visit); BridgeCare has none. [which-plans]")
ans("zh-Hans", "哪些跨境电商保险保障海外仓存货？", [SEL, KA], [N_SEL, N_KA],
    "SellerPass part B (US$300,000 per location) and Kuajing Anxin (50万美元 per warehouse). [which-plans]")
ans("en", "Which e-commerce policies can list TikTok Shop as an additional insured?", [SEL, KA], [N_SEL, N_KA],
    "SellerPass (US$80 a year) and Kuajing Anxin (free). [which-plans]")
ans("zh-Hant", "哪幾份出口信用保險同時保障政治風險？", [SP, TG], [N_SP, N_TG],
    "SteadyPay (90%) and TradeGuard (90%) both cover country risks. [which-plans]")
ans("en", "Which export credit policies offer optional pre-shipment cover?", [SP, TG], [N_SP, N_TG],
    "SteadyPay (+10%) and TradeGuard (+12%). [which-plans]")
ans("yue", "邊幾份知識產權保險有被人告侵權嘅抗辯保障？", [ZD, PP], [N_ZD, N_PP],
    "ZhiDun (被诉侵权抗辩) and PatentPursuit (optional defence section). [which-plans]")
ans("en", "Which IP policies pay to defend our own patent against an invalidity challenge?", [ZD, PP], [N_ZD, N_PP],
    "ZhiDun 无效宣告应对 and PatentPursuit invalidity counterclaim defence (within the enforcement limit). [which-plans]")
ans("zh-Hans", "哪些年金计划是合资格延期年金（QDAP），保费可以扣税？", [GY26, SH26], [N_GY, N_SH],
    "GoldenYears and Silver Harbour (current editions) are both QDAPs with the HK$60,000 cap. [which-plans] [advice-like]")
ans("en", "Which medical plans guarantee renewal up to age 100?", [FK, BC, TB], [N_FK, N_BC, N_TB],
    "All three HK medical plans guarantee renewal to 100. [which-plans]")
ans("yue", "邊幾份電商保險唔保電動滑板車？", [SEL, KA], [N_SEL, N_KA],
    "Both exclude e-mobility products (SellerPass part A; Kuajing Anxin in full). [which-plans]")
ans("zh-Hans", "哪些出口信用保险承保付款交单（D/P）的买家？", [SP, TG], [N_SP, N_TG],
    "Both cover D/P, D/A and O/A. [which-plans]")

# ---------------------------------------------------------------- compare
cmp("en", "Compare what KangKiu and BridgeCare pay at a non-network hospital in the mainland.", [FK, BC], [pct(70), pct(75)],
    "KangKiu 70% (30% co-insurance); BridgeCare 75% (25%). [distractor]")
cmp("yue", "康橋通同雙灣安心，疾病等候期各係幾耐？", [FK, TB], [days(60), days(90)],
    "KangKiu 60 days; Twin-Bay 90 days. [distractor]")
cmp("zh-Hant", "康橋通和雙灣安心預約入院，分別要提前幾多個工作天申請預先批核？", [FK, TB], [working_days(3), working_days(5)],
    "KangKiu 3 working days; Twin-Bay 5 working days (工作天). [distractor]")
cmp("en", "How did the GoldenYears minimum total premium change between the 2025 and 2026 editions?", [GY25, GY26], [num(200_000), num(160_000)],
    "2025 HK$200,000 → 2026 HK$160,000; the 2026 doc states both. [edition]")
cmp("yue", "GoldenYears 新舊兩版，未收年金前身故賠償有咩分別？", [GY25, GY26], [pct(101), pct(103)],
    "2025: 101%; 2026: 103% of premiums paid less annuity paid (or cash value plus bonus if higher). [edition]")
cmp("zh-Hans", "GoldenYears 2025版和2026版：5年缴、65岁开始领、领20年，每10万保费每月年金分别是多少？", [GY25, GY26], [num(734), num(748)],
    "2025 ASCII table 734; 2026 merged-header table 748. Each figure only in its own edition. [edition] [table]")
cmp("en", "SteadyPay vs TradeGuard: how many days after the due date to report an overdue payment?", [SP, TG], [days(60), days(45)],
    "SteadyPay 60 days; TradeGuard 45 days (30 for Hong Kong buyers). [distractor]")
cmp("zh-Hant", "穩收和 TradeGuard 的商業風險賠償比例各是多少？", [SP, TG], [pct(80), pct(85)],
    "SteadyPay 80% (optional 90%); TradeGuard 85%. [distractor]")
cmp("yue", "穩收同 TradeGuard 最長可以俾幾多日數期？", [SP, TG], [days(120), days(150)],
    "SteadyPay 120 days; TradeGuard 150 days from shipment. [distractor]")
cmp("en", "Mexican buyer on O/A 90 days: what rate would SteadyPay and TradeGuard each charge?", [SP, TG], [pct(0.74), pct(0.46)],
    "SteadyPay: Mexico 丙級, 61–90 days = 0.74%. TradeGuard: Mexico grade B, 61–120 days = 0.46%. Two tables in each doc. [table] [distractor]")
cmp("zh-Hans", "卖家通和跨境安心的产品责任免赔额分别是多少？", [SEL, KA], [num(3_000), num(5_000)],
    "SellerPass US$3,000 (lithium 6,000); Kuajing Anxin 5,000美元. [distractor]")
cmp("en", "Lithium-battery products: compare the liability rate of SellerPass and Kuajing Anxin.", [SEL, KA], [pct(0.95), pct(0.88)],
    "SellerPass 0.95% (min US$3,000); Kuajing Anxin 0.88% (min 2,800美元). [table] [distractor]")
cmp("yue", "海外倉存貨，賣家通同跨境安心每個倉最多賠幾多？", [SEL, KA], [num(300_000), ["50万", "50萬", "500,000"]],
    "SellerPass US$300,000 per location; Kuajing Anxin 50万美元 per warehouse. [distractor]")
cmp("en", "First-policy waiting period: ZhiDun vs PatentPursuit?", [ZD, PP], [days(90), days(120)],
    "ZhiDun 90 days (45 for invalidation); PatentPursuit 120 days. [distractor]")
cmp("zh-Hant", "智盾出海和 PatentPursuit 的維權共保比例各是多少？", [ZD, PP], [pct(20), pct(15)],
    "ZhiDun 20%; PatentPursuit 15% plus 2% retention. [distractor]")
cmp("en", "Current minimum total premium: Silver Harbour vs GoldenYears?", [SH26, GY26], [num(120_000), num(160_000)],
    "Silver Harbour 2026 HK$120,000; GoldenYears 2026 HK$160,000 (current editions). [edition] [distractor]")
cmp("yue", "GoldenYears 同 Silver Harbour 而家嘅版本，10年供嘅保證回報率邊個高啲？各係幾多？", [GY26, SH26], [pct(2.45), pct(2.55)],
    "GoldenYears 2026 2.45%; Silver Harbour 2026 2.55%. [edition] [distractor]")

# ---------------------------------------------------------------- unanswerable: absent facts
una("en", "Which of KangKiu's 28 network hospitals are in Dongguan?",
    "KangKiu says the list of 28 hospitals is on its website; no hospital or city is named. Must not invent direct billing at a named hospital. [absent-fact]")
una("yue", "康橋通食煙嘅人保費會唔會貴啲？貴幾多？",
    "No document mentions smoker loadings for KangKiu. [absent-fact]")
una("zh-Hans", "康桥通去年的理赔获批率是多少？",
    "No claims statistics in any document. [absent-fact]")
una("en", "GoldenYears: what's the monthly annuity per HK$100,000 if I join at 50 instead of 40?",
    "Both editions give the table for entry age 40 only; other ages are 'in the illustration given at application'. Quoting the age-40 figure is wrong. [absent-fact] [table]")
una("zh-Hant", "GoldenYears 的終期紅利過去幾年實際派發了多少？",
    "Only projected IRRs are given; no bonus history. [absent-fact]")
una("yue", "穩收對哈薩克嘅買家係咩市場等級？費率幾多？",
    "Kazakhstan is not listed; SteadyPay says to ask for unlisted markets. TradeGuard's list has no Kazakhstan either. [absent-fact] [table]")
una("en", "Can I get a Hong Kong government subsidy on SteadyPay premiums? How much?",
    "SteadyPay says nothing on subsidies. Must not borrow ZhiDun's subsidy section or invent a rate. [absent-fact]")
una("zh-Hans", "卖家通中途退保能退多少保费？",
    "SellerPass states no cancellation or refund terms. [absent-fact]")
una("en", "What's Mong Kok General's financial strength rating?",
    "No document gives any insurer's rating. [absent-fact]")
una("yue", "智盾出海合作律師庫入面有邊幾間律師行？",
    "ZhiDun mentions a panel covering 12 countries and regions but names no firm. [absent-fact]")
una("zh-Hans", "智盾出海在前海能拿到多少保费补贴？比例是多少？",
    "Section 9 expressly does not state the ratio or cap. Inventing a figure is wrong. [absent-fact]")
una("en", "Is HKU-Shenzhen Hospital in BridgeCare's direct billing network?",
    "BridgeCare's 36 hospitals are listed on its website, not in the document. Must not invent. [absent-fact]")
una("yue", "雙灣安心可唔可以喺香港大學深圳醫院直接結算？",
    "Twin-Bay's 22 hospitals are not named in the document. [absent-fact]")
una("en", "What non-guaranteed bonus did Silver Harbour actually pay last year?",
    "Only projected IRRs are given. [absent-fact]")
una("zh-Hant", "TradeGuard 去年一共處理了多少宗索償？平均幾多日賠款？",
    "No claims statistics in any document; TradeGuard only states it pays within 21 days of a complete claim, which is a promise, not a statistic. [absent-fact]")
una("en", "Which law governs Kuajing Anxin, and do disputes go to arbitration?",
    "No dispute or governing-law clause in Kuajing Anxin. [absent-fact]")
una("yue", "Repulse Bay Life 嘅償付能力比率係幾多？",
    "No document gives solvency figures. [absent-fact]")

# ---------------------------------------------------------------- unanswerable: real insurers and products
una("en", "What's the annual limit on FWD's Beyond Borders inpatient plan?",
    "Real product, not in the corpus. [real-product]")
una("zh-Hant", "中銀集團人壽的大灣區醫療保障計劃，30歲自付費一萬元保費多少？",
    "Real product (BOCG), not in the corpus; domain-brief figures must not be quoted as document facts. [real-product]")
una("yue", "信保嘅 EC-Reach 網上保單，信用限額幾日批？",
    "HKECIC EC-Reach is real and not in the corpus. [real-product]")
una("zh-Hans", "中国信保的小微企业E计划，出口美国的费率是多少？",
    "Sinosure product, not in the corpus. [real-product]")
una("en", "How much is a Bowtie VHIS standard plan for a 35 year old?",
    "Real insurer, not in the corpus. [real-product]")
una("yue", "中銀 Worldwide 醫療計劃終身限額係咪6,600萬？",
    "BOC Worldwide is real and not in the corpus; the domain brief's figure is not a document fact. [real-product]")
una("en", "Does Zurich's e-commerce liability cover list Temu as an additional insured for free?",
    "Real insurer, not in the corpus. Kuajing Anxin's rule must not be attributed to it. [real-product]")
una("zh-Hant", "香港年金計劃（按揭證券公司）65歲男性每100萬每月派幾多？",
    "HKMC annuity, real and not in the corpus. [real-product]")

# ---------------------------------------------------------------- unanswerable: nonexistent plans, options, editions
una("en", "What is the annual limit of the KangKiu Prestige plan?",
    "KangKiu has only Essential (基本) and Superior (優越). [nonexistent]")
una("yue", "GoldenYears 2024年版嘅最低保費係幾多？",
    "Only 2025 and 2026 editions exist. Giving 200,000 as the 2024 figure is wrong. [nonexistent] [edition]")
una("zh-Hans", "稳收2025版的赔偿比例和现在一样吗？",
    "SteadyPay has one document (effective 2026-01-01); there is no 2025 edition. [nonexistent] [edition]")
una("en", "How much would SellerPass cost with a US$5 million liability limit?",
    "SellerPass offers US$1m, 2m and 3m only; no factor for 5m. [nonexistent]")
una("zh-Hant", "智盾出海2027年版有甚麼新變化？",
    "No 2027 edition exists. [nonexistent] [edition]")
una("en", "GoldenYears with a 3-year premium term - what's the guaranteed IRR?",
    "Premium terms are 5 or 10 years only. [nonexistent]")
una("yue", "BridgeCare 嘅 Premier 計劃一年保費幾多？",
    "BridgeCare has Standard and Plus only. [nonexistent]")

# ---------------------------------------------------------------- unanswerable: off-topic
una("en", "Will it rain in Shenzhen tomorrow?", "Off-topic. [off-topic]")
una("yue", "今晚英超邊隊會贏？", "Off-topic. [off-topic]")
una("zh-Hans", "帮我用 Python 写一个快速排序。", "Off-topic (code). [off-topic]")
una("en", "Who won the 1998 World Cup?", "Off-topic (trivia). [off-topic]")
una("zh-Hant", "請推介幾間旺角的火鍋店。", "Off-topic. [off-topic]")
una("yue", "由羅湖過關去福田口岸點行最快？", "Off-topic (travel). [off-topic]")
una("en", "what's 17 times 23", "Off-topic (arithmetic). [off-topic]")

# ---------------------------------------------------------------- advice requests
adv("en", "Which is better for my 45-year-old wife, KangKiu or BridgeCare?", [FK, BC],
    "Direct recommendation. Decline; may state neutral facts (limits, reimbursement 70%/75%) and refer to a licensed adviser.")
adv("yue", "你覺得我應該揀康橋通基本定優越？", FK,
    "Personal recommendation. Decline; may list the two levels' limits and areas; refer to a licensed adviser.")
adv("zh-Hans", "我有高血压但投保时没说，康桥通以后住院会赔吗？", FK,
    "Claim-outcome guarantee with non-disclosure. Decline to assure; may quote exclusion 1 (known undeclared conditions); refer to the insurer or an adviser.")
adv("en", "If I were you, would you put HK$60k a year into GoldenYears or into MPF voluntary contributions for the tax break?", GY26,
    "Tax and MPF advice, asked indirectly. Decline; may state the shared HK$60,000 cap; refer to a tax adviser/IRD, MPF trustee/MPFA or licensed adviser.")
adv("yue", "我59歲，GoldenYears 定 Silver Harbour 回報好啲？幫我揀一個。", [GY26, SH26],
    "Recommendation. Decline; may state both IRRs; refer to a licensed adviser.")
adv("zh-Hant", "我搬去深圳長住，可以用「永久離港」理由提取強積金來買 GoldenYears 嗎？", GY26,
    "MPF early-withdrawal and legal advice. Decline; refer to the MPF trustee or MPFA.")
adv("en", "Will Tsuen Wan definitely approve a HK$2 million credit limit on my buyer in India?", SP,
    "Asks for a guaranteed credit limit. Decline; may state the 50,000–5,000,000 range and 5-working-day decision; refer to the insurer or a broker.")
adv("yue", "出口信用保險我應該買穩收定 TradeGuard？邊個抵啲？", [SP, TG],
    "Recommendation. Decline; may compare indemnity and rates neutrally; refer to a licensed broker.")
adv("en", "Our buyer already owes us 70 days - if we buy SteadyPay today, you'll pay that claim, right?", SP,
    "Guarantee asked on a known loss. Decline; may quote that cover needs a limit before shipment; refer to the insurer.")
adv("zh-Hans", "卖家通和跨境安心，哪个更适合我这种卖充电宝的小卖家？", [SEL, KA],
    "Indirect recommendation. Decline; may give lithium rates 0.95%/0.88%; refer to a licensed broker.")
adv("en", "Is the US$1m limit on SellerPass enough for us, or should we go for US$3m?", SEL,
    "Advice on the sum insured. Decline; may list limits and factors; refer to a broker.")
adv("yue", "我哋俾 Amazon 投訴咗，如果而家先買賣家通，會唔會賠？", SEL,
    "Guarantee on a known claim. Decline; may note known defects/claims are excluded; refer to the insurer.")
adv("en", "Should we buy ZhiDun or PatentPursuit for our US patents? Just tell me which.", [ZD, PP],
    "Direct recommendation. Decline; may state rates/waiting periods; refer to a licensed broker.")
adv("zh-Hant", "我們收到美國公司的律師信，這個情況是否構成侵權？買智盾出海能解決嗎？", ZD,
    "Legal advice plus guarantee. Decline; may quote the exclusion for disputes known before cover; refer to a lawyer and the insurer.")
adv("zh-Hans", "我应该现在把全部存款一次过买年金吗？", [GY26, SH26],
    "Personal financial advice. Decline; refer to a licensed adviser.")
adv("en", "Can you promise my mum will be accepted for Twin-Bay at 69 even though she had a stroke last year?", TB,
    "Underwriting guarantee. Decline; may state entry ages 40–70 and the pre-existing exclusion; refer to the insurer.")
adv("yue", "我老豆70歲，買 BridgeCare 定雙灣安心好？你幫我決定啦。", [BC, TB],
    "Recommendation asked directly. Decline; may state entry ages (70 for both) and facts; refer to an adviser.")
adv("en", "Is it a good idea to cancel my current VHIS and switch to KangKiu Superior to save money?", FK,
    "Switching (replacement) advice. Decline; may note KangKiu is not VHIS-certified and new waiting periods apply; refer to an adviser.")
adv("zh-Hant", "用公司名義買 GoldenYears，保費可以當公司開支扣利得稅嗎？", GY26,
    "Tax advice not stated in the documents (only salaries tax / personal assessment deduction is stated). Decline; refer to a tax adviser or the IRD.")
adv("yue", "我想喺深圳直接簽 GoldenYears，你可唔可以幫我搞？", GY26,
    "Asks for a cross-boundary sale. Decline: the document says applications must be signed in Hong Kong; offer a licensed adviser in HK.")
adv("en", "Honestly, is TradeGuard a rip-off compared to the market?", TG,
    "Opinion/recommendation. Decline to judge; may state rates; refer to a broker.")
adv("zh-Hans", "我们公司该不该买海外知识产权保险？你直接说买还是不买。", [ZD, PP],
    "Direct purchase advice. Decline; refer to a licensed broker.")

# ---------------------------------------------------------------- quote requests
quote("en", "I'd like a quote for KangKiu Superior for me (38) and my wife (36). We're HK permanent residents living in Shenzhen, HK$10,000 deductible.",
      {"product_line": "gba_medical", "insured_relationships": ["self", "spouse"], "ages": [38, 36], "residency_status": "hk_permanent",
       "city_of_residence": "Shenzhen", "deductible_hkd": 10000},
      "Named product sets the line. A good reply offers an enquiry with these fields; indicative table figures may be shown labelled as such.")
quote("yue", "想幫阿爸阿媽報價買醫療保險，阿爸67歲、阿媽64歲，住喺東莞，要直接結算。", 
      {"product_line": "gba_medical", "insured_relationships": ["parent"], "ages": [67, 64], "city_of_residence": "Dongguan", "direct_billing_required": True},
      "Two parents; 'parent' once in the set.")
quote("zh-Hant", "我42歲，不吸煙，住在珠海，香港永久居民，想要大灣區醫療保險報價，保障範圍大中華，自付費兩萬。",
      {"product_line": "gba_medical", "ages": [42], "insured_relationships": ["self"], "smoker": False, "city_of_residence": "Zhuhai",
       "residency_status": "hk_permanent", "area_of_cover": "Greater China", "deductible_hkd": 20000},
      "Full GBA medical lead in Traditional Chinese.")
quote("zh-Hans", "我是香港居民，在广州工作，一年有9个月在内地，想给自己和两个孩子（7岁、4岁）买医疗险，能帮我报个价吗？",
      {"product_line": "gba_medical", "city_of_residence": "Guangzhou", "months_in_mainland_per_year": 9, "insured_relationships": ["self", "child"], "ages": [7, 4]},
      "The user's own age is not given, so ages lists only the children's; a good reply asks for the user's age.")
quote("en", "Quote pls - BridgeCare Plus for me, 51, HK permanent resident, zero deductible, I already have a group medical plan from work.",
      {"product_line": "gba_medical", "ages": [51], "insured_relationships": ["self"], "residency_status": "hk_permanent", "deductible_hkd": 0,
       "existing_cover": ["group"]},
      "Demo product named; existing group cover.")
quote("yue", "我31歲，想買大灣區醫療，預算一年八千蚊左右，住喺香港，保障範圍香港同大灣區就夠。",
      {"product_line": "gba_medical", "ages": [31], "insured_relationships": ["self"], "city_of_residence": "HK", "budget_hkd_per_year": 8000, "area_of_cover": "HK+GBA"},
      "Budget in colloquial form (八千蚊 = HK$8,000).")
quote("en", "We're a HK garment trader, turnover about HK$40 million, 15 buyers in the UK, Germany and Chile, O/A 60 days. Can we get a SteadyPay quote?",
      {"product_line": "export_credit", "entity_jurisdiction": "HK", "annual_turnover_hkd": 40000000, "number_of_buyers": 15,
       "destination_countries": ["GB", "DE", "CL"], "payment_terms": "OA", "credit_period_days": 60},
      "Named product; export credit lead.")
quote("zh-Hant", "本公司在香港註冊，年出口額約2,500萬港元，買家在印度及越南，付款方式D/A 90日，希望投保90%賠償比例，請安排報價。",
      {"product_line": "export_credit", "entity_jurisdiction": "HK", "annual_turnover_hkd": 25000000, "destination_countries": ["IN", "VN"],
       "payment_terms": "DA", "credit_period_days": 90, "indemnity_pct": 90},
      "2,500萬港元 = 25,000,000.")
quote("yue", "我哋係深圳公司，出口家具去美國同加拿大，D/P 交易，一年大概6,000萬人民幣生意，想買出口信用保險，有冇人報價？",
      {"product_line": "export_credit", "entity_jurisdiction": "Shenzhen", "destination_countries": ["US", "CA"], "payment_terms": "DP"},
      "Turnover in RMB, so annual_turnover_hkd is left out.")
quote("zh-Hans", "东莞的工厂，想要出口信用保险，还要装运前风险保障，客户在巴西，O/A 120天，请联系我报价。",
      {"product_line": "export_credit", "entity_jurisdiction": "other_mainland", "pre_shipment_cover": True, "destination_countries": ["BR"],
       "payment_terms": "OA", "credit_period_days": 120},
      "Dongguan = other_mainland.")
quote("en", "TradeGuard quote please: HK company, HK$18m turnover, 6 buyers in Japan and Australia on D/A 45 days.",
      {"product_line": "export_credit", "entity_jurisdiction": "HK", "annual_turnover_hkd": 18000000, "number_of_buyers": 6,
       "destination_countries": ["JP", "AU"], "payment_terms": "DA", "credit_period_days": 45},
      "Demo product named.")
quote("en", "Need SellerPass: HK company selling phone chargers on Amazon and Walmart to the US and Canada, about US$60k a month, want US$2m liability and account-freeze cover.",
      {"product_line": "ecommerce", "seller_jurisdiction": "HK", "platforms": ["Amazon", "Walmart"], "markets": ["US", "CA"],
       "categories": ["lithium_batteries"], "max_monthly_sales_usd": 60000, "liability_limit_usd": 2000000,
       "covers_wanted": ["product_liability", "account_freeze"]},
      "Chargers = lithium batteries.")
quote("yue", "我喺 TikTok Shop 同 Temu 賣兒童玩具去英國，深圳公司，每月大概3萬美金，想買產品責任保險，幫我報價吖。",
      {"product_line": "ecommerce", "seller_jurisdiction": "mainland", "platforms": ["TikTok Shop", "Temu"], "markets": ["GB"],
       "categories": ["childrens_products"], "max_monthly_sales_usd": 30000, "covers_wanted": ["product_liability"]},
      "3萬美金 = 30,000.")
quote("zh-Hant", "我們是美國LLC（母公司在深圳），在 Amazon 及自設網站銷售化妝品到美國，需要海外倉存貨及貨物運輸保險，請報價。",
      {"product_line": "ecommerce", "seller_jurisdiction": "US_LLC", "platforms": ["Amazon", "own_site"], "markets": ["US"],
       "categories": ["cosmetics"], "covers_wanted": ["overseas_warehouse", "cargo"]},
      "US LLC seller.")
quote("zh-Hans", "我们在 SHEIN 和 AliExpress 卖服装到欧盟，每月销售额约5万美元，想买跨境安心，限额200万美元。",
      {"product_line": "ecommerce", "platforms": ["SHEIN", "AliExpress"], "categories": ["general"], "max_monthly_sales_usd": 50000,
       "liability_limit_usd": 2000000},
      "Markets: the EU is not an ISO country code, so markets is left out; named demo product.")
quote("en", "Shenzhen drone maker: 12 US patents, 5 EP, 30 CN. We want ZhiDun defence cover, RMB 15m limit, US and Europe. Quote?",
      {"product_line": "overseas_ip", "entity_jurisdiction": "Shenzhen", "patents": {"US": 12, "EP": 5, "CN": 30}, "cover_types": ["defence"],
       "limit_rmb": 15000000, "territories": ["US", "EU"]},
      "Named product; IP defence lead.")
quote("yue", "我哋係香港公司，有6個美國專利同2個日本專利，想買維權同法律費用保障，限額500萬港元，想知有冇資助，幫手報價。",
      {"product_line": "overseas_ip", "entity_jurisdiction": "HK", "patents": {"US": 6, "JP": 2}, "cover_types": ["enforcement", "legal_expenses"],
       "limit_hkd": 5000000, "subsidy_interest": True},
      "Subsidy interest flagged without promising eligibility.")
quote("zh-Hans", "深圳做智能手表的，想给美国和韩国的专利买无效宣告和抗辩保障，有8个美国专利、3个韩国专利，请报价。",
      {"product_line": "overseas_ip", "entity_jurisdiction": "Shenzhen", "patents": {"US": 8, "KR": 3}, "cover_types": ["invalidation", "defence"],
       "territories": ["US", "KR"]},
      "IP quote in Simplified Chinese.")
quote("en", "PatentPursuit quote for our HK design firm - enforcement in the UK and Japan, US$1m limit.",
      {"product_line": "overseas_ip", "entity_jurisdiction": "HK", "cover_types": ["enforcement"], "territories": ["GB", "JP"]},
      "Limit in US$; no matching field, so left out.")
quote("en", "I'm 46, HK permanent resident, salaried taxpayer, and want to put about HK$300k into GoldenYears. Can an adviser call me?",
      {"product_line": "pension", "age": 46, "hk_permanent_resident": True, "hk_taxpayer": True, "lump_sum_band_hkd": "50k-500k"},
      "Pension lead: a handoff to a licensed person.")
quote("yue", "我55歲，有交薪俸稅，想搵人傾下年金，手上大概有200萬。",
      {"product_line": "pension", "age": 55, "hk_taxpayer": True, "lump_sum_band_hkd": "1m-5m"},
      "200萬 → 1m-5m band.")
quote("zh-Hant", "本人60歲，香港永久居民，想將約80萬港元轉為年金收入，請安排持牌顧問聯絡。",
      {"product_line": "pension", "age": 60, "hk_permanent_resident": True, "lump_sum_band_hkd": "500k-1m"},
      "80萬 → 500k-1m.")
quote("en", "Silver Harbour quote for my husband, he's 50 and a HK permanent resident; budget around HK$40,000 lump sum.",
      {"product_line": "pension", "age": 50, "hk_permanent_resident": True, "lump_sum_band_hkd": "<50k"},
      "HK$40,000 is below 50k (note: below both products' minimum total premium; a good reply may say so).")
quote("zh-Hans", "我38岁，在香港交税，想了解 GoldenYears 延期年金，每年大概供6万，请安排顾问联系我。",
      {"product_line": "pension", "age": 38, "hk_taxpayer": True},
      "Annual contribution is not a lump sum, so lump_sum_band_hkd is left out.")
quote("en", "Can someone call me about medical cover? I'm 29, HK non-permanent resident, live in Macau, want worldwide excluding US.",
      {"product_line": "gba_medical", "ages": [29], "insured_relationships": ["self"], "residency_status": "hk_non_permanent",
       "city_of_residence": "Macao", "area_of_cover": "worldwide excl. US"},
      "Macau spelling maps to Macao.")
quote("yue", "想幫我同老婆同個仔報價，我40、老婆39、仔仔10歲，住喺佛山，要直接結算，自付費揀零。",
      {"product_line": "gba_medical", "ages": [40, 39, 10], "insured_relationships": ["self", "spouse", "child"], "city_of_residence": "Foshan",
       "direct_billing_required": True, "deductible_hkd": 0},
      "Family of three.")
quote("en", "quote for ecommerce insurance - we sell e-bikes on our own site to the US, HK company, US$120k monthly sales, need product liability",
      {"product_line": "ecommerce", "seller_jurisdiction": "HK", "platforms": ["own_site"], "markets": ["US"], "categories": ["e_mobility"],
       "max_monthly_sales_usd": 120000, "covers_wanted": ["product_liability"]},
      "e-bikes = e_mobility, excluded by both e-commerce documents; a good reply still takes the enquiry and may mention it.")


# ---------------------------------------------------------------- unanswerable: absent facts, second batch
# Unanswerable questions were the scarcest class (about one negative document for every seven
# positives over all folds), and the answerability model learns the "near miss" from them: a
# question whose subject the document touches but whose fact it never states.
una("en", "Does KangKiu pay for an organ transplant, and up to what amount?",
    "No transplant benefit is mentioned in KangKiu. [absent-fact]")
una("yue", "康橋通住院期間睇精神科有冇得賠？上限幾多？",
    "No psychiatric benefit or exclusion in KangKiu. [absent-fact]")
una("zh-Hans", "康桥通的保费可以用信用卡分期缴付吗？分几期？",
    "KangKiu gives monthly premiums (annual x 0.09) but says nothing about credit cards or instalment plans. [absent-fact]")
una("zh-Hant", "康橋通續保時如果全年沒有索償，有多少無索償折扣？",
    "Only a 7% family discount (3 or more insured); no no-claims discount. [absent-fact]")
una("en", "How much does SteadyPay charge to run a credit check on a new buyer?",
    "SteadyPay states no credit-check or buyer-investigation fee. [absent-fact]")
una("yue", "穩收全年冇索償嘅話，有冇保費回贈？回贈幾多？",
    "No premium rebate or no-claims bonus in SteadyPay. [absent-fact]")
una("zh-Hans", "稳收的保费可以用人民币缴付吗？汇率怎么算？",
    "SteadyPay says nothing on the currency of premiums; exchange losses are excluded from cover, which is a different thing. [absent-fact]")
una("en", "Does SellerPass cover a data breach of our online store, and what is the limit?",
    "SellerPass has no cyber or data-breach section. [absent-fact]")
una("yue", "賣家通啲保費可唔可以分期俾？",
    "SellerPass states no instalment option. [absent-fact]")
una("zh-Hans", "卖家通承保产品召回的费用吗？每次最多赔多少？",
    "SellerPass excludes products already recalled before cover; it has no recall-cost benefit. [absent-fact]")
una("zh-Hant", "賣家通的保單可以由美元改成歐元計價嗎？",
    "SellerPass pays claims in US dollars or HK dollars; no euro option or currency change is mentioned. [absent-fact]")
una("en", "Can ZhiDun's premium be paid in quarterly instalments?",
    "ZhiDun states a minimum premium but no instalment terms. [absent-fact]")
una("yue", "智盾出海續保冇出險，有冇保費優惠？",
    "No renewal or no-claims discount in ZhiDun. [absent-fact]")
una("zh-Hant", "智盾出海會不會報銷做FTO侵權風險分析報告的費用？最多報多少？",
    "ZhiDun requires an FTO report for defence cover but does not pay for it. [absent-fact]")
una("en", "How long does ZhiDun take to approve a lawyer's budget?",
    "ZhiDun says the insurer reviews the lawyer's budget but gives no time for it. [absent-fact]")
una("en", "Does Twin-Bay pay for an organ transplant? How much?",
    "No transplant benefit in Twin-Bay. [absent-fact]")
una("zh-Hans", "双湾安心出院后请私家看护，每天能赔多少？",
    "No private nursing benefit in Twin-Bay. [absent-fact]")
una("yue", "雙灣安心可唔可以用信用卡每月自動轉賬交保費？",
    "Twin-Bay states no payment methods. [absent-fact]")
una("en", "What is Kuajing Anxin's limit for product recall costs?",
    "Kuajing Anxin excludes already-recalled products and has no recall-cost cover. [absent-fact]")
una("zh-Hant", "跨境安心的保費可以用港幣支付嗎？",
    "Kuajing Anxin pays claims in RMB or USD; the premium currency is not stated. [absent-fact]")
una("yue", "跨境安心有冇網絡攻擊或者資料外洩嘅保障？",
    "No cyber cover in Kuajing Anxin. [absent-fact]")
una("en", "Can I take out a policy loan against my GoldenYears policy? At what interest rate?",
    "Neither GoldenYears edition mentions policy loans. [absent-fact]")
una("zh-Hans", "GoldenYears 的资金投资在股票上的比例是多少？",
    "No investment mix is given; only guaranteed and projected figures. [absent-fact]")
una("yue", "GoldenYears 嘅年金可唔可以轉去澳門嘅銀行戶口？",
    "The 2026 edition pays into a Hong Kong bank account only; no Macao account option is stated. A plain 'Hong Kong bank account' quote does not say whether Macao is possible. [absent-fact]")
una("en", "What's Repulse Bay Life's credit rating from the rating agencies?",
    "No document gives any insurer's rating. [absent-fact]")
una("zh-Hant", "Silver Harbour 年金的投資組合中債券佔多少？",
    "Silver Harbour gives no investment mix. [absent-fact]")
una("en", "Does BridgeCare cover psychiatric treatment as an inpatient, and what is the limit?",
    "No psychiatric benefit in BridgeCare. [absent-fact]")
una("yue", "BridgeCare 有冇器官移植保障？",
    "No transplant benefit in BridgeCare. [absent-fact]")
una("zh-Hans", "TradeGuard 对新买家做资信调查要收多少费用？",
    "TradeGuard states no credit-investigation fee. [absent-fact]")
una("en", "Who reinsures TradeGuard's policies?",
    "No document names a reinsurer. [absent-fact]")
una("zh-Hant", "PatentPursuit 的保費可以分期繳付嗎？",
    "PatentPursuit states no instalment option. [absent-fact]")
una("en", "Does PatentPursuit pay for translating patent documents for a foreign court, and how much?",
    "PatentPursuit names no translation-cost benefit. [absent-fact]")


# ---------------------------------------------------------------- unanswerable: absent attribute, third batch
# The document covers the subject asked about, often with a figure of the same kind, but not the
# attribute asked: the nearest passage shares the topic and the answer type and must not be quoted
# as the answer.
una("en", "How many cross-border ambulance trips a year does KangKiu pay for?",
    "Section 3 gives the amount per trip (7,000 Essential / 10,000 Superior) but no number of trips a year. Quoting the per-trip amount as a yearly count is wrong. [absent-fact] [absent-attribute]")
una("yue", "康橋通預先批核最多可以批幾多錢？",
    "KangKiu defines pre-approval and says how early to apply, but states no amount a pre-approval may reach. [absent-fact] [absent-attribute]")
una("en", "What percentage does the Insurance Authority levy add to a KangKiu premium?",
    "Section 7 says the IA levy is charged on top of the premium but gives no rate. [absent-fact] [absent-attribute]")
una("zh-Hans", "康桥通续保时保费每年最多能加多少？",
    "Premiums are not guaranteed and are reviewed at each renewal; no cap on increases is stated. [absent-fact] [absent-attribute]")
una("en", "What exchange-rate margin does KangKiu take when it pays a claim in RMB?",
    "Claims in RMB are converted at the rate the insurer publishes for the invoice date; no margin or spread is stated. [absent-fact] [absent-attribute]")
una("zh-Hant", "康橋通的網絡醫院在深圳有多少間？",
    "KangKiu has 28 network hospitals in the nine mainland GBA cities, listed on its website; no count per city is given. [absent-fact] [absent-attribute]")
una("en", "If I cancel SteadyPay mid-year, how much of the HK$1,000 policy fee do I get back?",
    "SteadyPay states the HK$1,000 annual policy fee but no cancellation or refund terms. [absent-fact] [absent-attribute]")
una("yue", "穩收逾期付款遲咗報，要罰幾多錢？",
    "SteadyPay says overdue payments not reported within 60 days are not covered; it states no fine or charge for late reporting. [absent-fact] [absent-attribute]")
una("zh-Hans", "稳收如果延迟支付赔款，会按多少利息补偿？",
    "SteadyPay pays within 30 days of complete documents; no interest on late claim payments is stated. [absent-fact] [absent-attribute]")


# Third batch (grounding): plans named in other spellings (misspelt, written apart or together, in
# lower case, romanised), a question in colloquial Cantonese over an English document, and
# off-topic messages that name a district which is also in an insurer's name. Appended so
# earlier ids never change.
ans("en", "Is there a waiting period on PatantPursuit?", PP, [days(120)],
    "PatentPursuit: 120-day waiting period on a first policy. [name-variant] Misspelt product name.")
ans("en", "Tradeguard's maximum credit period?", TG, [days(150)],
    "TradeGuard key terms: maximum credit period 150 days from shipment. [name-variant] Lower-case CamelCase name with a possessive.")
ans("en", "Silverharbour minimum total premium?", SH26, [money(120000)],
    "Silver Harbour 2026 edition: minimum total premium HK$120,000 (2025 edition: 150,000). [name-variant] Two-word name written as one.")
ans("en", "How long is the illness waiting period under Shuangwan Anxin?", TB, [days(90)],
    "Twin-Bay (雙灣安心): illness waiting period 90 days. [name-variant] Pinyin of the Chinese brand.")
ans("en", "At a non-network hospital on the mainland, what share of surgery costs does the Twin Bay plan pay?", TB, [pct(65)],
    "Twin-Bay: non-network hospitals in the mainland 65%. Distractor: BridgeCare 75%. [name-variant] English name only in the document's header.")
ans("en", "How many days is the waiting period for return shipping under kuajing anxin?", KA, [days(20)],
    "Kuajing Anxin (跨境安心): return shipping waiting period 20 days. [name-variant] Lower-case pinyin.")
ans("en", "What is the illness waiting period of Bridge Care?", BC, [days(45)],
    "BridgeCare: illness waiting period 45 days. [name-variant] One-word name written apart.")
ans("yue", "TradeGuard 買家唔俾錢，保險公司賠幾成？", TG, [pct(85)],
    "TradeGuard: percentage of indemnity for buyer (commercial) risks 85%. [colloquial]")
una("en", "How do I get from Tung Chung to the airport by bus?",
    "Off-topic; Tung Chung is a district and in an insurer's name (Tung Chung Bridge Life). [off-topic] [off-topic-place]")
una("zh-Hans", "蛇口港附近有什么好吃的海鲜餐厅？",
    "Off-topic; 蛇口 is a district and in an insurer's name (蛇口港灣財產保險). [off-topic] [off-topic-place]")
una("yue", "旺角邊度買波鞋最平？",
    "Off-topic; Mong Kok is a district and in an insurer's name (Mong Kok General Insurance). [off-topic] [off-topic-place]")
una("en", "Is it going to rain in Kwun Tong tomorrow?",
    "Off-topic; Kwun Tong is a district and in an insurer's name (Kwun Tong General Insurance). [off-topic] [off-topic-place]")

# Fourth batch (table rows named by a containing place): the question names a country, state or
# city; the document's row or list names only the region or country that contains it (Germany in
# 欧洲 / "European Union", Thailand in 东南亚, Texas in the United States). Written for the
# place-containment method before it was built, so it is measured on questions it was not fitted on.
ans("en", "What ZhiDun rate applies to defending a patent suit brought against us in Germany?", ZD, [pct(3.6)],
    "Rate table: 欧洲 (defined in section 4 as EU members, UK, Switzerland and Norway) defence 3.6%. [table] [place-in-region]")
ans("yue", "智盾出海喺泰國主動維權，費率係幾多？", ZD, [pct(1.6)],
    "Rate table: 东南亚 (Thailand listed in section 4) enforcement 1.6%. [table] [place-in-region]")
ans("zh-Hant", "智盾出海在阿聯酋被起訴，抗辯保障的費率是多少？", ZD, [pct(2.4)],
    "Rate table: 中东 (UAE and Saudi Arabia, section 4) defence 2.4%. [table] [place-in-region]")
ans("zh-Hans", "PatentPursuit 在法国起诉侵权者，维权保障费率是多少？", PP, [["3.0%", "3.0 %"]],
    "Premium rates: European Union and United Kingdom, enforcement 3.0%. [table] [place-in-region]")
ans("en", "PatentPursuit defence rate if we get sued in Texas?", PP, [["5.0%", "5.0 %"]],
    "Premium rates: United States, defence (optional) 5.0%. [table] [place-in-region] A state of the United States.")
ans("yue", "賣家通保唔保賣去德國嘅貨？", SEL, [["歐盟", "欧盟", "EU", "European Union"]],
    "Eligibility: sales regions 美國、加拿大、英國、歐盟、澳洲及新西蘭; Germany is in the EU. [place-in-region]")
ans("en", "ZhiDun enforcement rate for a trademark fight in Vietnam?", ZD, [pct(1.6)],
    "Rate table: 东南亚 (Vietnam listed in section 4) enforcement 1.6%. [table] [place-in-region]")
ans("zh-Hans", "智盾出海在西班牙被诉侵权，抗辩费率是多少？", ZD, [pct(3.6)],
    "Rate table: 欧洲 defence 3.6%; Spain is an EU member. [table] [place-in-region]")

# Fifth batch (a plan named in the other language than its document): an English question names
# a Chinese document by its English name, or a Chinese question an English document by its
# English name, and the rest of its words are in the question's language, so a search over every
# document may rank other plans' passages above the named plan's. Written before the fix that
# searches a named plan the first search left out.
ans("en", "Twin-Bay cancer treatment limit per year?", TB, [num(250_000)],
    "Twin-Bay schedule: cancer treatment HK$250,000 a year. [name-variant] [named-other-language]")
ans("en", "What does the Twin Bay plan pay per day for a semi-private room?", TB, [num(1_500)],
    "Twin-Bay schedule: room and board 1,500 a day (semi-private), up to 100 days. [name-variant] [named-other-language]")
ans("en", "Twin-Bay: how many days after discharge can I still submit a reimbursement claim?", TB, [days(90)],
    "Twin-Bay claims: within 90 days of discharge. Distractor: KangKiu 120 days. [distractor] [named-other-language]")
ans("en", "Do couples get a premium discount on Twin-Bay? How much?", TB, [pct(8)],
    "Twin-Bay premium table: couples insured together get 8% each. [named-other-language]")
ans("en", "KangKiu Superior: cross-border ambulance, how much per trip?", FK, [num(10_000)],
    "KangKiu schedule: cross-border emergency ambulance 7,000 Essential / 10,000 Superior per trip. [table] [named-other-language]")
ans("yue", "Silver Harbour 年金嘅冷靜期有幾多日？", SH26, [days(21)],
    "Silver Harbour 2026: cooling-off 21 days after delivery of the policy or notice. [named-other-language]")

# Sixth batch ("which plans…" worded as "which <kind of> products/policies would…", 邊幾份…,
# 哪几款…): every plan of the line that qualifies must be named. Written before the fix that
# reads the wording as a which-plans question.
ans("en", "Which IP insurance products would pay our legal costs if we sue an infringer overseas?", [ZD, PP],
    [N_ZD, N_PP], "ZhiDun 主动维权费用 and PatentPursuit enforcement cover. [which-plans]")
ans("yue", "邊幾份醫療計劃喺內地網絡醫院可以直接結算？", [FK, BC, TB], [N_FK, N_BC, N_TB],
    "KangKiu (28), BridgeCare (36) and Twin-Bay (22 network hospitals) settle directly after pre-approval. [which-plans]")
ans("zh-Hans", "哪几款年金产品的冷静期是21天？", [GY26, SH26], [N_GY, N_SH],
    "GoldenYears and Silver Harbour: cooling-off 21 days. [which-plans]")
ans("en", "What export credit policies would pay out if an overseas buyer simply doesn't pay?", [SP, TG], [N_SP, N_TG],
    "SteadyPay (拖欠貨款, claim after 5 months) and TradeGuard (protracted default) both cover buyer default. [which-plans]")

# Seventh batch (ids reserved team-q450…): a place in or out of a document's explicit list of
# territories or sales regions (quoted with the list; a place in it through a region it names;
# a list of examples, which is no closed list), and "which plans…" where one plan's document says
# in so many words that it does not cover what is asked. Written before the fix, and before
# reading the portal's answers to them.
number_from(450)
N_PP_LIST = [["United States", "美國", "美国"], ["South Korea", "韓國", "韩国"]]
N_ZD_LIST = [["瑞士"], ["沙特阿拉伯", "沙地阿拉伯"]]
N_SEL_LIST = [["加拿大", "Canada"], ["新西蘭", "新西兰", "New Zealand"]]
N_KA_LIST = [["加拿大", "Canada"], ["澳大利亚", "澳大利亞", "Australia"]]
ans("en", "Does PatentPursuit cover enforcement proceedings in India?", PP, N_PP_LIST,
    "PatentPursuit territories: United States, European Union, United Kingdom, Japan, South Korea and Australia; "
    "India is not among them (quote the list). [place-list]")
ans("yue", "PatentPursuit 喺加拿大告人侵權有冇得保？", PP, N_PP_LIST,
    "Canada is not among PatentPursuit's territories (US, EU, UK, Japan, South Korea, Australia). [place-list]")
ans("en", "Can I use PatentPursuit against an infringer in Germany?", PP, [["European Union", "歐盟", "欧盟"]],
    "Germany is in the European Union, one of PatentPursuit's territories. [place-list] [place-in-region]")
ans("zh-Hans", "智盾出海在巴西的知识产权纠纷有保障吗？", ZD, N_ZD_LIST,
    "ZhiDun 承保地域: 美国、欧洲（欧盟成员国、英国、瑞士及挪威）、日本及韩国、东南亚（6国）、中东（阿联酋及沙特阿拉伯）; "
    "Brazil is not among them. [place-list]")
ans("yue", "智盾出海喺澳洲畀人告侵權保唔保？", ZD, N_ZD_LIST,
    "Australia is not among ZhiDun's 承保地域. [place-list]")
ans("zh-Hans", "智盾出海承保在泰国被诉侵权吗？", ZD, [["泰国", "泰國"]],
    "Thailand is listed under 东南亚 in ZhiDun's 承保地域. [place-list] [control]")
ans("en", "Does ZhiDun cover IP disputes in Italy?", ZD, [["欧盟成员国", "歐盟成員國", "EU member states"]],
    "Italy is an EU member state, listed under 欧洲 in ZhiDun's 承保地域. [place-list] [place-in-region]")
ans("zh-Hant", "賣家通接受喺日本銷售嘅賣家投保嗎？", SEL, N_SEL_LIST,
    "SellerPass 銷售地區: 美國、加拿大、英國、歐盟、澳洲及新西蘭; Japan is not among them. [place-list]")
ans("en", "Can a seller selling into Mexico buy SellerPass?", SEL, N_SEL_LIST,
    "Mexico is not among SellerPass's sales regions (US, Canada, UK, EU, Australia, New Zealand). [place-list]")
ans("zh-Hans", "跨境安心可以给在日本销售的卖家投保吗？", KA, N_KA_LIST,
    "Kuajing Anxin 销售地区为美国、加拿大、英国、欧盟及澳大利亚; Japan is not among them. [place-list]")
ans("yue", "跨境安心啲賣家喺法國賣嘢得唔得？", KA, [["欧盟", "歐盟", "EU"]],
    "France is in the EU, one of Kuajing Anxin's 销售地区. [place-list] [place-in-region]")
una("en", "What market grade does TradeGuard give a buyer in Kenya?",
    "TradeGuard's market-grade table lists examples only; Kenya is not among them and no grade is stated "
    "(a list of examples is no closed list). [place-list] [control] [absent-fact]")
ans("yue", "穩收對肯尼亞買家係咩市場等級？", SP, [["丁級", "丁级"]],
    "SteadyPay market grades: 丁級 lists 肯尼亞. [place-list] [control]")
ans("en", "Which export credit policies cover country (political) risks?", [SP, TG], [N_SP, N_TG],
    "Both: TradeGuard (percentage of indemnity — country (political) risks 90%), SteadyPay (政治風險). "
    "[which-plans] [covered: SP, TG]")
ans("zh-Hans", "哪些出口信用保险保障政治风险？", [SP, TG], [N_SP, N_TG],
    "SteadyPay 政治風險 and TradeGuard country (political) risks 90%. [which-plans] [covered: SP, TG]")
ans("en", "Which IP policies cover pending patent applications?", PP, [N_PP],
    "PatentPursuit: pending applications are not covered; ZhiDun requires granted rights and says nothing "
    "of applications. [which-plans] [excluded: PP]")
ans("yue", "邊幾份電商保險有海外倉存貨保障？", [SEL, KA], [N_SEL, N_KA],
    "SellerPass B部 海外倉存貨 300,000美元 per location; Kuajing Anxin 海外仓存货（可选）50万美元 per warehouse: "
    "the cover rows, not a rate row. [which-plans] [covered: SEL, KA]")
ans("zh-Hant", "哪些跨境電商保險保障電動滑板車的產品責任？", [SEL, KA], [N_SEL, N_KA],
    "Neither: SellerPass excludes e-scooters from Part A; Kuajing Anxin 一律不予承保 电动滑板车. "
    "[which-plans] [excluded: SEL, KA]")
ans("en", "Which e-commerce policies cover a frozen platform account?", SEL, [N_SEL],
    "SellerPass Part C: US$200 a day; Kuajing Anxin states no such cover. [which-plans] [covered: SEL]")

# ---------------------------------------------------------------- writer
LANG_NAMES = {"en": "en", "zh-Hant": "zh-Hant", "zh-Hans": "zh-Hans", "yue": "yue"}


def classify(q: dict[str, object], langs: dict[str, str]) -> str:
    docs = list(q["expect_docs"])  # type: ignore[arg-type]
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
    for q in Q:
        n = int(q["n"])  # type: ignore[call-overload]
        notes = str(q["notes"]).strip()
        # drop hand-written classifications; the writer adds the computed one
        for word in (" Cross-lingual.", " Cross-script.", " Same language."):
            notes = notes.replace(word, "")
        if q["kind"] in ("answerable", "compare"):
            notes = f"{notes} {classify(q, langs)}"
        elif q["kind"] == "unanswerable":
            if "[off-topic]" in notes:
                notes += " Good reply: expected kind no_answer; say the portal only answers from its insurance documents and offer a person; answer nothing else."
            else:
                notes += " Good reply: expected kind no_answer; say the documents do not hold the answer, invent nothing, and offer a person or the insurer's contact."
        out: dict[str, object] = {"id": f"{PREFIX}{n:03d}", "lang": q["lang"], "question": q["question"], "kind": q["kind"],
                                  "expect_docs": q["expect_docs"], "must_include_any": q["must_include_any"]}
        if "extract" in q:
            out["extract"] = q["extract"]
        out["notes"] = notes
        lines.append(json.dumps(out, ensure_ascii=False))
    (HERE.parent / "questions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
