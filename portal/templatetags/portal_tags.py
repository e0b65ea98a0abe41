"""Template helpers for the site frame: the language switcher and where the chat launcher belongs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()

# Pages for insurers and staff: the visitor's chat assistant has no place there.
_PRIVATE_URL_PREFIXES = ("insurer-", "admin:")


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


def _translated(path: str, code: str) -> str:
    """The same page in language `code`: Django translates resolvable URLs; for the rest (a 404 page)
    the language prefix is swapped, or the visitor goes to that language's home page."""
    url = translate_url(path, code)
    if url != path:
        return url
    prefixes = [lang for lang, _ in settings.LANGUAGES]
    first, _, rest = path.lstrip("/").partition("/")
    if first in prefixes:
        return f"/{code}/{rest}"
    return f"/{code}/"


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    """The page in each language. A view that opens at a passage puts its anchor in the context as
    `fragment` (the browser never sends the `#…` it is at), so the other language opens there too."""
    request: HttpRequest | None = context.get("request")
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    path = request.get_full_path() if request is not None else "/"
    fragment = str(context.get("fragment") or "")
    tail = f"#{fragment}" if _FRAGMENT.fullmatch(fragment) else ""
    return [
        LanguageLink(
            code=code,
            name=get_language_info(code)["name_local"],
            url=(path if path.startswith(f"/{code}/") else _translated(path, code)) + tail,
            current=code == current,
        )
        for code, _ in settings.LANGUAGES
    ]


# An anchor the pages make (`u-12`, `i30`): nothing that could end the attribute or the URL.
_FRAGMENT = re.compile(r"[\w-]{1,64}")


@register.simple_tag(takes_context=True)
def chat_wanted(context: template.Context) -> bool:
    """The chat launcher is for visitors: not on insurer or staff pages (and not without a request,
    as on the bare 500 page)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return False
    match = getattr(request, "resolver_match", None)
    name = (
        f"{match.namespace}:{match.url_name}"
        if match and match.namespace
        else (match.url_name if match else "")
    )
    return not (name or "").startswith(_PRIVATE_URL_PREFIXES)


@register.filter
def language_name(code: str) -> str:
    """The name of a document's language ("en", "zh-Hant") in the page's language ("English", 「英文」)."""
    # settings.LANGUAGES names are lazy translations: str() reads them in the active language.
    names = {lang: str(name) for lang, name in settings.LANGUAGES}
    return names.get((code or "").lower(), code)


def _breakable(text: str, at: int) -> bool:
    """Whether a line may be cut before text[at]: at a space, or beside a character of a script
    written without spaces (Han, kana, Hangul, full-width forms), where every character is a word."""
    before, after = text[at - 1], text[at]
    return before.isspace() or after.isspace() or _unspaced(before) or _unspaced(after)


def _unspaced(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or "\uff00" <= char <= "\uffef"


@register.filter
def shorten(text: str, length: int) -> str:
    """`text` cut to at most `length` characters on a word boundary (any character boundary in
    Chinese), with an ellipsis; text that fits is returned whole."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = next((at for at in range(length - 1, 0, -1) if _breakable(text, at)), length - 1)
    return text[:cut].rstrip(" ,;:、，；：—–-") + "…"
