"""Build the PDF and DOCX plan documents of the demo corpus from the text below.

    docs/lantau-bridgecare-medical.pdf           (English, fpdf2, real text layer)
    docs/shamshuipo-marketmate-ecommerce.pdf     (English, fpdf2, real text layer)
    docs/tungchung-twinbay-medical.docx          (Traditional Chinese, python-docx)
    docs/shamshuipo-exportease-export-credit.docx (English, python-docx)
    docs/shekou-kuajing-anxin-ecommerce.docx     (Simplified Chinese, python-docx)

Every insurer and product is fictional. Run with a Python that has fpdf2 and python-docx:
    python3 -m venv /tmp/democorpus-venv && /tmp/democorpus-venv/bin/pip install fpdf2 python-docx pypdf
    /tmp/democorpus-venv/bin/python tools/build_binary_docs.py
The PDFs need a Unicode TTF font (DejaVu Sans by default; see FONT). DejaVu Sans has no CJK
glyphs, so the PDFs are English only; Chinese documents are in the other formats.
Output is deterministic apart from library versions; creation timestamps are pinned.
Modelled on eval-dev/tools/build_binary_docs.py.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs"
FONT = os.environ.get("DEMO_CORPUS_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = os.environ.get("DEMO_CORPUS_FONT_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
NOTICE = "Sample document for testing — fictional insurer and product."

# Blocks: ("h1"|"h2"|"p", text), ("bullets"|"numbered", [items]), ("table", header, rows)

# --------------------------------------------------------------------------
# Lantau Peak Health — BridgeCare GBA Hospital Plan (English, PDF)
# --------------------------------------------------------------------------
BRIDGECARE = [
    ("p", NOTICE),
    ("h1", "BridgeCare GBA Hospital Plan"),
    ("p", "Product summary — Lantau Peak Health Insurance Limited (fictional)"),
    ("p", "Effective date: 2026-01-01"),
    ("h2", "1. Overview"),
    ("p", "BridgeCare is a Hong Kong-issued hospital plan for Hong Kong residents who live, work or retire in the "
          "Greater Bay Area. It pays for hospital stays, surgery and follow-up care in Hong Kong, Macao and the "
          "nine mainland GBA cities. BridgeCare has 36 network hospitals in the mainland GBA cities, where we "
          "settle bills directly with the hospital after pre-approval, so you do not pay first and claim later."),
    ("p", "There are two plan levels. Standard covers Hong Kong, Macao and the nine mainland GBA cities with a "
          "semi-private room. Plus adds the rest of mainland China and a private room, with higher limits."),
    ("h2", "2. Eligibility"),
    ("bullets", [
        "Holders of a Hong Kong Identity Card (permanent or non-permanent residents).",
        "Entry age: 15 days to 70 years (age last birthday). Renewal is guaranteed up to age 100, with no new "
        "health declaration at renewal.",
        "The insured person must spend at least 180 days a year in Hong Kong, Macao or Guangdong.",
        "Applications must be signed in Hong Kong. We do not sell or issue policies in the mainland, and "
        "premiums are paid directly to us.",
        "Cooling-off period: 21 days after delivery of the policy or the cooling-off notice, whichever is earlier.",
    ]),
    ("h2", "3. Benefits schedule"),
    ("p", "Amounts in HK$ per insured person per policy year unless stated."),
    ("table", ["Benefit", "Standard", "Plus"], [
        ["Overall annual limit", "HK$1,500,000", "HK$4,000,000"],
        ["Lifetime limit", "HK$6,000,000", "None"],
        ["Room and board, per day (up to 180 days a year)", "HK$1,800 (semi-private)", "HK$3,200 (private)"],
        ["Intensive care, per day (up to 45 days a year)", "HK$5,000", "HK$6,000"],
        ["Surgeon's fee, per operation", "HK$100,000", "HK$160,000"],
        ["Anaesthetist's and operating theatre fees", "Up to 35% of the surgeon's fee paid",
         "Up to 35% of the surgeon's fee paid"],
        ["Cancer treatment (chemotherapy, radiotherapy, targeted therapy)", "HK$300,000 a year",
         "Full cost, within the annual limit"],
        ["Kidney dialysis", "HK$120,000 a year", "HK$200,000 a year"],
        ["Pre-admission and post-discharge outpatient (30 days before, 90 days after)", "HK$6,000",
         "HK$10,000"],
        ["Cross-boundary emergency ambulance, per trip", "HK$8,000", "HK$12,000"],
    ]),
    ("p", "Reimbursement level: 100% of eligible expenses in Hong Kong and at network hospitals. At non-network "
          "hospitals in the mainland or Macao we pay 75% of eligible expenses and you bear 25% co-insurance."),
    ("p", "Deductible options: HK$0 or HK$20,000 a policy year."),
    ("h2", "4. Exclusions"),
    ("numbered", [
        "Pre-existing conditions known to the insured person and not declared at application.",
        "Treatment outside the area of cover of the chosen plan level.",
        "Cosmetic or elective treatment, vision correction and weight-loss surgery.",
        "Pregnancy, childbirth and infertility treatment.",
        "Dental treatment, unless caused by an accident and received within 7 days.",
        "Experimental treatment and drugs not registered in Hong Kong or the mainland.",
        "Self-inflicted injury and conditions caused by alcohol or drug abuse.",
        "Long-term nursing care and convalescent homes.",
        "War, riot and nuclear contamination.",
    ]),
    ("h2", "5. Waiting periods and pre-existing conditions"),
    ("bullets", [
        "Accidents: no waiting period.",
        "Illness: 45 days from the policy start date.",
        "Specified surgery (cataract, hernia, knee or hip replacement, benign prostate surgery): 12 months.",
        "Cancer treatment: 90 days.",
        "Unknown pre-existing conditions: not covered in policy year 1; 25% in policy year 2; 50% in policy "
        "year 3; 100% from policy year 4.",
    ]),
    ("p", "Waiting periods apply only in the first policy year and do not restart on renewal."),
    ("h2", "6. Claims procedure"),
    ("p", "Direct billing at network hospitals:"),
    ("numbered", [
        "Planned admission: apply for pre-approval at least 4 working days before admission through the "
        "BridgeCare app or the 24-hour hotline.",
        "Emergency admission: tell us within 48 hours of admission.",
        "We usually issue a guarantee of payment to the hospital within 1 working day after receiving complete "
        "information.",
        "At discharge you pay only the deductible, co-insurance and items that are not covered.",
    ]),
    ("p", "Reimbursement claims: submit the claim form within 90 days after discharge, with hospital receipts "
          "or mainland e-invoices and the discharge summary. We pay within 10 working days after receiving "
          "complete documents. Expenses in RMB or MOP are converted to HK$ at our published rate on the invoice "
          "date."),
    ("h2", "7. Premium table"),
    ("p", "Annual premium in HK$ by age last birthday. Premiums are not guaranteed and are reviewed at each "
          "renewal; the Insurance Authority levy is extra. Indicative, not an offer."),
    ("table", ["Age", "Standard, HK$0 deductible", "Standard, HK$20,000 deductible",
               "Plus, HK$0 deductible", "Plus, HK$20,000 deductible"], [
        ["0–17", "3,120", "1,980", "6,240", "4,150"],
        ["18–30", "3,860", "2,450", "7,980", "5,310"],
        ["31–40", "4,940", "3,150", "9,870", "6,620"],
        ["41–50", "7,260", "4,630", "14,350", "9,620"],
        ["51–60", "11,480", "7,320", "21,900", "14,680"],
        ["61–70", "17,950", "11,450", "33,600", "22,510"],
        ["71–100 (renewal only)", "29,400", "18,760", "52,800", "35,370"],
    ]),
    ("p", "Monthly premium: annual premium × 0.088. A couple insured under one policy gets a 5% discount each."),
    ("h2", "8. Definitions"),
    ("bullets", [
        "Network hospital: a hospital in the mainland GBA cities with a direct billing agreement with us at the "
        "time of treatment. The list of 36 hospitals is on our website and may change.",
        "Pre-approval: our written confirmation, before treatment, of the expenses we will settle directly.",
        "Deductible: the eligible expenses you pay yourself each policy year before the plan pays.",
        "Co-insurance: the share of eligible expenses you pay after the deductible (25% at non-network "
        "hospitals in the mainland or Macao).",
        "Unknown pre-existing condition: a condition that existed before the policy started but of which the "
        "insured person was not aware and had no symptoms.",
    ]),
    ("h2", "9. Contact"),
    ("p", "Lantau Peak Health Insurance Limited (fictional)"),
    ("p", "Customer hotline: +852 0000 3101 (Monday to Saturday, 9:00–18:00)"),
    ("p", "24-hour pre-approval hotline: +852 0000 3102; mainland: +86 755 0000 3102"),
    ("p", "Email: bridgecare@lantaupeak.example"),
    ("p", "Website: https://lantaupeak.example/bridgecare"),
    ("p", "Office: 6/F, Example Tower, 18 Sample Road, Tung Chung, Lantau Island, Hong Kong"),
]

# --------------------------------------------------------------------------
# Sham Shui Po General — MarketMate Seller Liability and Cargo Policy (English, PDF)
# --------------------------------------------------------------------------
MARKETMATE = [
    ("p", NOTICE),
    ("h1", "MarketMate Seller Liability and Cargo Policy"),
    ("p", "Key facts — Sham Shui Po General Insurance Company Limited (fictional)"),
    ("p", "Effective date: 2026-02-15"),
    ("h2", "1. Overview"),
    ("p", "MarketMate is an annual policy for online sellers in Hong Kong and the mainland who sell consumer "
          "goods to buyers abroad through marketplaces such as Amazon, TikTok Shop, Walmart, eBay and Temu, or "
          "their own websites. It has two sections:"),
    ("bullets", [
        "Section 1 — Product liability: third-party claims for bodily injury or property damage caused by "
        "products you sold, with legal defence costs. Occurrence basis.",
        "Section 2 — Goods in transit: physical loss of or damage to your goods on their way to buyers, to "
        "marketplace fulfilment centres (including Amazon FBA inbound shipments) or to overseas warehouses. "
        "All risks, warehouse to warehouse.",
    ]),
    ("p", "MarketMate does not cover return shipping costs or stock held in overseas warehouses."),
    ("h2", "2. Eligibility"),
    ("bullets", [
        "Companies registered in Hong Kong or the mainland, or a US limited liability company they wholly own.",
        "Annual gross merchandise value (GMV) of up to US$30 million.",
        "At least 6 months of trading history on a marketplace or own website.",
        "Sales to buyers in the United States, Canada, the United Kingdom and the European Union (the territory).",
        "Products certified as required in the destination market (for example FCC, CE, UKCA, CPC or UL).",
    ]),
    ("h2", "3. Schedule of benefits"),
    ("table", ["Section and benefit", "Limit", "Deductible"], [
        ["1. Product liability — per occurrence and annual aggregate", "US$1,000,000 or US$2,000,000",
         "US$7,500 each occurrence"],
        ["1. Legal defence costs", "In addition to the limit", "Within the deductible above"],
        ["2. Goods in transit — per shipment", "US$80,000", "US$750 each shipment"],
        ["2. Goods in transit — annual aggregate", "US$800,000", "—"],
    ]),
    ("p", "Amazon, TikTok Shop, Walmart and Temu can be named as additional insureds at no extra premium. The "
          "policy is primary and non-contributory for additional insureds, and we give them 30 days' written "
          "notice of cancellation. We issue the certificate of insurance within 1 working day after the premium "
          "is paid."),
    ("h2", "4. Exclusions"),
    ("numbered", [
        "Products known to be defective before the policy start date, and recalled products.",
        "Products sold without the certification required in the destination market.",
        "Medical devices, dietary supplements, vaping products and weapons.",
        "E-mobility products (e-bikes, e-scooters, hoverboards) unless certified to UL 2849 or UL 2272 and "
        "declared at the e-mobility rate.",
        "Punitive or exemplary damages, fines and penalties.",
        "Claims brought in courts outside the territory.",
        "Goods in transit: poor packing, delay, inherent vice, loss of market, and rejection or disposal of goods "
        "by a fulfilment centre.",
    ]),
    ("h2", "5. Waiting periods"),
    ("bullets", [
        "Product liability: no waiting period; occurrences on or after the policy start date are covered.",
        "Goods in transit: no waiting period; shipments dispatched on or after the start date are covered.",
        "E-mobility products added during the policy year: cover starts 14 days after we accept the declaration.",
    ]),
    ("h2", "6. Claims procedure"),
    ("numbered", [
        "Product liability: tell us in writing within 10 days after you receive a lawsuit, demand letter or "
        "marketplace notice. Do not admit liability or settle without our written consent; we appoint the "
        "defence lawyers.",
        "Goods in transit: notify us within 7 days of discovering the loss and send the commercial invoice, "
        "packing list, air waybill or bill of lading, and the carrier's loss report.",
        "We pay within 12 working days after receiving complete documents.",
    ]),
    ("h2", "7. Premium rates"),
    ("p", "Product liability annual premium as a percentage of annual sales in the territory, for a "
          "US$1,000,000 limit. Indicative, not an offer."),
    ("table", ["Product category", "Rate", "Minimum premium"], [
        ["General merchandise (home, kitchen, apparel, sports)", "0.28%", "US$1,000"],
        ["Consumer electronics without lithium batteries", "0.42%", "US$1,500"],
        ["Products containing lithium batteries (power banks, earbuds, smart watches)", "0.75%", "US$2,500"],
        ["Children's products and toys", "0.58%", "US$2,000"],
        ["Cosmetics and personal care", "0.46%", "US$1,500"],
        ["E-mobility — UL 2849 or UL 2272 certification required", "1.45%", "US$3,500"],
    ]),
    ("p", "US$2,000,000 limit: multiply the rate and the minimum premium by 1.30."),
    ("p", "Goods in transit: 0.11% of the insured shipment value by air or express courier; 0.16% by sea or rail."),
    ("h2", "8. Definitions"),
    ("bullets", [
        "Occurrence: an accident, including continuous or repeated exposure to the same harmful conditions, that "
        "causes bodily injury or property damage during the policy period.",
        "Additional insured: a marketplace named on the policy so that it is protected against claims about "
        "products you sold through it.",
        "Primary and non-contributory: this policy pays before any insurance held by the additional insured.",
        "Shipment: goods sent under one air waybill, bill of lading or courier consignment note.",
        "Territory: the United States, Canada, the United Kingdom and the European Union.",
    ]),
    ("h2", "9. Contact"),
    ("p", "Sham Shui Po General Insurance Company Limited (fictional)"),
    ("p", "Seller hotline: +852 0000 3515 (Monday to Saturday, 9:00–19:00 Hong Kong time)"),
    ("p", "Email: marketmate@shamshuipo-general.example"),
    ("p", "Claims: claims@shamshuipo-general.example"),
    ("p", "Website: https://shamshuipo-general.example/marketmate"),
    ("p", "Office: 11/F, Example Trade Centre, 5 Sample Street, Sham Shui Po, Kowloon, Hong Kong"),
]

# --------------------------------------------------------------------------
# Tung Chung Bridge Life — 「雙灣安心」住院醫療計劃 (Traditional Chinese, DOCX)
# --------------------------------------------------------------------------
TWINBAY = [
    ("p", NOTICE),
    ("p", "測試用樣本文件——虛構保險公司及產品。"),
    ("h1", "「雙灣安心」住院醫療計劃 產品說明書"),
    ("p", "Twin-Bay Peace of Mind Inpatient Plan"),
    ("p", "保險公司：東涌橋人壽保險有限公司（Tung Chung Bridge Life Assurance Limited (fictional)，虛構公司）"),
    ("p", "生效日期：2025年9月1日（Effective date: 2025-09-01）"),
    ("h2", "一、計劃概覽"),
    ("p", "「雙灣安心」住院醫療計劃（下稱「本計劃」）由東涌橋人壽在香港簽發，專為居於深圳、東莞或惠州，"
          "又經常往返香港的40歲至70歲香港居民而設，保障住院、手術及出院後跟進治療。保障地區為香港、澳門及"
          "廣東省全省。本計劃在深圳、東莞及惠州設有22間網絡醫院，經預先批核後可直接結算住院費用。"),
    ("p", "本計劃為每年續保的住院保障，設終身賠償上限。本計劃並非自願醫保計劃下的認可產品。"),
    ("h2", "二、投保資格"),
    ("bullets", [
        "受保人須持有香港身份證（永久或非永久居民）。",
        "投保年齡：40歲至70歲（以上次生日計算）；保證續保至100歲。",
        "受保人每個保單年度須於香港、澳門或廣東省居住合共最少180日。",
        "投保申請必須在香港簽署；本公司不會在內地銷售或簽發保單，保費須直接繳付予本公司。",
        "冷靜期：保單或冷靜期通知書交付後21日內（以較早者為準）。",
    ]),
    ("h2", "三、保障表"),
    ("p", "以下金額均以港元計算，按每名受保人每個保單年度計。"),
    ("table", ["保障項目", "賠償上限（港元）"], [
        ["每年最高賠償額", "1,200,000"],
        ["終身最高賠償額", "5,000,000"],
        ["房間及膳食（每日，每年最多100日）", "1,500（半私家房）"],
        ["深切治療（每日，每年最多30日）", "4,000"],
        ["外科手術費（每次手術）", "90,000"],
        ["麻醉科醫生費及手術室費", "最高為已付外科手術費的35%"],
        ["癌症治療（化療、放射治療、標靶治療）", "每年250,000"],
        ["入院前及出院後門診（入院前30日及出院後60日內）", "每年5,000"],
        ["跨境緊急救護車（每次）", "6,000"],
        ["中醫住院後調理（每次200，每年最多15次）", "每年3,000"],
    ]),
    ("p", "賠償比例：在香港及網絡醫院接受治療，合資格費用按100%賠償；在內地或澳門的非網絡醫院接受治療，"
          "按合資格費用的65%賠償，受保人須承擔其餘35%（共同保險）。"),
    ("p", "自付費選項：每個保單年度HK$0、HK$8,000或HK$25,000。"),
    ("h2", "四、不保事項"),
    ("numbered", [
        "受保人已知悉但未申報的已有病症。",
        "保障地區以外的治療，包括台灣及廣東省以外的內地城市。",
        "美容或非必要治療、矯視手術及減肥手術。",
        "懷孕、分娩及不育治療。",
        "牙科治療，除非因意外引致。",
        "實驗性治療，以及未於香港或內地註冊的藥物。",
        "自我傷害，以及濫用酒精或藥物引致的病症。",
        "長期護理及療養院費用。",
    ]),
    ("h2", "五、等候期及已有病症"),
    ("bullets", [
        "意外：無等候期",
        "疾病：90日（由保單生效日起計）",
        "指定手術（白內障、膝關節或髖關節置換、疝氣）：12個月",
        "癌症治療：180日",
        "未知已有病症：第1個保單年度不獲賠償；第2個保單年度25%；第3個保單年度50%；第4個保單年度起100%",
    ]),
    ("p", "等候期只適用於首個保單年度，續保時不會重新計算。"),
    ("h2", "六、索償程序"),
    ("numbered", [
        "預約入院（網絡醫院）：最少於入院前5個工作天，透過本公司手機應用程式或24小時熱線申請預先批核。",
        "緊急入院：須於入院後48小時內通知本公司。",
        "報銷索償：於出院後90日內遞交索償表格，連同醫院收據或內地電子發票及出院摘要。",
        "本公司於收齊文件後10個工作天內賠付，可存入香港銀行戶口（港元）或內地銀行戶口（人民幣）。",
    ]),
    ("h2", "七、保費表"),
    ("p", "年繳保費（港元），按上次生日年齡計算。保費並非保證，每年續保時檢討。僅供參考，並非要約。"),
    ("table", ["年齡", "自付費HK$0", "自付費HK$8,000", "自付費HK$25,000"], [
        ["40–45", "8,960", "7,350", "5,120"],
        ["46–50", "10,840", "8,890", "6,200"],
        ["51–55", "13,520", "11,090", "7,730"],
        ["56–60", "16,780", "13,760", "9,590"],
        ["61–65", "21,430", "17,570", "12,250"],
        ["66–70", "27,650", "22,670", "15,800"],
        ["71–80（只適用於續保）", "38,900", "31,900", "22,230"],
        ["81–100（只適用於續保）", "55,200", "45,260", "31,540"],
    ]),
    ("p", "夫婦同時投保，各自可享8%保費折扣。"),
    ("h2", "八、詞彙定義"),
    ("bullets", [
        "網絡醫院：於治療時與本公司訂有直接結算協議、位於深圳、東莞或惠州的醫院（現有22間，名單載於本公司網站）。",
        "預先批核：本公司在治療前以書面確認可直接與網絡醫院結算的費用。",
        "自付費：每個保單年度內，受保人須先行承擔的合資格費用。",
        "共同保險：扣除自付費後，受保人須承擔的合資格費用比例（非網絡醫院為35%）。",
        "未知已有病症：投保前已存在、但受保人並不知悉亦未出現徵狀的病症。",
    ]),
    ("h2", "九、聯絡我們"),
    ("p", "東涌橋人壽保險有限公司（虛構公司）"),
    ("p", "客戶服務熱線：+852 0000 3202（星期一至六，上午9時至下午6時）"),
    ("p", "內地服務熱線：+86 755 0000 3202"),
    ("p", "24小時預先批核熱線：+852 0000 3203"),
    ("p", "電郵：twinbay@tungchungbridge.example"),
    ("p", "網址：https://tungchungbridge.example/twinbay"),
    ("p", "如對本公司處理投訴的結果不滿，可聯絡保險投訴局或保險業監管局。"),
]

# --------------------------------------------------------------------------
# Sham Shui Po General — ExportEase Micro-Exporter Policy (English, DOCX)
# --------------------------------------------------------------------------
EXPORTEASE = [
    ("p", NOTICE),
    ("h1", "ExportEase Micro-Exporter Policy"),
    ("p", "Policy summary — Sham Shui Po General Insurance Company Limited (fictional)"),
    ("p", "Effective date: 2025-12-01"),
    ("h2", "1. Overview"),
    ("p", "ExportEase is a simple, online-only credit insurance policy for Hong Kong micro and small exporters. "
          "It protects you if an overseas buyer becomes insolvent or fails to pay for goods it has accepted, or "
          "for services you have rendered. ExportEase covers buyer risks only: it does not cover country "
          "(political) risks such as transfer restrictions, import bans or war."),
    ("p", "You apply, get credit limits, declare shipments and claim through the ExportEase web portal. There is "
          "no policy fee and premium rates are fixed."),
    ("h2", "2. Eligibility"),
    ("bullets", [
        "Companies registered in Hong Kong with a valid Business Registration Certificate.",
        "Annual sales turnover below HK$25 million.",
        "Buyers in one of the 35 markets listed on the portal.",
        "Payment terms CAD, COD, D/P, D/A or O/A, with credit periods of up to 90 days.",
        "You choose which buyers to insure; you do not have to insure all buyers.",
    ]),
    ("h2", "3. Benefits schedule"),
    ("table", ["Item", "ExportEase"], [
        ["Percentage of indemnity", "80% of the insured loss"],
        ["Risks covered", "Buyer insolvency; payment default on goods accepted or services rendered"],
        ["Maximum credit period", "90 days"],
        ["Credit limit per buyer", "HK$80,000 to HK$600,000, revolving every 90 days"],
        ["Maximum liability per policy year", "HK$3,000,000"],
        ["Credit limit decisions", "Within 3 working days"],
        ["Free credit limit applications", "12 a year; HK$200 each after that"],
        ["Policy fee", "Nil"],
        ["Minimum annual premium", "HK$1,200"],
        ["Overdue reporting", "Within 30 days after the due date"],
        ["Claim waiting period for payment default", "90 days after the due date"],
    ]),
    ("h2", "4. Exclusions"),
    ("p", "ExportEase does not pay for losses arising from:"),
    ("numbered", [
        "Country risks, including transfer restrictions, import bans, moratoriums, war and natural disasters.",
        "Disputes about the goods or services until resolved in your favour by a court or arbitration.",
        "Sales to related parties.",
        "Shipments made before the buyer's credit limit took effect, or above the limit.",
        "Your own breach of contract.",
        "Exchange-rate losses.",
        "Buyers or countries under sanctions that apply in Hong Kong.",
        "Overdue amounts not reported within 30 days after the due date.",
    ]),
    ("h2", "5. Waiting periods"),
    ("bullets", [
        "A credit limit takes effect on the date we approve it; earlier shipments are not covered.",
        "Payment default: you can claim 90 days after the due date.",
        "Insolvency: you can claim as soon as the insolvency is proved.",
    ]),
    ("h2", "6. Claims procedure"),
    ("numbered", [
        "Declare each insured shipment on the portal within 15 days after shipment.",
        "If the buyer has not paid 30 days after the due date, file an overdue report on the portal and stop "
        "further shipments to that buyer.",
        "Submit the claim within 5 months after the due date with the invoice, transport documents, purchase "
        "order and evidence of your collection efforts.",
        "We pay within 14 days after receiving a complete claim.",
    ]),
    ("h2", "7. Premium rates"),
    ("p", "Fixed premium rates as a percentage of the gross invoice value of each insured shipment. The same rate "
          "applies to all 35 markets. Indicative, not an offer."),
    ("table", ["Payment terms", "Rate"], [
        ["CAD or COD", "0.18%"],
        ["D/P", "0.25%"],
        ["D/A or O/A, up to 30 days", "0.32%"],
        ["D/A or O/A, 31–60 days", "0.40%"],
        ["D/A or O/A, 61–90 days", "0.52%"],
    ]),
    ("h2", "8. Definitions"),
    ("bullets", [
        "Credit limit: the maximum amount we cover on one buyer; it revolves every 90 days as the buyer pays.",
        "Due date: the date payment is due under the sales contract.",
        "Payment default: the buyer's failure to pay within 90 days after the due date.",
        "Percentage of indemnity: the share of an insured loss that we pay; you bear the other 20%.",
        "CAD / COD: cash against documents / cash on delivery.",
    ]),
    ("h2", "9. Contact"),
    ("p", "Sham Shui Po General Insurance Company Limited (fictional)"),
    ("p", "ExportEase hotline: +852 0000 3525 (Monday to Friday, 9:00–18:00)"),
    ("p", "Email: exportease@shamshuipo-general.example"),
    ("p", "Portal: https://shamshuipo-general.example/exportease"),
    ("p", "Office: 11/F, Example Trade Centre, 5 Sample Street, Sham Shui Po, Kowloon, Hong Kong"),
]

# --------------------------------------------------------------------------
# Shekou Harbour P&C — 「跨境安心」卖家综合保险 (Simplified Chinese, DOCX)
# --------------------------------------------------------------------------
KUAJING = [
    ("p", NOTICE),
    ("p", "测试用样本文件——虚构保险公司及产品。"),
    ("h1", "「跨境安心」卖家综合保险 产品说明书"),
    ("p", "Kuajing Anxin Cross-Border Seller Insurance"),
    ("p", "保险人：蛇口港湾财产保险股份有限公司（Shekou Harbour Property & Casualty Insurance Co., Ltd. (fictional)，虚构公司）"),
    ("p", "生效日期：2026年4月1日（Effective date: 2026-04-01）"),
    ("h2", "一、产品概述"),
    ("p", "「跨境安心」是面向深圳跨境电商卖家的一年期综合保险，由蛇口港湾财险在深圳签发，包括三项保障："
          "境外产品责任、海外仓存货损失及退货运费损失。其中境外产品责任为必选保障，其余两项为可选保障。"
          "本产品可满足亚马逊等平台对卖家产品责任保险的要求，并可将平台列为附加被保险人。"),
    ("h2", "二、投保条件"),
    ("bullets", [
        "在深圳市依法注册的企业，或其在美国设立的全资子公司；",
        "上一年度跨境销售额不超过人民币3亿元；",
        "在电商平台或自建站连续经营满3个月；",
        "销售地区为美国、加拿大、英国、欧盟及澳大利亚；",
        "所售产品须取得销售地要求的认证（如FCC、CE、UKCA、CPC、UL）。",
    ]),
    ("h2", "三、保障表"),
    ("table", ["保障项目", "赔偿限额", "免赔额"], [
        ["境外产品责任 — 每次事故及年度累计", "100万美元或200万美元", "每次事故5,000美元"],
        ["境外产品责任 — 抗辩费用", "在赔偿限额以外另行赔付", "包含在上述免赔额内"],
        ["海外仓存货（可选）— 每个仓库", "50万美元", "每次事故1,500美元"],
        ["退货运费（可选）— 每件退货包裹", "18美元", "无"],
        ["退货运费（可选）— 年度累计", "2万美元", "—"],
    ]),
    ("p", "可列为附加被保险人的平台：Amazon、TikTok Shop、Temu、SHEIN、AliExpress，不另收保费。"
          "保险人在收到保费后2个工作日内出具保险证明。"),
    ("h2", "四、责任免除"),
    ("numbered", [
        "投保前已知存在缺陷或已被召回的产品；",
        "未取得销售地要求认证的产品；",
        "电动自行车、电动滑板车、平衡车等电动出行产品及其电池，本产品一律不予承保；",
        "医疗器械、保健食品、电子烟及武器；",
        "惩罚性赔偿、罚款及罚金；",
        "海外仓存货：包装不当、自然损耗、盘点短缺及不明原因的损失；",
        "退货运费：签收后超过30天提出的退货，以及平台或物流商已退还的运费。",
    ]),
    ("h2", "五、等待期"),
    ("bullets", [
        "境外产品责任：无等待期；",
        "海外仓存货：等待期15天；",
        "退货运费：等待期20天，仅保障保险期间开始20天后签收的订单；",
        "续保且保险期间连续的，不设等待期。",
    ]),
    ("h2", "六、理赔流程"),
    ("numbered", [
        "产品责任：收到诉讼、索赔函或平台通知后7日内书面通知保险人，未经保险人同意不得承认责任或和解；",
        "海外仓存货：发现损失后3日内报案，盗窃须向当地警方报案；",
        "退货运费：每季度通过「跨境安心」小程序提交一次，附平台退货记录；",
        "保险人在收齐理赔材料后10个工作日内支付赔款，可支付人民币或美元。",
    ]),
    ("h2", "七、费率表"),
    ("p", "境外产品责任年保费按销售地年度销售额的百分比计算（100万美元限额）。以下费率仅供参考，不构成要约。"),
    ("table", ["产品类别", "费率", "最低保费"], [
        ["普通商品（家居、厨房、服装、运动）", "0.32%", "1,200美元"],
        ["不含锂电池的电子产品", "0.48%", "1,800美元"],
        ["含锂电池的产品（充电宝、耳机、智能手表）", "0.88%", "2,800美元"],
        ["儿童用品及玩具", "0.65%", "2,200美元"],
        ["化妆品及个人护理用品", "0.52%", "1,800美元"],
    ]),
    ("p", "200万美元限额：费率及最低保费乘以1.40。海外仓存货：申报货值的0.22%；退货运费：每发出一单0.20美元。"),
    ("h2", "八、释义"),
    ("bullets", [
        "每次事故：一次意外事件，或持续、反复暴露于同一有害情况所造成的人身伤害或财产损失。",
        "附加被保险人：在保险单上列明、就经其平台售出的产品所引起索赔同样受保障的电商平台。",
        "海外仓：位于销售地、由被保险人或第三方物流企业运营的仓库。",
        "退货包裹：买家按平台退货政策退回的一个订单或其部分。",
    ]),
    ("h2", "九、联系方式"),
    ("p", "蛇口港湾财产保险股份有限公司（虚构公司）"),
    ("p", "客服热线：+86 755 0000 3707（工作日9:00–18:00）"),
    ("p", "电子邮箱：kuajing@shekouharbour.example"),
    ("p", "网址：https://shekouharbour.example/kuajing"),
    ("p", "地址：深圳市南山区蛇口示例路2号港湾大厦16楼"),
]

PINNED = dt.datetime(2026, 1, 15, 9, 0, 0, tzinfo=dt.timezone.utc)


def build_pdf(blocks: list, path: Path, title: str, author: str) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_creation_date(PINNED)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.add_font("Body", "", FONT)
    pdf.add_font("Body", "B", FONT_BOLD)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for kind, *args in blocks:
        payload = args[0] if len(args) == 1 else args
        pdf.set_x(pdf.l_margin)
        if kind == "h1":
            pdf.set_font("Body", "B", 16)
            pdf.multi_cell(width, 8, payload, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(2)
        elif kind == "h2":
            pdf.ln(3)
            pdf.set_font("Body", "B", 12.5)
            pdf.multi_cell(width, 7, payload, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(1)
        elif kind == "p":
            pdf.set_font("Body", "B" if payload == NOTICE else "", 10)
            pdf.multi_cell(width, 5.2, payload, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.ln(1.5)
        elif kind in ("bullets", "numbered"):
            pdf.set_font("Body", "", 10)
            for i, item in enumerate(payload, 1):
                mark = f"{i}." if kind == "numbered" else "•"
                pdf.set_x(pdf.l_margin)
                pdf.cell(7, 5.2, mark)
                pdf.multi_cell(width - 7, 5.2, item, new_x="LMARGIN", new_y="NEXT", align="L")
                pdf.ln(0.8)
            pdf.ln(1)
        elif kind == "table":
            header, rows = payload
            pdf.set_font("Body", "", 9.5)
            with pdf.table(
                col_widths=(50, 30, 20) if len(header) == 3 else None,
                headings_style=FontFace(emphasis="BOLD"),
                line_height=5.2,
                text_align="LEFT",
            ) as table:
                for row in [header, *rows]:
                    r = table.row()
                    for cell in row:
                        r.cell(cell)
            pdf.ln(2)
        else:
            raise ValueError(kind)
    pdf.output(str(path))


def _set_east_asian_font(style, name: str) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def build_docx(blocks: list, path: Path, title: str, author: str, language: str) -> None:
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = title
    props.author = author
    props.language = language
    props.created = PINNED.replace(tzinfo=None)
    props.modified = PINNED.replace(tzinfo=None)
    props.revision = 1
    for name in ("Normal", "Heading 1", "Heading 2", "List Bullet", "List Number"):
        _set_east_asian_font(document.styles[name], "Microsoft YaHei" if language == "zh-CN" else "Microsoft JhengHei")
    for kind, *args in blocks:
        payload = args[0] if len(args) == 1 else args
        if kind == "h1":
            document.add_heading(payload, level=1)
        elif kind == "h2":
            document.add_heading(payload, level=2)
        elif kind == "p":
            para = document.add_paragraph()
            run = para.add_run(payload)
            run.bold = payload == NOTICE
        elif kind == "bullets":
            for item in payload:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "numbered":
            # Explicit numbers: Word list numbering does not restart between lists
            # and is invisible to plain-text extractors.
            for i, item in enumerate(payload, 1):
                document.add_paragraph(f"{i}. {item}")
        elif kind == "table":
            header, rows = payload
            table = document.add_table(rows=1, cols=len(header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, header):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
        else:
            raise ValueError(kind)
    document.save(str(path))


PDFS = [
    (BRIDGECARE, "lantau-bridgecare-medical.pdf", "BridgeCare GBA Hospital Plan (fictional sample)",
     "Lantau Peak Health Insurance Limited (fictional)"),
    (MARKETMATE, "shamshuipo-marketmate-ecommerce.pdf", "MarketMate Seller Liability and Cargo Policy (fictional sample)",
     "Sham Shui Po General Insurance Company Limited (fictional)"),
]
DOCXS = [
    (TWINBAY, "tungchung-twinbay-medical.docx", "「雙灣安心」住院醫療計劃 產品說明書（虛構樣本）",
     "Tung Chung Bridge Life Assurance Limited (fictional)", "zh-HK"),
    (EXPORTEASE, "shamshuipo-exportease-export-credit.docx", "ExportEase Micro-Exporter Policy (fictional sample)",
     "Sham Shui Po General Insurance Company Limited (fictional)", "en-GB"),
    (KUAJING, "shekou-kuajing-anxin-ecommerce.docx", "「跨境安心」卖家综合保险 产品说明书（虚构样本）",
     "Shekou Harbour Property & Casualty Insurance Co., Ltd. (fictional)", "zh-CN"),
]


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    for blocks, name, title, author in PDFS:
        build_pdf(blocks, DOCS / name, title, author)
        print("built", DOCS / name)
    for blocks, name, title, author, language in DOCXS:
        build_docx(blocks, DOCS / name, title, author, language)
        print("built", DOCS / name)


if __name__ == "__main__":
    main()
