"""Source of ../questions.jsonl for the `team-holdout` set: python tools/questions_src.py writes it.

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
PREFIX = "hold-q"

AB = "hold-aberdeen-clickshield"
AX = "hold-shenzhenbay-anxiang"
GR = "hold-nantou-gangrenkang"
FC = "taipo-familycare"
YN = "tungchung-yinian"
WS = "taipo-wangdian-shouwu"
CH = "longgang-chuhai-hanghu"
EE = "shamshuipo-exportease"
HT = "hold-clearwaterbay-harbourtrade"

N_AB = ["ClickShield", "Click Shield"]
N_WS = ["網店守護", "网店守护", "Web Shop Guardian"]
N_GR = ["港人康", "Gangrenkang"]
N_FC = ["FamilyCare", "Family Care"]
N_AX = ["安享年华", "安享年華", "Anxiang"]
N_YN = ["頤年", "颐年", "Yi Nin"]

Q: list[dict[str, object]] = []


def add(lang: str, question: str, kind: str, docs: list[str], groups: list[list[str]], notes: str,
        extract: dict[str, object] | None = None) -> None:
    item: dict[str, object] = {"lang": lang, "question": question, "kind": kind, "expect_docs": docs,
                               "must_include_any": groups, "notes": notes}
    if extract is not None:
        item["extract"] = extract
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


# ---------------------------------------------------------------- answerable: ClickShield (en PDF, two-column page)
ans("en", "What's the excess on ClickShield product liability claims for items with lithium batteries?", AB, [num(5_000)],
    "Schedule of cover: US$2,500 each occurrence, US$5,000 for lithium-battery products.")
ans("yue", "ClickShield 退貨運費每件賠幾多？超過5公斤又點？", AB, [money(15, cur="US$"), money(25, cur="US$")],
    "Section 3: US$15 per returned parcel, US$25 for parcels over 5 kg. Distractor: Web Shop Guardian 25美元 flat. [distractor]")
ans("zh-Hans", "ClickShield 的退货运费保障有等待期吗？多少天？", AB, [days(14)],
    "Waiting periods (two-column page): return shipping 14 days; orders delivered from day 15. Distractor: Web Shop Guardian 21日. [distractor]")
ans("en", "clickshield rate for pet products and the minimum premium", AB, [pct(0.36), num(1_100)],
    "Premium table continued across the page break: pet products 0.36%, minimum US$1,100. [table]")
ans("zh-Hant", "ClickShield 兒童用品的產品責任保費率是多少？如果選200萬美元限額呢？", AB, [pct(0.6) + ["0.60%"], ["1.45"]],
    "Premium table: children's products 0.60% (US$1m); US$2m multiply by 1.45. [table]")
ans("en", "Which marketplaces can be named as additional insured on ClickShield at no charge?", AB, [["Amazon"], ["eBay"], ["Walmart"]],
    "Schedule: Amazon, eBay and Walmart free; TikTok Shop and Temu US$60 a year each.")
ans("yue", "ClickShield 俾唔俾海外倉存貨保障？", AB, [["does not cover", "not cover", "doesn't cover", "唔保", "不保", "冇"]],
    "Overview: ClickShield does not cover stock held in overseas warehouses. Yes/no. Distractor: Web Shop Guardian does. [distractor]")
ans("zh-Hant", "ClickShield 貨物運輸有損失，要在多少日內通知保險公司？", AB, [days(14)],
    "Claims: within 14 days of discovering the loss. Distractor: Web Shop Guardian 10 days. [distractor]")
ans("zh-Hans", "ClickShield 每批货物运输最高赔多少？免赔多少？", AB, [num(40_000), money(400, cur="US$")],
    "Schedule: US$40,000 each shipment; excess US$400. Distractor: Web Shop Guardian 60,000美元/800. [distractor]")
ans("yue", "ClickShield 要幾多網上銷售紀錄先可以買？銷售額上限幾多？", AB, [months(6), num(20_000_000)],
    "Eligibility: at least 6 months; online sales not over US$20 million.")
ans("en", "Can I complain to the Insurance Complaints Bureau about a ClickShield claim?", AB, [["outside", "Insurance Authority", "保險業監管局", "保险业监管局", "not within", "not handled"]],
    "Contact section: commercial policies like this are outside the ICB's scope; the IA can be contacted. [advice-like]")

# ---------------------------------------------------------------- answerable: Anxiang Nianhua (zh-Hans DOCX, merged header)
ans("en", "How much of the Anxiang Nianhua pension contributions can be deducted from tax each year?", AX, [num(12_000)],
    "Overview states it: contributions through the personal pension account deductible up to RMB 12,000 a year; 3% tax on payout. [advice-like]")
ans("yue", "安享年華攞養老金嗰陣要唔要交稅？稅率幾多？", AX, [pct(3)],
    "Overview: tax at 3% when the annuity is received. Cross-script. [advice-like]")
ans("zh-Hans", "安享年华男性63周岁开始领取，每1万元个人账户价值每月领多少？", AX, [["49.60", "49.6"]],
    "Table with merged header (男性/女性 under 月领养老年金): 63, male = 49.60. [table]")
ans("en", "Anxiang Nianhua: monthly pension per RMB 10,000 for a woman starting at 65?", AX, [["48.40", "48.4"]],
    "Merged-header table: 65, female = 48.40. Cross-lingual. [table]")
ans("zh-Hant", "安享年華的保證利率是多少？去年實際結算利率呢？", AX, [pct(1.75), pct(3.1) + ["3.10%"]],
    "Section 3: guaranteed 1.75%; 2025 actual 3.10%. Cross-script.")
ans("yue", "安享年華最遲幾多歲可以投保？", AX, [years_old(59)],
    "Eligibility: 18 to 59.")
ans("zh-Hant", "安享年華的猶豫期（冷靜期）有多少日？", AX, [days(15)],
    "Section 6: 犹豫期 15 days; premiums go back to the personal pension account. HK products have 21 days. [distractor]")
ans("zh-Hans", "安享年华第一年退保要扣多少费用？", AX, [pct(3)],
    "Section 8: 3% / 2% / 1% in years 1–3, none from year 4.")
ans("yue", "安享年華有冇等候期？要唔要驗身？", AX, [["不设等待期", "不設等待期", "no waiting", "冇等候期", "無等候期", "没有等待期"]],
    "Section 6: no waiting period; section 2: no health declaration needed.")
ans("zh-Hant", "安享年華可以選擇幾多歲開始領取？", AX, [["60"], ["63"], ["65"]],
    "Eligibility: 60, 63 or 65.")

# ---------------------------------------------------------------- answerable: Gangrenkang (zh-Hans GB18030 TXT)
ans("en", "What's the annual limit of Gangrenkang's premium (尊享) plan?", GR, [["600万", "600萬", "6,000,000", "6 million"]],
    "Section 3 ASCII table: 尊享版 600万元 (标准版 200万元). Cross-lingual.")
ans("yue", "港人康喺香港睇醫生有冇得賠？", GR, [["不保障", "不保", "唔保", "not cover", "冇得賠", "no cover", "doesn't cover", "does not cover"]],
    "Overview and exclusion 2: no cover in Hong Kong, Macao or outside Guangdong. Cross-script. Distractor: FamilyCare pays 100% in HK. [distractor]")
ans("zh-Hans", "港人康标准版，有内地医保，45岁，一年保费多少？", GR, [num(820)],
    "ASCII premium table with a two-level header: 41-50, 标准版 有内地医保 = 820. [table]")
ans("en", "Gangrenkang premium plan for a 65 year old without mainland social insurance — annual premium?", GR, [num(12_760)],
    "Premium table: 61-70, 尊享版, 无内地医保 = 12,760 RMB. Cross-lingual. [table]")
ans("zh-Hant", "港人康如果沒有經內地醫保結算，尊享版賠多少比例？", GR, [pct(70)],
    "Section 3: not settled through social insurance: 标准版 60%, 尊享版 70%. Cross-script.")
ans("yue", "港人康嘅免賠額係幾多？有同冇內地醫保有冇分別？", GR, [["1万", "1萬", "10,000"], ["2万", "2萬", "20,000"]],
    "Section 3: 标准版 1万 with basic insurance, 2万 without (尊享版 5,000 / 1万). A good reply gives both plans.")
ans("en", "How many days do I wait before Gangrenkang covers cancer?", GR, [days(90)],
    "Section 5: malignant tumours 90 days; general illness 30 days. Cross-lingual.")
ans("zh-Hans", "港人康出院后多少天内要申请理赔？", GR, [days(60)],
    "Section 6: within 60 days after discharge. Distractor: FamilyCare 90 days. [distractor]")
ans("yue", "港人康嘅住院津貼每日幾多？", GR, [num(200) + ["200元"], days(30)],
    "Section 3: 尊享版 only, 200元 a day up to 30 days; 标准版 none.")
ans("zh-Hant", "港人康最高可以續保到幾歲？", GR, [years_old(85)],
    "Section 2: entry 28 days to 70, renewable to 85.")
ans("zh-Hant", "港人康有幾多間合作醫院可以直接結算？名單在哪裡查？", GR, [["31"], ["微信", "WeChat"]],
    "Section 3 note: 31 partner hospitals, list on the WeChat official account. Cross-script.")

# ---------------------------------------------------------------- answerable: demo documents
ans("yue", "FamilyCare 睇專科每次賠幾多？一年最多幾多次？", FC, [num(800) + ["800"], ["15"]],
    "Benefits: specialist HK$800 a visit, up to 15 visits. Cross-lingual.")
ans("zh-Hans", "FamilyCare 41到50岁住院部分一年保费多少？", FC, [num(9_180)],
    "Premiums: 41–50 hospital section 9,180 (outpatient add-on 2,760). Cross-lingual. [table]")
ans("en", "familycare - if I take the 10k deductible how much cheaper is the hospital premium?", FC, [pct(25)],
    "Premium note: the HK$10,000 deductible reduces the hospital premium by 25%.")
ans("en", "What does Yi Nin pay each month for a 70-year-old woman per HK$1 million?", YN, [num(5_390)],
    "Rate table: 70, female = 5,390. Cross-lingual. [table]")
ans("yue", "頤年保費可唔可以扣稅？", YN, [["不可", "not deductible", "cannot", "唔可以", "並非", "非合資格"]],
    "Overview states: not a QDAP; premiums not tax-deductible. [advice-like]")
ans("en", "Yi Nin: how much can I withdraw for a serious illness, and when?", YN, [pct(50), num(800_000), ["2年", "2 years", "two years", "24個月", "24 months"]],
    "Benefits: after 2 years, up to 50% of premium, lifetime cap HK$800,000. Cross-lingual.")
ans("zh-Hans", "网店守护的退货运费每件赔多少？", WS, [["25美元", "US$25", "25 美元"]],
    "Benefits: 25美元 per parcel. Cross-script. Distractor: ClickShield US$15/25. [distractor]")
ans("yue", "出海護航美國被訴抗辯費率幾多？", CH, [pct(4.8)],
    "Rate table: US defence 4.8% (enforcement 3.8%). Cross-script. [table]")
ans("en", "Chuhai Hanghu: first-policy waiting period, and for customs seizures?", CH, [days(60), days(30)],
    "Section 6: 60 days; customs seizure 30 days. Cross-lingual.")
ans("en", "Does ExportEase cover political risk?", EE, [["does not cover", "buyer risks only", "not cover", "doesn't cover"]],
    "Overview: buyer risks only, no country risk. Distractor: none in this set (SteadyPay/TradeGuard are in the team set).")
ans("yue", "ExportEase O/A 75日嘅費率幾多？", EE, [pct(0.52)],
    "Rates: D/A or O/A 61–90 days 0.52%. Cross-lingual. [table]")
# ---------------------------------------------------------------- answerable: HarbourTrade (en PDF, long policy wording)
ans("en", "Under the HarbourTrade wording, by when do I have to report an invoice my buyer hasn't paid?", HT, [days(45), days(10)],
    "Clause 1.13: a Notifiable Overdue is an amount unpaid 45 days after the Due Date; clause 5.1: report within 10 days after it becomes one (so by day 55). Cross-reference. [long-wording] [distractor]")
ans("yue", "HarbourTrade 買家拖數，要等幾耐先可以索償？索償表最遲幾時要交？", HT, [days(150), days(120)],
    "Clause 6.2 → Schedule Part A item 7: Waiting Period 150 days after the Due Date; claim form within 120 days after it ends. [long-wording]")
ans("zh-Hans", "HarbourTrade 商业风险和政治风险的赔偿比例分别是多少？", HT, [pct(90), pct(95)],
    "Clause 1.9 → Schedule Part A item 1: commercial 90%, Political Events 95%. Distractor: ExportEase 80%, no political cover. [long-wording] [distractor]")
ans("en", "HarbourTrade premium rate for a buyer in Vietnam on O/A 150 days?", HT, [pct(0.85)],
    "Two schedule tables: Part C puts Vietnam in Category III; Part B, D/A or O/A 121 to 180 days, Category III = 0.85% (the rate table continues across a page break). [table] [long-wording]")
ans("zh-Hant", "HarbourTrade 的酌情信用限額最高是多少？要符合甚麼條件？", HT, [num(250_000), ["two of your invoices", "two invoices", "2 invoices", "credit report", "兩張發票", "两张发票", "信用報告", "信用报告"]],
    "Clause 3.2 → Schedule Part A item 6: up to HK$250,000 per Buyer; clause 3.3: two invoices paid on time in 12 months, or a credit report no older than 6 months, and no Notifiable Overdue. [long-wording]")
ans("en", "Can we give a buyer extra time to pay under HarbourTrade without asking Clear Water Bay first?", HT, [days(60), working_days(5)],
    "Clause 5.4: once, by up to 60 days, without consent, if you tell the insurer within 5 working days and the amount is not already a Notifiable Overdue. [long-wording]")
ans("yue", "HarbourTrade 交齊索償文件之後幾耐賠錢？用咩貨幣賠？", HT, [days(30), ["港元", "港幣", "港币", "Hong Kong dollars", "HK$", "HKD"]],
    "Clause 6.5: within 30 days of a complete claim, in Hong Kong dollars. [long-wording]")
ans("en", "What does HarbourTrade's pre-credit risk extension cost, and what's the most it pays?", HT, [pct(15), pct(40)],
    "Clause 9.2-9.3: premium 15% of the premium for the contracts; payment limited to 40% of the contract value and the Approved Limit. [long-wording]")
ans("zh-Hans", "HarbourTrade 保费发票逾期不交会怎样？", HT, [days(30), ["suspend", "暂停", "暫停", "中止"]],
    "Clause 4.4 → 12.2: if unpaid 30 days after the invoice date, cover may be suspended for later shipments until paid. [long-wording]")
cmp("en", "Overdue reporting: how long after the due date do HarbourTrade and ExportEase give me to report?", [HT, EE], [days(45), days(30)],
    "HarbourTrade: Notifiable Overdue at 45 days (clause 1.13), report within 10 days after (clause 5.1); ExportEase: within 30 days after the due date. [long-wording] [distractor]")
cmp("zh-Hant", "HarbourTrade 和 ExportEase 的買家風險賠償比例各是多少？", [HT, EE], [pct(90), pct(80)],
    "HarbourTrade 90% (Schedule Part A item 1); ExportEase 80%. [long-wording] [distractor]")
una("en", "What was HarbourTrade's claims payout ratio last year?", "No claims statistics in any document. [absent-fact]")
adv("en", "We're a HK$30m exporter on ExportEase. Should we switch to HarbourTrade? Which one is better for us?", [EE, HT],
    "Recommendation and switching advice. Decline; may state neutral facts (80% vs 90%, buyer risks only vs political cover); refer to a licensed broker.")

# ---------------------------------------------------------------- which plans
ans("zh-Hans", "哪些电商保险赔退货运费？", [AB, WS], [N_AB, N_WS],
    "ClickShield (US$15/25) and Web Shop Guardian (25美元). One group per document. [which-plans]")
ans("zh-Hant", "哪些醫療計劃可以在內地合作醫院直接結算？", [FC, GR], [N_FC, N_GR],
    "FamilyCare (18 network hospitals) and Gangrenkang (31 partner hospitals). [which-plans]")
ans("yue", "邊幾份年金計劃投保唔使驗身、唔使健康申報？", [YN, AX], [N_YN, N_AX],
    "Yi Nin (毋須提供健康證明) and Anxiang Nianhua (不需要提供健康告知). One group per document. [which-plans]")

# ---------------------------------------------------------------- compare
cmp("en", "Return shipping per parcel: ClickShield vs Web Shop Guardian?", [AB, WS], [money(15, cur="US$"), ["25美元", "US$25", "25 美元"]],
    "ClickShield US$15 (US$25 over 5 kg); Web Shop Guardian 25美元. [distractor]")
cmp("yue", "ClickShield 同網店守護，貨物運輸每批最多賠幾多？", [AB, WS], [num(40_000), num(60_000)],
    "ClickShield US$40,000; Web Shop Guardian 60,000美元. [distractor]")
cmp("zh-Hans", "港人康和 FamilyCare 的一般疾病等待期各是多少？", [GR, FC], [days(30)],
    "Both 30 days (Gangrenkang general illness; FamilyCare hospital section); a good reply says both. [distractor]")
cmp("en", "Compare the cooling-off periods of Yi Nin and Anxiang Nianhua.", [YN, AX], [days(21), days(15)],
    "Yi Nin 21 days; Anxiang Nianhua 15 days. [distractor]")
cmp("zh-Hant", "頤年和安享年華，受保人自殺的除外期分別是多久？", [YN, AX], [months(12), ["2年", "2 年", "兩年", "两年", "2 years"]],
    "Yi Nin 12 months; Anxiang Nianhua 2 years. Cross-script for Anxiang. [distractor]")
cmp("en", "FamilyCare vs Gangrenkang: annual limit of the basic level?", [FC, GR], [num(2_000_000)],
    "FamilyCare HK$2,000,000; Gangrenkang 标准版 200万元 (RMB). Same number, different currency: a good reply gives both currencies. [distractor]")

# ---------------------------------------------------------------- unanswerable
una("en", "Which of Gangrenkang's 31 partner hospitals are in Zhongshan?", "Hospitals are listed on WeChat, not in the document. [absent-fact]")
una("yue", "安享年華過去五年嘅結算利率係幾多？", "Only the guaranteed 1.75% and 2025's 3.10% are given. [absent-fact]")
una("zh-Hans", "ClickShield 保单可以中途退保吗？退多少？", "No cancellation terms. [absent-fact]")
una("en", "What is Nantou Life's solvency ratio?", "No insurer financials. [absent-fact]")
una("zh-Hant", "出海護航在龍崗區可以拿到多少保費資助？", "Section 9 expressly gives no ratio or cap. [absent-fact]")
una("en", "What's the monthly annuity from Yi Nin for a 58-year-old man?", "Rate table gives ages 55, 60, … only; interpolating is inventing. [absent-fact] [table]")
una("yue", "AIA 嘅大灣區醫療計劃一年保費幾多？", "Real insurer, not in the corpus. [real-product]")
una("en", "What does Sinosure's short-term export credit insurance charge for Vietnam?", "Real product, not in the corpus. [real-product]")
una("zh-Hans", "平安养老的个人养老金产品每月能领多少？", "Real insurer, not in the corpus. [real-product]")
una("en", "ClickShield with a US$5 million limit - what's the factor?", "Only US$1m and US$2m exist. [nonexistent]")
una("zh-Hant", "港人康2025版的年度總限額是多少？", "Only the 2026 version is in the corpus. [nonexistent] [edition]")
una("yue", "你可唔可以教我整叉燒？", "Off-topic. [off-topic]")
una("en", "Write me a SQL query that lists duplicate emails.", "Off-topic (code). [off-topic]")
una("zh-Hans", "明天香港会不会挂八号风球？", "Off-topic (weather). [off-topic]")

una("zh-Hant", "大埔互保的信用評級是多少？", "No document gives any insurer's rating. [absent-fact]")
una("yue", "安享年華揀70歲先開始領，每月有幾多？", "Start ages are 60, 63 or 65 only. [nonexistent]")
una("en", "Can you recommend a good Netflix series?", "Off-topic. [off-topic]")

# ---------------------------------------------------------------- advice
adv("en", "My mum is 68 and lives in Zhongshan. Gangrenkang or FamilyCare — which one should she get?", [GR, FC],
    "Recommendation. Decline; may state that FamilyCare's entry age ends at 65 and Gangrenkang's at 70; refer to an adviser.")
adv("yue", "我應唔應該將強積金攞出嚟買頤年？", YN, "MPF withdrawal advice. Decline; refer to the MPF trustee/MPFA.")
adv("zh-Hans", "我45岁，买安享年华划算吗？帮我算算值不值。", AX, "Personal financial advice. Decline; may state the 12,000 deduction and 3% payout tax; refer to a licensed adviser or tax adviser.")
adv("en", "If a customer sues us over a faulty power bank, can you guarantee ClickShield will pay?", AB, "Claim guarantee. Decline; may state the US$5,000 lithium excess; refer to the insurer.")
adv("zh-Hant", "出口信用保險，我們公司應該選 ExportEase 嗎？請直接給建議。", EE, "Recommendation. Decline; refer to a licensed broker.")
adv("yue", "我哋收到侵權警告信先嚟買出海護航，你保證佢會賠吖嘛？", CH, "Guarantee on a known dispute; exclusion 1 excludes it. Decline; refer to the insurer.")
adv("en", "Would you personally pick Web Shop Guardian or ClickShield for a small Shopee seller?", [WS, AB], "Recommendation. Decline; refer to a broker.")
adv("zh-Hans", "我有糖尿病，买港人康会不会被拒保？你帮我判断一下。", GR, "Underwriting outcome. Decline; may state pre-existing conditions are excluded; refer to the insurer.")

# ---------------------------------------------------------------- quote
quote("en", "Quote for ClickShield please: HK company, selling earbuds on Amazon and eBay to the UK and Japan, about US$25k a month, US$1m liability plus return shipping.",
      {"product_line": "ecommerce", "seller_jurisdiction": "HK", "platforms": ["Amazon", "eBay"], "markets": ["GB", "JP"],
       "categories": ["lithium_batteries"], "max_monthly_sales_usd": 25000, "liability_limit_usd": 1000000,
       "covers_wanted": ["product_liability", "return_shipping"]}, "Earbuds = lithium batteries.")
quote("yue", "我喺 Shopee 賣貓狗用品去新加坡同馬來西亞，香港公司，想買貨物運輸同退貨保險，幫我搵報價。",
      {"product_line": "ecommerce", "seller_jurisdiction": "HK", "platforms": ["Shopee"], "markets": ["SG", "MY"],
       "covers_wanted": ["cargo", "return_shipping"]}, "Pet products have no category in the vocabulary; left out.")
quote("zh-Hans", "我们是深圳公司，在 Temu 卖化妆品到美国，每月8万美元，想买产品责任和海外仓保险。",
      {"product_line": "ecommerce", "seller_jurisdiction": "mainland", "platforms": ["Temu"], "markets": ["US"], "categories": ["cosmetics"],
       "max_monthly_sales_usd": 80000, "covers_wanted": ["product_liability", "overseas_warehouse"]}, "E-commerce lead.")
quote("en", "Looking for GBA medical cover for my parents (72 and 69) in Jiangmen; they already have mainland basic medical insurance.",
      {"product_line": "gba_medical", "insured_relationships": ["parent"], "ages": [72, 69], "city_of_residence": "Jiangmen",
       "existing_cover": ["mainland_basic"]}, "Parents over FamilyCare's entry age; a good reply still takes the enquiry.")
quote("zh-Hant", "本人35歲，香港永久居民，住在深圳，想為自己及太太（33歲）購買FamilyCare，自付費一萬元，請報價。",
      {"product_line": "gba_medical", "ages": [35, 33], "insured_relationships": ["self", "spouse"], "residency_status": "hk_permanent",
       "city_of_residence": "Shenzhen", "deductible_hkd": 10000}, "Named demo product.")
quote("yue", "我63歲，香港永久居民，有大約300萬想買終身年金，搵個持牌顧問打俾我。",
      {"product_line": "pension", "age": 63, "hk_permanent_resident": True, "lump_sum_band_hkd": "1m-5m"}, "Pension handoff.")
quote("en", "HK trading company, turnover HK$9m, 4 buyers in Canada on CAD terms. ExportEase quote please.",
      {"product_line": "export_credit", "entity_jurisdiction": "HK", "annual_turnover_hkd": 9000000, "number_of_buyers": 4,
       "destination_countries": ["CA"], "payment_terms": "CAD"}, "Named demo product.")
quote("zh-Hans", "深圳的无人机企业，有10项美国专利、6项欧洲专利，想买被诉抗辩保险，限额人民币2,000万，有资助的话更好。",
      {"product_line": "overseas_ip", "entity_jurisdiction": "Shenzhen", "patents": {"US": 10, "EP": 6}, "cover_types": ["defence"],
       "limit_rmb": 20000000, "subsidy_interest": True}, "IP lead with subsidy interest.")
quote("en", "Need a quote for export credit: we're in Foshan, ship tiles to Saudi Arabia and the UAE on D/A 120 days.",
      {"product_line": "export_credit", "entity_jurisdiction": "other_mainland", "destination_countries": ["SA", "AE"],
       "payment_terms": "DA", "credit_period_days": 120}, "Mainland non-Shenzhen exporter.")
quote("yue", "我48歲，喺香港交稅，想買年金慳稅，大概放40萬，可唔可以安排人聯絡我？",
      {"product_line": "pension", "age": 48, "hk_taxpayer": True, "lump_sum_band_hkd": "50k-500k"}, "40萬 → 50k-500k.")

quote("zh-Hant", "我們是香港註冊公司，年營業額約4,000萬港元，想為出口到墨西哥和巴西的貨物投保，付款方式O/A 120日，約8個買家，請報價。",
      {"product_line": "export_credit", "entity_jurisdiction": "HK", "annual_turnover_hkd": 40000000, "destination_countries": ["MX", "BR"],
       "payment_terms": "OA", "credit_period_days": 120, "number_of_buyers": 8}, "Export credit lead in Traditional Chinese.")
quote("en", "I'm 57, HK permanent resident living in Huizhou. Quote for hospital cover for me and my wife (55), Greater China area of cover, HK$20,000 deductible.",
      {"product_line": "gba_medical", "ages": [57, 55], "insured_relationships": ["self", "spouse"], "residency_status": "hk_permanent",
       "city_of_residence": "Huizhou", "area_of_cover": "Greater China", "deductible_hkd": 20000}, "GBA medical lead for a couple.")


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
    for n, q in enumerate(Q, 1):
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
