"""The assistant's own words, in the three languages it answers in."""

from __future__ import annotations

_REPLIES: dict[str, dict[str, str]] = {
    "no_answer": {
        "en": "The plan documents I can search do not contain the answer to this. I don't want to guess: "
        "I can pass your question to the insurer or to a person on our team — just ask, or request a quote.",
        "zh-Hant": "我可查閱的計劃文件並沒有這個問題的答案，我不想憑空猜測。"
        "我可以把您的問題轉交保險公司或我們的職員跟進，或者您可以提出報價查詢。",
        "zh-Hans": "我可查阅的计划文件没有这个问题的答案，我不想凭空猜测。"
        "我可以把您的问题转交保险公司或我们的工作人员跟进，或者您可以提出报价查询。",
    },
    "refusal": {
        "en": "I can't give personal recommendations, guarantees of cover or claims, or tax, legal or "
        "MPF-withdrawal advice. I can show you what the plan documents say. For advice, please speak to "
        "a licensed insurance adviser or broker, or to the insurer; for MPF questions, your MPF trustee or "
        "the MPFA; for tax, a tax adviser or the Inland Revenue Department.",
        "zh-Hant": "我不能提供個人化建議、保障或賠償的保證，亦不能提供稅務、法律或提取強積金的意見。"
        "我可以告訴您計劃文件的內容。如需建議，請諮詢持牌保險顧問、經紀或保險公司；"
        "強積金問題請聯絡您的受託人或積金局；稅務問題請諮詢稅務顧問或稅務局。",
        "zh-Hans": "我不能提供个性化建议、保障或赔付的保证，也不能提供税务、法律或提取强积金的意见。"
        "我可以告诉您计划文件的内容。如需建议，请咨询持牌保险顾问、经纪或保险公司；"
        "强积金问题请联系您的受托人或积金局；税务问题请咨询税务顾问或香港税务局。",
    },
    "quote": {
        "en": "I can start a quote enquiry for you. Open the enquiry form — I've filled in what I understood — "
        "and add what's missing. Nothing is shared with any insurer without your consent.",
        "zh-Hant": "我可以為您開始報價查詢。請打開查詢表格（已填上我理解到的資料），並補充其餘資料。"
        "未經您同意，我們不會向任何保險公司提供您的資料。",
        "zh-Hans": "我可以为您开始报价查询。请打开查询表格（已填上我理解到的资料），并补充其余资料。"
        "未经您同意，我们不会向任何保险公司提供您的资料。",
    },
    "handoff": {
        "en": "Of course — I'll put you in touch with a person. Leave your contact details in the enquiry "
        "form (with your consent) and our team will reply.",
        "zh-Hant": "沒問題，我會為您轉介真人職員。請在查詢表格留下聯絡資料（需您同意），我們的職員會回覆您。",
        "zh-Hans": "没问题，我会为您转接人工服务。请在查询表格留下联系方式（需您同意），我们的工作人员会回复您。",
    },
    "complaint": {
        "en": "I'm sorry to hear that. Please first raise the complaint with the insurer or intermediary. "
        "If it is not resolved: the Insurance Authority handles conduct complaints; the Insurance "
        "Complaints Bureau takes personal-policy claim disputes up to HK$1.2 million within 6 months of "
        "the insurer's final decision; on the mainland, the NFRA hotline is 12378.",
        "zh-Hant": "很抱歉您有此經歷。請先向保險公司或中介人投訴。如未能解決：保險業監管局處理操守投訴；"
        "保險投訴局處理個人保單、金額不超過港幣120萬元的索償爭議（須於保險公司最終決定後6個月內提出）；"
        "內地可致電國家金融監督管理總局熱線12378。",
        "zh-Hans": "很抱歉您有此经历。请先向保险公司或中介人投诉。如未能解决：香港保险业监管局处理操守投诉；"
        "保险投诉局处理个人保单、金额不超过港币120万元的索偿争议（须于保险公司最终决定后6个月内提出）；"
        "内地可拨打国家金融监督管理总局热线12378。",
    },
}

_REPLIES["out_of_scope"] = {
    "en": "I can only help with the insurance plans on this portal: GBA medical, pensions and annuities, "
    "export credit, cross-border e-commerce and overseas IP insurance. Ask me what a plan covers, its "
    "limits, waiting periods or claims, or ask for a quote.",
    "zh-Hant": "我只能解答本平台保險計劃的問題：大灣區醫療、退休及年金、出口信用、跨境電商及海外知識產權保險。"
    "您可以問我計劃的保障範圍、限額、等候期或索償，或提出報價查詢。",
    "zh-Hans": "我只能解答本平台保险计划的问题：大湾区医疗、退休及年金、出口信用、跨境电商及海外知识产权保险。"
    "您可以问我计划的保障范围、限额、等待期或理赔，或提出报价查询。",
}
_REPLIES["greeting"] = {
    "en": "Hello! I answer questions about the insurance plans on this portal from their documents, with "
    "sources. I can also start a quote enquiry or put you in touch with a person.",
    "zh-Hant": "您好！我會根據本平台保險計劃的文件解答問題，並註明出處；亦可以為您開始報價查詢或轉介真人職員。",
    "zh-Hans": "您好！我会根据本平台保险计划的文件解答问题，并注明出处；也可以为您开始报价查询或转接人工服务。",
}
# A question about an insurer, product or edition the portal holds no documents for.
_NOT_HELD = {
    "en": "The portal has no documents for {names}.",
    "zh-Hant": "本平台沒有關於{names}的文件。",
    "zh-Hans": "本平台没有关于{names}的文件。",
}
_EDITION = {"en": "the {year} edition", "zh-Hant": "{year}年版", "zh-Hans": "{year}年版"}
_EDITION_OF = {
    "en": "the {year} edition of {name}",
    "zh-Hant": "{name} {year}年版",
    "zh-Hans": "{name} {year}年版",
}
_HOLDS = {
    "en": " For {line} it holds: {titles}.",
    "zh-Hant": "{line}方面，本平台有：{titles}。",
    "zh-Hans": "{line}方面，本平台有：{titles}。",
}
_HOLDS_ANY = {
    "en": " It holds: {titles}.",
    "zh-Hant": "本平台有：{titles}。",
    "zh-Hans": "本平台有：{titles}。",
}


def not_held(
    language: str,
    names: list[str],
    years: list[int],
    line: str,
    line_label: str,
    titles: list[str],
    edition_of: str = "",
) -> str:
    """Says what the portal has no documents for and what it holds instead, then the usual decline.

    `edition_of` is the product whose `years` are asked for, when the question names one.
    """
    editions = _EDITION_OF if edition_of else _EDITION
    edition = editions.get(language, editions["en"])
    named = names + [edition.format(year=y, name=edition_of) for y in years]
    separator = ", " if language == "en" else "、"
    text = _NOT_HELD.get(language, _NOT_HELD["en"]).format(names=separator.join(named))
    if titles:
        holds = (_HOLDS if line else _HOLDS_ANY).get(language, _HOLDS["en"])
        text += holds.format(line=line_label, titles=separator.join(titles))
    return (
        f"{text} {fixed_reply('no_answer', language)}"
        if language == "en"
        else text + fixed_reply("no_answer", language)
    )


_INTRO = {
    "en": "From {title} ({insurer}):",
    "zh-Hant": "根據《{title}》（{insurer}）：",
    "zh-Hans": "根据《{title}》（{insurer}）：",
}


def fixed_reply(kind: str, language: str) -> str:
    return _REPLIES[kind].get(language, _REPLIES[kind]["en"])


def answer_intro(language: str, title: str, insurer: str) -> str:
    return _INTRO.get(language, _INTRO["en"]).format(title=title, insurer=insurer or "—")


_FIELD_LABELS: dict[str, dict[str, str]] = {
    "product_line": {"en": "the type of cover", "zh-Hant": "保障類別", "zh-Hans": "保障类别"},
    "entity_jurisdiction": {
        "en": "where your company is registered",
        "zh-Hant": "公司註冊地",
        "zh-Hans": "公司注册地",
    },
    "seller_jurisdiction": {"en": "where you sell from", "zh-Hant": "賣家註冊地", "zh-Hans": "卖家注册地"},
    "destination_countries": {
        "en": "your buyers' countries",
        "zh-Hant": "買家所在國家",
        "zh-Hans": "买家所在国家",
    },
    "annual_turnover_hkd": {"en": "annual turnover", "zh-Hant": "每年營業額", "zh-Hans": "每年营业额"},
    "payment_terms": {"en": "payment terms", "zh-Hant": "付款條件", "zh-Hans": "付款条件"},
    "credit_period_days": {"en": "credit period", "zh-Hant": "信用期", "zh-Hans": "信用期"},
    "platforms": {"en": "the marketplaces you sell on", "zh-Hant": "銷售平台", "zh-Hans": "销售平台"},
    "markets": {"en": "the markets you sell to", "zh-Hant": "銷售市場", "zh-Hans": "销售市场"},
    "categories": {"en": "what you sell", "zh-Hant": "產品類別", "zh-Hans": "产品类别"},
    "liability_limit_usd": {"en": "the liability limit", "zh-Hant": "責任限額", "zh-Hans": "责任限额"},
    "cover_types": {
        "en": "defence or enforcement cover",
        "zh-Hant": "抗辯或維權保障",
        "zh-Hans": "抗辩或维权保障",
    },
    "territories": {"en": "the territories", "zh-Hant": "保障地區", "zh-Hans": "保障地区"},
    "patents": {"en": "your patents", "zh-Hant": "專利數目", "zh-Hans": "专利数量"},
    "limit_rmb": {"en": "the limit", "zh-Hant": "保障限額", "zh-Hans": "保障限额"},
    "residency_status": {"en": "your residency status", "zh-Hant": "居民身份", "zh-Hans": "居民身份"},
    "city_of_residence": {"en": "where you live", "zh-Hant": "居住城市", "zh-Hans": "居住城市"},
    "insured_relationships": {"en": "who is to be insured", "zh-Hant": "受保人", "zh-Hans": "受保人"},
    "ages": {"en": "the insured people's ages", "zh-Hant": "受保人年齡", "zh-Hans": "受保人年龄"},
    "age": {"en": "your age", "zh-Hant": "年齡", "zh-Hans": "年龄"},
    "hk_permanent_resident": {
        "en": "whether you are a HK permanent resident",
        "zh-Hant": "是否香港永久居民",
        "zh-Hans": "是否香港永久居民",
    },
    "lump_sum_band_hkd": {"en": "the amount to invest", "zh-Hant": "投保金額", "zh-Hans": "投保金额"},
}
_STILL_NEEDED = {"en": " Still needed: {}.", "zh-Hant": "尚需資料：{}。", "zh-Hans": "尚需资料：{}。"}


def missing_fields(fields: list[str], language: str) -> str:
    """A sentence asking for what an enquiry still lacks (empty when nothing is missing)."""
    if not fields:
        return ""
    labels = [_FIELD_LABELS.get(f, {}).get(language) or f for f in fields]
    separator = ", " if language == "en" else "、"
    return _STILL_NEEDED.get(language, _STILL_NEEDED["en"]).format(separator.join(labels))


_FALLBACK = {
    "en": "(Replaced by an answer quoted directly from the documents.)",
    "zh-Hant": "（已改為直接引用文件的答案。）",
    "zh-Hans": "（已改为直接引用文件的答案。）",
}


def fallback_notice(language: str) -> str:
    return _FALLBACK.get(language, _FALLBACK["en"])


def decline_reason(reason: str, language: str, title: str) -> str:
    """Why a question about `title` is declined: "no_subject" (nothing on it) or "figure_not_stated"
    (the document is on the subject but gives no figure; what it says instead follows)."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(language.lower()):
        if reason == "figure_not_stated":
            return gettext("%(title)s does not state this figure. What it says on the subject:") % {
                "title": title
            }
        return gettext("%(title)s says nothing on this subject.") % {"title": title}


def script_converted(language: str) -> str:
    """The note above a quote converted to the reader's script (the document is in the other one)."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(language.lower()):
        if language == "zh-Hans":
            return gettext(
                "(Quoted in Simplified Chinese, converted from the document's Traditional Chinese.)"
            )
        return gettext("(Quoted in Traditional Chinese, converted from the document's Simplified Chinese.)")


def quoted_language(language: str, written_in: str) -> str:
    """The note under a quote from a document in another language than the reader's."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(language.lower()):
        names = {
            "en": gettext("English"),
            "zh-Hant": gettext("Traditional Chinese"),
            "zh-Hans": gettext("Simplified Chinese"),
        }
        return gettext("(The document is in %(language)s: quoted as it is written.)") % {
            "language": names.get(written_in, written_in)
        }


def list_join(items: list[str], language: str) -> str:
    """Items joined as the reader's language lists them ("a, b" or "a、b")."""
    return (", " if language == "en" else "、").join(items)
