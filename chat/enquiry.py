"""The enquiry fields a quote request already answers, named as the enquiry form expects them.

Rules over the message (lower-cased, Traditional folded to Simplified): product
line from its vocabulary, countries, amounts with their currency and scale, and
the fields each product line's form needs. What is not understood stays missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from knowledge.text import fold

if TYPE_CHECKING:
    from chat.entities import Held

_LINES: list[tuple[str, str]] = [
    ("overseas_ip", r"patent|trademark|intellectual property|\bip\b|知识产权|专利|商标|维权|侵权"),
    (
        "ecommerce",
        r"amazon|shopee|tiktok|temu|shein|aliexpress|lazada|ebay|walmart|seller|e-?commerce|卖家|电商|网店|亚马逊|产品责任",
    ),
    (
        "export_credit",
        r"export credit|trade credit|open account|\bbuyers?\b|exporter|出口信用|信保|贸易信用|出口|买家|买方|拖数",
    ),
    ("pension", r"annuit(?:y|ies)|pension|retire|年金|退休|养老"),
    ("gba_medical", r"medical|hospital|health|医疗|住院|医保|大湾区.*保险"),
]
_REQUIRED: dict[str, list[str]] = {
    "export_credit": [
        "entity_jurisdiction",
        "destination_countries",
        "annual_turnover_hkd",
        "payment_terms",
        "credit_period_days",
    ],
    "ecommerce": ["seller_jurisdiction", "platforms", "markets", "categories", "liability_limit_usd"],
    "overseas_ip": ["entity_jurisdiction", "cover_types", "territories", "patents", "limit_rmb"],
    "gba_medical": [
        "residency_status",
        "city_of_residence",
        "insured_relationships",
        "ages",
        "sexes",
        "smokers",
        "area_of_cover",
    ],
    "pension": ["age", "hk_permanent_resident", "lump_sum_band_hkd"],
}
_COUNTRIES: dict[str, str] = {
    "brazil": "BR",
    "巴西": "BR",
    "mexico": "MX",
    "墨西哥": "MX",
    "united states": "US",
    "usa": "US",
    "u.s.": "US",
    "美国": "US",
    "us": "US",
    "america": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "英国": "GB",
    "germany": "DE",
    "德国": "DE",
    "france": "FR",
    "法国": "FR",
    "japan": "JP",
    "日本": "JP",
    "korea": "KR",
    "韩国": "KR",
    "india": "IN",
    "印度": "IN",
    "vietnam": "VN",
    "越南": "VN",
    "indonesia": "ID",
    "印尼": "ID",
    "thailand": "TH",
    "泰国": "TH",
    "malaysia": "MY",
    "马来西亚": "MY",
    "singapore": "SG",
    "新加坡": "SG",
    "philippines": "PH",
    "菲律宾": "PH",
    "russia": "RU",
    "俄罗斯": "RU",
    "canada": "CA",
    "加拿大": "CA",
    "australia": "AU",
    "澳洲": "AU",
    "澳大利亚": "AU",
    "turkey": "TR",
    "土耳其": "TR",
    "chile": "CL",
    "智利": "CL",
    "saudi": "SA",
    "沙特": "SA",
    "uae": "AE",
    "迪拜": "AE",
    "south africa": "ZA",
    "南非": "ZA",
}
_REGIONS = {
    "eu": "EU",
    "europe": "EU",
    "european": "EU",
    "欧盟": "EU",
    "欧洲": "EU",
    "asean": "ASEAN",
    "东盟": "ASEAN",
}
_PLATFORMS = {
    "amazon": "Amazon",
    "亚马逊": "Amazon",
    "shopee": "Shopee",
    "tiktok": "TikTok Shop",
    "temu": "Temu",
    "shein": "SHEIN",
    "aliexpress": "AliExpress",
    "速卖通": "AliExpress",
    "lazada": "Lazada",
    "ebay": "eBay",
    "walmart": "Walmart",
    "own site": "own_site",
    "own website": "own_site",
    "独立站": "own_site",
}
_CATEGORIES = {
    "lithium_batteries": r"lithium|batter|power ?bank|充电宝|锂电|电池",
    "e_mobility": r"e-?bike|e-?scooter|hoverboard|电动滑板|电动自行车|平衡车",
    "childrens_products": r"children|toys?\b|kids|儿童|玩具",
    "cosmetics": r"cosmetic|化妆品",
    "supplements": r"supplement|保健品",
    "medical_devices": r"medical device|医疗器械",
}
_COVERS = {
    "defence": r"defen[cs]e|being sued|sued|被诉|抗辩",
    "enforcement": r"enforce|维权|起诉对方|主动",
    "invalidation": r"invalidat|无效",
    "legal_expenses": r"legal expenses|法律费用",
}
# E-commerce covers asked for (the form's `covers_wanted`).
_COVERS_WANTED = {
    "product_liability": r"product liability|产品责任",
    "cargo": r"cargo|goods[- ]in[- ]transit|货物运输|货运险|运输保险",
    "overseas_warehouse": r"(overseas|3pl|fba)[^.,;，。；]{0,12}warehouse|warehouse (stock|inventory)|海外仓",
    "return_shipping": r"return[- ]shipping|returns? cover|退运|退货运费|退货险",
    "account_freeze": r"account[- ]freeze|(店铺|账户|账号)冻结|冻结",
}
# GBA medical area of cover, the narrowest a message names first ("worldwide excluding the US"
# before "worldwide"; "Hong Kong and the GBA" before Hong Kong alone).
_AREAS = {
    "worldwide excl. US": r"worldwide[^.,;，。；]{0,6}(excluding|excl\.?|except|ex\.?|but not|outside)\s*(the )?(us|usa|u\.s\.|united states|america)\b|全球[^，。；]{0,4}(除|不包括|不含)[^，。；]{0,2}美国|美国除外",
    "worldwide": r"worldwide|global cover|全球",
    "Asia": r"\basia\b|亚洲",
    "Greater China": r"greater china|大中华",
    "HK+GBA": r"(hong kong|\bhk\b|香港)\s*(\+|and|&|plus|同|和|及|与|加)\s*(the )?(gba|greater bay area|大湾区)",
}
# The form's deductible choices (HK$), and the words that name a deductible.
_DEDUCTIBLES = (0, 5000, 10000, 20000, 50000, 100000)
_DEDUCTIBLE = r"deductible|excess|自付费|自负额|免赔额|垫底费"
_PATENT_OFFICES = {
    "us": "US",
    "american": "US",
    "美国": "US",
    "european": "EP",
    "europe": "EP",
    "eu": "EP",
    "欧洲": "EP",
    "欧盟": "EP",
    "chinese": "CN",
    "china": "CN",
    "中国": "CN",
    "japanese": "JP",
    "日本": "JP",
    "korean": "KR",
    "韩国": "KR",
    "pct": "PCT",
}
_CITIES = {
    "shenzhen": "Shenzhen",
    "深圳": "Shenzhen",
    "福田": "Shenzhen",
    "南山": "Shenzhen",
    "guangzhou": "Guangzhou",
    "广州": "Guangzhou",
    "zhuhai": "Zhuhai",
    "珠海": "Zhuhai",
    "dongguan": "Dongguan",
    "东莞": "Dongguan",
    "foshan": "Foshan",
    "佛山": "Foshan",
    "huizhou": "Huizhou",
    "惠州": "Huizhou",
    "zhongshan": "Zhongshan",
    "中山": "Zhongshan",
    "jiangmen": "Jiangmen",
    "江门": "Jiangmen",
    "zhaoqing": "Zhaoqing",
    "肇庆": "Zhaoqing",
    "macao": "Macao",
    "macau": "Macao",
    "澳门": "Macao",
    "hong kong": "HK",
    "香港": "HK",
}
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "千": 1e3,
    "万": 1e4,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "百万": 1e6,
    "亿": 1e8,
    "billion": 1e9,
    "bn": 1e9,
}
_AMOUNT = re.compile(
    r"(?P<pre>hk\$|us\$|usd|hkd|rmb|cny|\$|¥|人民币|港币|美元|美金)?\s*(?P<num>\d+(?:[.,]\d+)*)\s*"
    r"(?P<scale>million|billion|thousand|mn|bn|百万|万|千|亿|m\b|k\b)?\s*"
    r"(?P<post>hk\$|港元|港币|美元|美金|usd|hkd|rmb|人民币|元)?"
)


def _currency(prefix: str, suffix: str) -> str:
    marker = (prefix or "") + (suffix or "")
    if any(m in marker for m in ("us$", "usd", "美元", "美金")):
        return "USD"
    if any(m in marker for m in ("rmb", "cny", "¥", "人民币")):
        return "RMB"
    if any(m in marker for m in ("hk", "港")):
        return "HKD"
    return ""


def _amounts(text: str) -> list[tuple[float, str, int]]:
    """(value, currency, position) for every amount that has a currency or a scale."""
    found = []
    for m in _AMOUNT.finditer(text):
        # "1000万元人民币": the currency may follow the unit.
        after = re.match(r"\s*(人民币|rmb|港币|港元|美元|美金)", text[m.end() :])
        trailing = after.group(1) if after and (m.group("scale") or m.group("post")) else ""
        currency = _currency(m.group("pre") or "", (m.group("post") or "") + trailing)
        scale = m.group("scale")
        if not currency and not scale:
            continue
        value = float(m.group("num").replace(",", "")) * (_SCALE.get(scale or "", 1.0))
        found.append((value, currency, m.start()))
    return found


def _near(text: str, position: int, pattern: str, window: int = 40) -> bool:
    return bool(re.search(pattern, text[max(0, position - window) : position + window]))


def _terms(text: str, table: dict[str, str]) -> list[str]:
    hits = []
    for word, code in table.items():
        # A Latin word beside Chinese ("TikTok卖") has no \b there: letters are looked at instead.
        pattern = re.escape(word) if not word.isascii() else rf"(?<![a-z]){re.escape(word)}(?![a-z])"
        if re.search(pattern, text) and code not in hits:
            hits.append(code)
    return hits


def line_of(message: str) -> str:
    """The product line a message's words point to ("patent" → overseas_ip), or ""."""
    text = fold(message)
    return next((name for name, pattern in _LINES if re.search(pattern, text)), "")


def without_line_words(message: str) -> str:
    """`message` less the words that name its product line ("Which pension plans…?" → "Which
    plans…?"): they choose the documents, and are no part of what is asked of them."""
    text = fold(message)
    if len(text) != len(message):
        return message
    spans = [m.span() for _, pattern in _LINES for m in re.finditer(pattern, text)]
    kept = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(message))
    return " ".join(kept.split()) if kept.strip() else message


def extract_fields(message: str, *, named: Sequence[Held] = ()) -> dict[str, Any]:
    """Prefilled enquiry fields plus `missing`: what the form still needs for the product line.

    A product the message names (`named`, grounded by chat.entities) sets the product, its
    line and its insurer; otherwise the line comes from the message's words.
    """
    text = fold(message)
    fields: dict[str, Any] = {}
    products = [h for h in named if h.product]
    line = products[0].product_line if products else line_of(message)
    if products:
        fields["product"] = products[0].product
        fields["insurers"] = list(dict.fromkeys(h.insurer_slug for h in products if h.insurer_slug))
    if line:
        fields["product_line"] = line
    fields.update(_jurisdiction(text, line))
    fields.update(_money(text, line))
    fields.update(_trade_terms(text))
    # "quote us" is the pronoun; the country is written "US", "U.S." or named in full.
    us_named = bool(re.search(r"\bU\.?S\.?A?\b", message) or re.search(r"united states|美国", text))
    fields.update(_places(text, line, us_named))
    fields.update(_ecommerce(text))
    fields.update(_ip(text, line))
    # Who is insured and how old they are is asked of personal cover only ("我们有3个专利" is a firm).
    fields.update(_people(text) if line in {"gba_medical", "pension", ""} else {})
    fields.update(_credit_terms(text) if line == "export_credit" else {})
    fields.update(_medical_terms(text) if line == "gba_medical" else {})
    fields.update(_wanted(text, line))
    needed = _REQUIRED.get(line, ["product_line"])
    fields["missing"] = [f for f in needed if f not in fields]
    return fields


def _jurisdiction(text: str, line: str) -> dict[str, Any]:
    mainland = re.search(r"深圳|shenzhen|内地|mainland|广州|东莞|佛山", text)
    hong_kong = re.search(r"hong kong|香港|\bhk\b", text)
    if line == "ecommerce":
        if re.search(r"(?<![a-z])llc(?![a-z])|美国公司", text):
            return {"seller_jurisdiction": "US_LLC"}
        if mainland:
            return {"seller_jurisdiction": "mainland"}
        return {"seller_jurisdiction": "HK"} if hong_kong else {}
    if line in {"export_credit", "overseas_ip"}:
        if re.search(r"shenzhen|深圳", text):
            return {"entity_jurisdiction": "Shenzhen"}
        if mainland:
            return {"entity_jurisdiction": "other_mainland"}
        if (
            re.search(r"hong kong (trading|company|firm|exporter|business)|香港(公司|贸易)", text)
            or hong_kong
        ):
            return {"entity_jurisdiction": "HK"}
    return {}


# What an amount is, by the words written nearest to it: "年销售额800万美元，产品责任报价" is a
# year's sales, though "责任" is near too. "Sales" alone says neither a year's nor a month's.
_AMOUNT_LABELS = {
    "turnover": r"turnover|revenue|营业额|年销售|年营收|a year|per year|annual|每年|一年",
    "monthly": r"month|每月|每个月|月",
    "limit": r"limit|限额|liability|责任|cover|保额|保障",
}


def _label(text: str, position: int, window: int = 40) -> str:
    """The label whose words stand nearest the amount at `position`, within `window`, or ""."""
    best, distance = "", window + 1
    for label, pattern in _AMOUNT_LABELS.items():
        start = max(0, position - window)
        for match in re.finditer(pattern, text[start : position + window]):
            gap = min(abs(start + match.start() - position), abs(start + match.end() - position))
            if gap < distance:
                best, distance = label, gap
    return best


def _money(text: str, line: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for value, currency, position in _amounts(text):
        label = _label(text, position)
        if label == "turnover":
            # The e-commerce form asks for monthly sales only: a year's sales are not a limit.
            if currency in {"HKD", ""} and line != "ecommerce":
                fields.setdefault("annual_turnover_hkd", value)
            continue
        if currency == "USD" and label == "monthly":
            fields.setdefault("max_monthly_sales_usd", value)
        elif currency == "USD" and label == "limit":
            fields.setdefault("liability_limit_usd", value)
        elif currency == "RMB" and label == "limit":
            fields.setdefault("limit_rmb", value)
        elif line == "pension" and currency in {"HKD", ""}:
            fields.setdefault("lump_sum_band_hkd", _band(value))
    return fields


def _band(value: float) -> str:
    for upper, band in ((5e4, "<50k"), (5e5, "50k-500k"), (1e6, "500k-1m"), (5e6, "1m-5m")):
        if value < upper:
            return band
    return ">5m"


def _trade_terms(text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    # Latin codes beside Chinese ("是O/A"): \b sees no boundary there, so letters are looked at.
    terms = [
        ("OA", r"open account|赊销|(?<![a-z])o/?a(?![a-z])"),
        ("LC", r"letters? of credit|信用证|(?<![a-z])l/?c(?![a-z])"),
        ("DP", r"(?<![a-z])d/?p(?![a-z])|documents against payment|付款交单"),
        ("DA", r"(?<![a-z])d/?a(?![a-z])|documents against acceptance|承兑交单"),
        ("CAD", r"cash against documents|\bcad\b"),
        ("COD", r"cash on delivery|\bcod\b|货到付款"),
        ("CIA", r"cash in advance|\bcia\b|预付"),
    ]
    payment = next((code for code, pattern in terms if re.search(pattern, text)), None)
    if payment:
        fields["payment_terms"] = payment
    days = re.search(r"(\d{2,3})[- ]?(?:day|天|日)", text)
    if days:
        fields["credit_period_days"] = int(days.group(1))
    return fields


def _places(text: str, line: str, us_named: bool = True) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    countries = [c for c in _terms(text, _COUNTRIES)]
    regions = _terms(text, _REGIONS)
    if line == "export_credit" and countries:
        fields["destination_countries"] = [c for c in countries if c != "US" or us_named] or countries
    elif line == "ecommerce" and countries:
        fields["markets"] = countries
    elif line == "overseas_ip" and (countries or regions):
        fields["territories"] = countries + regions
    if line in {"gba_medical", "pension"}:
        city = next(
            (
                code
                for word, code in _CITIES.items()
                if re.search(rf"(live|住|reside|居).{{0,6}}{re.escape(word)}", text)
            ),
            None,
        )
        if city:
            fields["city_of_residence"] = city
    return fields


def _ecommerce(text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    platforms = _terms(text, _PLATFORMS)
    if platforms:
        fields["platforms"] = platforms
    categories = [name for name, pattern in _CATEGORIES.items() if re.search(pattern, text)]
    if categories:
        fields["categories"] = categories
    return fields


def _ip(text: str, line: str) -> dict[str, Any]:
    if line != "overseas_ip":
        return {}
    fields: dict[str, Any] = {}
    covers = [name for name, pattern in _COVERS.items() if re.search(pattern, text)]
    if covers:
        fields["cover_types"] = covers
    patents: dict[str, int] = {}
    # "8件美国专利", "3件PCT申请", "6 Japanese and 4 Korean patents": a count, an office, and
    # patents (or applications) named soon after.
    for match in re.finditer(r"(\d+)\s*(?:项|件|个)?\s*([a-z]+|[\u4e00-\u9fff]{2})", text):
        count, office = match.groups()
        code = _PATENT_OFFICES.get(office)
        if code and re.search(r"patent|专利|申请|application", text[match.end() : match.end() + 40]):
            patents[code] = patents.get(code, 0) + int(count)
    # "美国专利5件", "美国3个、欧洲2个专利": the office first, then its count.
    pattern = r"([a-z]+|[\u4e00-\u9fff]{2})\s*(?:专利\s*(\d+)|(\d+)\s*(?:项|件|个)(?=.{0,20}专利))"
    for office, written_after, counted in re.findall(pattern, text):
        code = _PATENT_OFFICES.get(office)
        if code:
            patents[code] = patents.get(code, 0) + int(written_after or counted)
    if patents:
        fields["patents"] = patents
    if re.search(r"subsid|资助|补贴", text):
        fields["subsidy_interest"] = True
    return fields


_NEGATION = re.compile(r"(没有|没|唔使|唔需要|不用|不需要|无需|毋须|非|\bnot?\b|n't|without)\W{0,2}\S{0,4}$")


def _flag(text: str, pattern: str) -> bool | None:
    """True when the text says it, False when it says it with a negation before it, None if silent."""
    match = re.search(pattern, text)
    if match is None:
        return None
    return not _NEGATION.search(text[max(0, match.start() - 12) : match.start()])


def ages_in(message: str) -> list[int]:
    """The ages a message states, in order ("35-year-old", "I'm 42", "we're 40 and 38", "35岁")."""
    text = fold(message)
    # Not the end of a longer number ("101-year-old" is 101, not 1).
    ages = [int(a) for a in re.findall(r"(?<![\d.,])(\d{1,3})\s*(?:岁|years? old|-year-old)", text)]
    # "I'm 42", "she is 72", "we're 40 and 38", "aged 9 and 6": a subject, then one or more ages.
    for match in re.finditer(
        r"(?:\baged?|\bi'm|\bi am|\b(?:he|she)(?: is|'s)|\b(?:we|they)(?: are|'re)|\b(?:dad|mum|mom) is)\s*"
        r"(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)\b",
        text,
    ):
        ages += [int(a) for a in re.findall(r"\d{1,2}", match.group(1))]
    return ages


def _people(text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if re.search(r"permanent resident|永久居民|永久性居民", text):
        fields["residency_status"] = "hk_permanent"
        fields["hk_permanent_resident"] = True
    taxpayer = _flag(text, r"salaries tax|taxpayer|薪俸税|交税|纳税")
    if taxpayer is not None:
        fields["hk_taxpayer"] = taxpayer
    billing = _flag(text, r"direct (billing|settlement)|直接结算|直接结帐|直付")
    if billing is not None:
        fields["direct_billing_required"] = billing
    ages = ages_in(text)
    if ages:
        fields["ages"] = list(dict.fromkeys(ages)) if len(ages) > 1 else ages
        fields["age"] = ages[0]
    relationships = ["self"] if re.search(r"\b(i|me|my|myself)\b|我|本人", text) else []
    for name, pattern in (
        ("spouse", r"wife|husband|spouse|老婆|太太|老公|丈夫|妻子|配偶"),
        ("child", r"\bchild|\bson\b|daughter|kids|仔|女儿|子女|孩子"),
        ("parent", r"mother|father|parents?\b|mum|dad|阿妈|妈妈|母亲|爸爸|父亲|父母"),
    ):
        if re.search(pattern, text):
            relationships.append(name)
    if relationships:
        fields["insured_relationships"] = relationships
    return fields


def _credit_terms(text: str) -> dict[str, Any]:
    """Export credit fields: how many buyers, the indemnity asked for, pre-shipment cover."""
    fields: dict[str, Any] = {}
    buyers = re.search(r"(\d{1,4})\s*(?:buyers|customers|个买家|家买家|个客户|家客户|个买方)", text)
    if buyers:
        fields["number_of_buyers"] = int(buyers.group(1))
    indemnity = re.search(
        r"(\d{2})\s*%\s*(?:indemnity|赔偿|赔付)|(?:indemnity|赔偿比例|赔付比例)\D{0,12}(\d{2})\s*%", text
    )
    if indemnity:
        fields["indemnity_pct"] = int(indemnity.group(1) or indemnity.group(2))
    pre_shipment = _flag(text, r"pre-?shipment|出运前|装运前|出货前")
    if pre_shipment is not None:
        fields["pre_shipment_cover"] = pre_shipment
    return fields


def _wanted(text: str, line: str) -> dict[str, Any]:
    """What cover is asked for: e-commerce covers, or a medical plan's area and deductible."""
    fields: dict[str, Any] = {}
    if line == "ecommerce":
        covers = [name for name, pattern in _COVERS_WANTED.items() if re.search(pattern, text)]
        if covers:
            fields["covers_wanted"] = covers
    if line == "gba_medical":
        area = next((name for name, pattern in _AREAS.items() if re.search(pattern, text)), None)
        if area:
            fields["area_of_cover"] = area
        deductible = _deductible(text)
        if deductible is not None:
            fields["deductible_hkd"] = deductible
    return fields


def _deductible(text: str) -> int | None:
    """The deductible a message chooses: zero ("zero deductible", "自付费拣零") or the amount
    written beside the word (in digits or Chinese numerals), if it is one the form offers."""
    from chat.extractive import in_digits

    if re.search(
        rf"(zero|no|nil|\$0|冇|无|没有)\s*({_DEDUCTIBLE})|({_DEDUCTIBLE})\D{{0,4}}(零|zero|nil|\b0\b)", text
    ):
        return 0
    digits = in_digits(text.replace("两", "二"))
    for match in re.finditer(r"\d[\d,]*(?:\.\d+)?\s*(k\b|千|万)?", digits):
        number = float(match.group(0).rstrip("k千万 ").replace(",", ""))
        value = round(number * _SCALE.get(match.group(1) or "", 1.0))
        if value in _DEDUCTIBLES and _near(digits, match.start(), _DEDUCTIBLE, window=20):
            return value
    return None


def _medical_terms(text: str) -> dict[str, Any]:
    """GBA medical fields: months a year on the mainland, and a yearly budget."""
    fields: dict[str, Any] = {}
    months = re.search(
        r"(\d{1,2})\s*(?:months?|个月)[^.,;，。；]{0,20}(?:mainland|内地|大陆)", text
    ) or re.search(r"(?:mainland|内地|大陆)[^.,;，。；]{0,12}?(\d{1,2})\s*(?:months?|个月)", text)
    if months:
        fields["months_in_mainland_per_year"] = int(months.group(1))
    for value, currency, position in _amounts(text):
        if currency in {"HKD", ""} and _near(text, position, r"budget|预算", window=20):
            fields["budget_hkd_per_year"] = value
            break
    return fields
