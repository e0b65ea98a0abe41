"""Template helpers for the site frame: the language switcher and where the chat launcher belongs."""

from __future__ import annotations

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
    request: HttpRequest | None = context.get("request")
    current = context.get("LANGUAGE_CODE") or settings.LANGUAGE_CODE
    path = request.get_full_path() if request is not None else "/"
    return [
        LanguageLink(
            code=code,
            name=get_language_info(code)["name_local"],
            url=path if path.startswith(f"/{code}/") else _translated(path, code),
            current=code == current,
        )
        for code, _ in settings.LANGUAGES
    ]


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
