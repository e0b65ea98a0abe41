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

_INTRO = {
    "en": "From {title} ({insurer}):",
    "zh-Hant": "根據《{title}》（{insurer}）：",
    "zh-Hans": "根据《{title}》（{insurer}）：",
}


def fixed_reply(kind: str, language: str) -> str:
    return _REPLIES[kind].get(language, _REPLIES[kind]["en"])


def answer_intro(language: str, title: str, insurer: str) -> str:
    return _INTRO.get(language, _INTRO["en"]).format(title=title, insurer=insurer or "—")
