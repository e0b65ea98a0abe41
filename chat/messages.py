"""The assistant's own words, in the three languages it answers in (gettext, as the rest of the UI).

Each text is an English msgid; its Traditional and Simplified Chinese live in
locale/*/LC_MESSAGES/django.po. A reply is translated into the language asked for with
`translation.override`, whatever the request's own language is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

_REPLIES = {
    "no_answer": gettext_noop(
        "The plan documents I can search do not contain the answer to this. I don't want to guess: I can pass your question to the insurer or to a person on our team — just ask, or request a quote."
    ),
    "refusal": gettext_noop(
        "I can't give personal recommendations, guarantees of cover or claims, or tax, legal or MPF-withdrawal advice. For advice, please speak to a licensed insurance adviser or broker, or to the insurer; for MPF questions, your MPF trustee or the MPFA; for tax, a tax adviser or the Inland Revenue Department."
    ),
    "quote": gettext_noop(
        "I can start a quote enquiry for you. Open the enquiry form — I've filled in what I understood — and add what's missing. Nothing is shared with any insurer without your consent."
    ),
    "handoff": gettext_noop(
        "Of course — I'll put you in touch with a person. Press “Contact a person” below and leave your name and a phone number or e-mail address; our team will reply, usually within one working day."
    ),
    "complaint": gettext_noop(
        "I'm sorry to hear that. Please first raise the complaint with the insurer or intermediary. If it is not resolved: the Insurance Authority handles conduct complaints; the Insurance Complaints Bureau takes personal-policy claim disputes up to HK$1.2 million within 6 months of the insurer's final decision; on the mainland, the NFRA hotline is 12378."
    ),
    # An off-topic message is declined like a question the documents do not answer (kind
    # `no_answer`, reason `out_of_scope`): it says the plan documents do not cover it, what the
    # assistant is for, and offers a person or the insurer.
    "out_of_scope": gettext_noop(
        "The plan documents on this portal do not cover this: I can only help with the insurance plans here — GBA medical, pensions and annuities, export credit, cross-border e-commerce and overseas IP insurance. Ask me what a plan covers, its limits, waiting periods or claims. For anything else about your cover, I can pass your question to a person on our team or to the insurer — just ask, or request a quote."
    ),
    "greeting": gettext_noop(
        "Hello! I answer questions about the insurance plans on this portal from their documents, with sources. I can also start a quote enquiry or put you in touch with a person."
    ),
}


def _in(language: str, msgid: str) -> str:
    """`msgid` translated into `language` (BP 47 "zh-Hant" or Django's "zh-hant")."""
    with translation.override(language.lower()):
        return gettext(msgid)


def fixed_reply(kind: str, language: str) -> str:
    return _in(language, _REPLIES[kind])


# A refusal says what it can't do for the kind of advice asked, and who can; other kinds (or none
# known) get the general refusal.
_REFUSALS = {
    "recommendation": gettext_noop(
        "I can't tell you which plan is right for you or your family: that is personal advice, which a licensed insurance adviser or broker, or the insurer, can give."
    ),
    # A guarantee is refused in the words of what was asked to be guaranteed (chat/intents.py tells
    # which); "guarantee" alone is the backstop's when no model says which.
    "guarantee": gettext_noop(
        "I can't promise that you will be accepted or that a claim will be paid: only the insurer decides, under the policy's terms, and a licensed insurance adviser or the insurer can explain how."
    ),
    "guarantee_amount": gettext_noop(
        "I can't guarantee any amount or return: the portal cannot promise that a plan pays more than its document states as guaranteed, and non-guaranteed amounts may be lower or nil. A licensed insurance adviser or the insurer can explain the figures."
    ),
    "guarantee_premium": gettext_noop(
        "I can't guarantee what premiums will be: the insurer sets them under the policy's terms, and a licensed insurance adviser or the insurer can explain how they may change."
    ),
    "guarantee_acceptance": gettext_noop(
        "I can't promise that you, your application or a limit you ask for will be accepted: only the insurer decides, when it assesses the application under its terms, and a licensed insurance adviser or the insurer can explain how."
    ),
    "guarantee_claim": gettext_noop(
        "I can't promise the outcome of a claim: only the insurer decides whether it is paid, under the policy's terms, and a licensed insurance adviser or the insurer can explain how."
    ),
    "mpf_withdrawal": gettext_noop(
        "I can't advise on withdrawing or moving MPF money: please ask your MPF trustee or the MPFA."
    ),
    "tax_legal": gettext_noop(
        "I can't give tax or legal advice: please ask a tax adviser, the Inland Revenue Department or a lawyer."
    ),
}


def refusal(kind: str | None, language: str) -> str:
    return _in(language, _REFUSALS[kind]) if kind in _REFUSALS else fixed_reply("refusal", language)


def documents_say(language: str) -> str:
    """The line before the facts a refusal quotes."""
    return _in(language, "What the plan documents state:")


def parts_not_stated(language: str, parts: Sequence[str]) -> str:
    """For a question of several parts answered in part: the parts no document states."""
    joined = "; ".join(f"“{p}”" for p in parts) if language == "en" else "；".join(f"「{p}」" for p in parts)
    return _in(language, "The documents do not state: %(parts)s") % {"parts": joined}


# The replies that decline: each says the documents do not answer and offers a person or the insurer.
DECLINES = ("no_answer", "out_of_scope")


def declines(text: str, language: str, normalise: Callable[[str], str] = str) -> bool:
    """Whether `text` carries one of the declining replies in `language` (compared after `normalise`)."""
    return any(normalise(fixed_reply(kind, language)) in normalise(text) for kind in DECLINES)


def no_documents_for(names: list[str], language: str) -> str:
    """The sentence "The portal has no documents for <names>." in `language`."""
    with translation.override(language.lower()):
        return gettext("The portal has no documents for %(names)s.") % {"names": list_join(names, language)}


def not_held(
    language: str,
    names: list[str],
    years: list[int],
    line: str,
    line_label: str,
    titles: list[str],
    edition_of: str = "",
    tiers: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """Says what the portal has no documents for and what it holds instead, then the usual decline.

    `edition_of` is the product whose `years` are asked for, when the question names one; `tiers`,
    for a tier asked of a held plan that its document does not have, the tiers each such plan's
    document does have (none: it names no tiers).
    """
    with translation.override(language.lower()):
        if edition_of:
            editions = [
                gettext("the %(year)s edition of %(name)s") % {"year": y, "name": edition_of} for y in years
            ]
        else:
            editions = [gettext("the %(year)s edition") % {"year": y} for y in years]
        text = no_documents_for(names + editions, language)
        for plan, held in (tiers or {}).items():
            if held:
                text += gettext(" The document of %(plan)s has these tiers: %(tiers)s.") % {
                    "plan": plan,
                    "tiers": list_join(list(held), language),
                }
            else:
                text += gettext(" The document of %(plan)s names no tiers.") % {"plan": plan}
        if titles:
            holds = (
                gettext(" For %(line)s it holds: %(titles)s.") if line else gettext(" It holds: %(titles)s.")
            )
            text += holds % {"line": line_label, "titles": list_join(titles, language)}
    reply = fixed_reply("no_answer", language)
    return f"{text} {reply}" if language == "en" else text + reply


def answer_intro(language: str, title: str, insurer: str) -> str:
    """ "From <title> (<insurer>):"; a document with no product (a staff upload) has no insurer to
    name, so only its title is."""
    if not insurer:
        return _in(language, "From %(title)s:") % {"title": title}
    return _in(language, "From %(title)s (%(insurer)s):") % {"title": title, "insurer": insurer}


_FIELD_LABELS = {
    "product_line": gettext_noop("the type of cover"),
    "entity_jurisdiction": gettext_noop("where your company is registered"),
    "seller_jurisdiction": gettext_noop("where you sell from"),
    "destination_countries": gettext_noop("your buyers' countries"),
    "annual_turnover_hkd": gettext_noop("annual turnover"),
    "export_turnover_on_credit_hkd": gettext_noop("your yearly sales on credit terms"),
    "max_monthly_sales_usd": gettext_noop("your highest monthly sales"),
    "payment_terms": gettext_noop("payment terms"),
    "credit_period_days": gettext_noop("credit period"),
    "platforms": gettext_noop("the marketplaces you sell on"),
    "markets": gettext_noop("the markets you sell to"),
    "categories": gettext_noop("what you sell"),
    "liability_limit_usd": gettext_noop("the liability limit"),
    "cover_types": gettext_noop("defence or enforcement cover"),
    "territories": gettext_noop("the territories"),
    "patents": gettext_noop("your patents"),
    "limit_rmb": gettext_noop("the limit"),
    "residency_status": gettext_noop("your residency status"),
    "city_of_residence": gettext_noop("where you live"),
    "insured_relationships": gettext_noop("who is to be insured"),
    "ages": gettext_noop("the insured people's ages"),
    "sexes": gettext_noop("each insured person's sex"),
    "smokers": gettext_noop("whether each insured person smokes"),
    "area_of_cover": gettext_noop("where the cover should apply"),
    "age": gettext_noop("your age"),
    "hk_permanent_resident": gettext_noop("whether you are a HK permanent resident"),
    "lump_sum_band_hkd": gettext_noop("the amount to invest"),
}


def missing_fields(fields: list[str], language: str) -> str:
    """A sentence asking for what an enquiry still lacks (empty when nothing is missing)."""
    if not fields:
        return ""
    with translation.override(language.lower()):
        labels = [gettext(_FIELD_LABELS[f]) if f in _FIELD_LABELS else f for f in fields]
        return gettext(" Still needed: %(fields)s.") % {"fields": list_join(labels, language)}


def converted_amounts(converted: dict[str, dict[str, Any]] | None, language: str) -> str:
    """A sentence for each amount the form takes in another currency than the one written: what
    was written, what the form shows, and the fixed rate and its date, so nothing is silently
    changed (the form can be corrected)."""
    from crossborder.money import convert, rate, written

    sentences = []
    with translation.override(language.lower()):
        for field, note in (converted or {}).items():
            value = convert(note["amount"], note["currency"], note["into"])
            if value is None:
                continue
            sentences.append(
                gettext(
                    " I entered %(what)s of %(stated)s as %(shown)s, at the portal's fixed rate of "
                    "%(as_of)s (%(one)s = %(rated)s); you can change it on the form."
                )
                % {
                    "what": gettext(_FIELD_LABELS.get(field, field)),
                    "stated": written(note["amount"], note["currency"]),
                    "shown": written(value, note["into"]),
                    "as_of": note["as_of"],
                    "one": written(1, note["currency"]),
                    "rated": written(rate(note["currency"], note["into"]) or 0, note["into"]),
                }
            )
    return "".join(sentences)


def fallback_notice(language: str) -> str:
    return _in(language, "(Replaced by an answer quoted directly from the documents.)")


def decline_reason(reason: str, language: str, title: str) -> str:
    """Why a question about `title` is declined: "no_subject" (nothing on it), "figure_not_stated"
    (the document is on the subject but gives no figure; what it says instead follows), "elsewhere"
    (the document says the detail is kept elsewhere; the passage saying where follows), or
    "line_no_subject" ("which plans…?": no document of the line `title` names says anything), or
    "record" (the insurer's ratings, solvency or past results, which plan documents do not hold:
    chat/record.py)."""
    with translation.override(language.lower()):
        if reason == "record":
            return gettext(
                "%(title)s sets out the plan's terms; it gives no ratings, solvency figures, claims "
                "statistics or past results of the insurer. Insurers publish these in their annual "
                "reports and on their websites (bonus fulfilment ratios included), and the Insurance "
                "Authority publishes market statistics."
            ) % {"title": title}
        if reason == "figure_not_stated":
            return gettext("%(title)s does not state this figure. What it says on the subject:") % {
                "title": title
            }
        if reason == "elsewhere":
            return gettext("%(title)s does not give this detail. It says where to find it:") % {
                "title": title
            }
        if reason == "line_no_subject":
            return gettext("None of the documents of the %(line)s plans says anything on this subject.") % {
                "line": title
            }
        return gettext("%(title)s says nothing on this subject.") % {"title": title}


def script_converted(language: str) -> str:
    """The note above a quote converted to the reader's script (the document is in the other one)."""
    with translation.override(language.lower()):
        if language == "zh-Hans":
            return gettext(
                "(Quoted in Simplified Chinese, converted from the document's Traditional Chinese.)"
            )
        return gettext("(Quoted in Traditional Chinese, converted from the document's Simplified Chinese.)")


def other_language(written_in: str, reader: str) -> bool:
    """A document in another language than the reader's (not merely the other Chinese script,
    which is converted and noted on its own)."""

    def base(code: str) -> str:
        return "zh" if code.startswith("zh") else code

    return bool(written_in) and base(written_in) != base(reader)


def quoted_language(language: str, written_in: str) -> str:
    """The note under a quote from a document in another language than the reader's."""
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
