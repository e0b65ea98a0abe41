"""What the pages say and how: summaries cut between words, a document's language named, and one
register and full-width punctuation in the Chinese catalogues."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from portal.models import Product
from portal.templatetags.portal_tags import shorten
from tests.conftest import ROOT

CATALOGUES = {lang: ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("zh_Hant", "zh_Hans")}
# Placeholders stay as the code writes them: %(name)s and {name}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


def _msgstrs(path: Path) -> list[str]:
    """Every translation in a .po file, its continuation lines joined."""
    values: list[str] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            current = [line.partition(" ")[2].strip().strip('"')]
            values.append("")
        elif line.startswith('"') and current is not None:
            current.append(line.strip().strip('"'))
        else:
            current = None
            continue
        values[-1] = "".join(current)
    return [value for value in values if value]


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_chinese_addresses_the_reader_one_way_with_full_width_brackets(language: str) -> None:
    """Traditional Chinese once switched between 您 and 你; 「(生效 …)」 had half-width brackets."""
    texts = _msgstrs(CATALOGUES[language])
    assert len(texts) > 300
    assert [t for t in texts if "你" in t] == [], "您 throughout, as HK financial sites write"
    bracketed = [t for t in texts if re.search(r"[()]", PLACEHOLDER.sub("", t))]
    assert bracketed == [], "full-width （） in Chinese"


@pytest.mark.parametrize(
    ("text", "length", "expected"),
    [
        ("Cover for 36 network hospitals in Shenzhen", 30, "Cover for 36 network…"),
        ("Cover for 36 network hospitals", 40, "Cover for 36 network hospitals"),
        ("Supercalifragilisticexpialidocious cover", 10, "Supercali…"),
        ("深圳36間網絡醫院的住院保障，另設門診", 10, "深圳36間網絡醫院…"),
        ("大灣區醫療計劃 Harbourview Plus 年度限額", 22, "大灣區醫療計劃 Harbourview…"),
    ],
)
def test_shorten_cuts_between_words_in_any_script(text: str, length: int, expected: str) -> None:
    assert shorten(text, length) == expected


def _cells(body: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r'<td data-label="[^"]+">([^<]*…)</td>', body)]


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_catalogue_summaries_end_between_words(client: Client, demo_catalogue: None, language: str) -> None:
    """`/en/products/` once read "…with 36 network ho…"."""
    with translation.override(language):
        summaries = [" ".join(str(p.summary).split()) for p in Product.objects.all()]
    cells = _cells(client.get(f"/{language}/products/").content.decode())
    if language == "en":
        assert cells, "the demo catalogue has summaries long enough to shorten"
    for cell in cells:
        shown = cell.removesuffix("…")
        summary = next(s for s in summaries if s.startswith(shown))
        following = summary[len(shown)]
        assert following.isspace() or not following.isalnum() or not shown[-1].isascii(), cell


@pytest.mark.django_db
def test_a_plan_document_in_another_language_says_which(client: Client, demo_catalogue: None) -> None:
    from knowledge.models import PlanDocument

    product = Product.objects.order_by("slug").first()
    assert product is not None
    PlanDocument.objects.create(
        doc_id="policy-wording-en",
        product=product,
        title="Policy Wording",
        language="en",
        status="ready",
        effective_date=dt.date(2026, 1, 1),
    )
    page = client.get(f"/zh-hant/products/{product.slug}/").content.decode()
    assert re.search(r'lang="en">Policy Wording</a>（英文）（2026-01-01 生效）', page), (
        "language named, in full-width"
    )
    assert "Policy Wording</a>（英文）" in client.get(f"/zh-hans/products/{product.slug}/").content.decode()
    english = client.get(f"/en/products/{product.slug}/").content.decode()
    assert "Policy Wording</a> (effective 2026-01-01)" in english, "no note in the document's own language"


# `{% translate "…" %}` in a template, single-line form (the only one the templates use).
TEMPLATE_STRING = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')""")


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_every_template_string_is_translated(language: str) -> None:
    """Journey test E15: the chat log's label was English on Chinese pages (a screen reader said
    "Conversation"); no template string may be missing from a catalogue."""
    missing = set()
    for path in ROOT.glob("*/templates/**/*.html"):
        for match in TEMPLATE_STRING.finditer(path.read_text(encoding="utf-8")):
            text = match.group(1) if match.group(1) is not None else match.group(2)
            with translation.override(language):
                if re.search("[A-Za-z]", text) and translation.gettext(text) == text:
                    missing.add(f"{path.relative_to(ROOT)}: {text}")
    assert not missing, sorted(missing)
