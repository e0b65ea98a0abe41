"""The enquiry form in steps: the answers kept in the session until sent, which step asks for
what, the error summary's links and the "check your answers" summary."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from babel.lists import format_list
from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from crossborder import countries
from crossborder.forms import STEPS, EnquiryForm
from crossborder.line_fields import (
    PATENT_OFFICES,
    CountryListField,
    PatentsField,
    PerPersonField,
    insurer_label,
    line_fields,
)
from crossborder.money import CURRENCY_MARKS, MoneyField
from portal.models import PERSONAL_LINES

STEP_TITLES = {
    "about": gettext_lazy("About you"),
    "details": gettext_lazy("Your business"),
    "consents": gettext_lazy("Consents and insurers"),
    "check": gettext_lazy("Check your answers"),
}


# Marks a reply language the page set, not the visitor; saving the "about" step drops it with the
# rest of that step's keys (`_belongs`: its name starts with the field's).
LANGUAGE_PRESET = "language_preset"


class Draft:
    """One product line's answers in the session, as the form posted them (name → values)."""

    def __init__(self, session: SessionBase, product_line: str) -> None:
        self.session, self.line, self.key = session, product_line, f"enquiry-draft:{product_line}"

    @property
    def data(self) -> dict[str, list[str]]:
        stored: dict[str, list[str]] = self.session.get(self.key) or {}
        return stored

    def _store(self, data: dict[str, list[str]]) -> None:
        self.session[self.key] = data

    def prefill(self, initial: Mapping[str, Any], *, language: str) -> None:
        """Start with the page's language, followed until the visitor saves the "about" step (a
        draft begun on another language's page would keep that one); answers the chat passed in the
        query replace older ones."""
        data = dict(self.data)
        if "language" not in data or LANGUAGE_PRESET in data:
            data["language"], data[LANGUAGE_PRESET] = [language], ["1"]
        if "language" in initial:
            data.pop(LANGUAGE_PRESET, None)  # the chat's reply language is the visitor's own
        data["product_line"] = [self.line]
        for name, value in initial.items():
            if isinstance(value, bool):
                data[name] = ["on"] if value else []
            elif isinstance(value, list | tuple):
                data[name] = [str(v) for v in value]
            elif value not in (None, ""):
                data[name] = [str(value)]
        self._store(data)

    def save_step(self, step: str, posted: QueryDict) -> None:
        """Replace this step's answers with the posted ones (an unticked box posts nothing)."""
        names = EnquiryForm(product_line=self.line).step_fields(step)
        data = {k: v for k, v in self.data.items() if not any(_belongs(k, n) for n in names)}
        for key in posted:
            if any(_belongs(key, n) for n in names):
                data[key] = posted.getlist(key)
        data["product_line"] = [self.line]
        self._store(data)

    def form(self, *, preview: bool = False) -> EnquiryForm:
        data = QueryDict(mutable=True)
        for key, values in self.data.items():
            data.setlist(key, values)
        return EnquiryForm(data, product_line=self.line, preview=preview)

    @property
    def started(self) -> bool:
        """Whether the visitor has given any answer (the page's own language and line are not)."""
        return any(k not in _BOOKKEEPING for k in self.data)

    def clear(self) -> None:
        self.session.pop(self.key, None)

    def mark_sent(self, reference: str, token: str) -> None:
        """Remember the enquiry this draft became, so that its "Send" pressed again after Back (the
        browser's cached check page) says it went already instead of sending or failing."""
        self.clear()
        self.session[f"enquiry-sent:{self.line}"] = {"reference": reference, "token": token}

    @property
    def sent(self) -> dict[str, str] | None:
        """The last enquiry sent from this line's draft in this session, if any."""
        found: dict[str, str] | None = self.session.get(f"enquiry-sent:{self.line}")
        return found


# Keys a draft holds before the visitor answers anything.
_BOOKKEEPING = frozenset({"product_line", "language", LANGUAGE_PRESET})


def _belongs(key: str, name: str) -> bool:
    # A field's own key, or one of its parts (patents_US for patents).
    return key == name or (key.startswith(f"{name}_") and not key.startswith("consent_group_"))


def keep_errors(form: EnquiryForm, names: list[str]) -> None:
    """Show only these fields' errors (a step's); validates the form first."""
    errors = form.errors
    kept = ErrorDict({k: v for k, v in errors.items() if k in names})
    form._errors = kept  # type: ignore[attr-defined]


def first_step_with_errors(form: EnquiryForm) -> str:
    wrong = set(form.errors)
    for step in STEPS[:-1]:
        if wrong & set(form.step_fields(step)):
            return step
    return "about"


def steps(line: str) -> list[dict[str, Any]]:
    titles = dict(STEP_TITLES)
    if line in PERSONAL_LINES:
        titles["details"] = gettext_lazy("The cover you want")
    return [{"key": key, "title": titles[key], "number": n} for n, key in enumerate(STEPS, start=1)]


def anchor(form: EnquiryForm, name: str) -> str:
    """The element an error summary link moves focus to: the input, or a group's first option."""
    bound = form[name]
    if isinstance(bound.field, PatentsField):
        return f"{bound.auto_id}_{PATENT_OFFICES[0][0]}"
    if bound.field.widget.use_fieldset:
        return f"{bound.auto_id}_0"
    return str(bound.auto_id)


def error_links(form: EnquiryForm) -> list[dict[str, str]]:
    """Every error of the step at once, each naming its field: a message such as "Each must be
    between 0 and 80" says nothing of which answer it is about."""
    links = [{"href": "#main", "message": str(m), "field": ""} for m in form.non_field_errors()]
    for name in form.fields:
        for message in form.errors.get(name, []):
            field = summary_label(form[name].label)
            links.append({"href": f"#{anchor(form, name)}", "message": str(message), "field": field})
    return links


def summary_label(label: Any) -> str:
    """A field's label as an error summary names it: without its own question mark or colon,
    which the summary's "label: message" would double."""
    return str(label or "").rstrip("?？:： ")


def query(step: str, current: QueryDict) -> str:
    params = {"step": step}
    if current.get("conversation"):
        params["conversation"] = str(current["conversation"])
    return urlencode(params)


def country_fields(form: EnquiryForm, step: str) -> list[str]:
    return [n for n in form.step_fields(step) if isinstance(form.fields[n], CountryListField)]


def country_data(form: EnquiryForm, step: str) -> list[dict[str, object]]:
    # A list, for json_script; the rows are shared (cached) and only read.
    """The picker's suggestions for the step's country fields (none if it has none)."""
    names = country_fields(form, step)
    if not names:
        return []
    extra = tuple(sorted({code for n in names for code in form.fields[n].extra}))  # type: ignore[attr-defined]
    return list(countries.picker_data((get_language() or "en").lower(), extra))


def display(form: EnquiryForm, name: str, language: str) -> str:
    """An answer as the check page shows it: names, not codes; amounts grouped; "Not given"."""
    return show(form.fields[name], form.cleaned_data.get(name), language)


def describe_details(product_line: str, details: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
    """A lead's details as labelled answers in the page's language (the insurer's lead page)."""
    fields = line_fields(product_line)
    return [
        (insurer_label(n, fields[n]), show(fields[n], details[n], language)) for n in fields if n in details
    ]


def show(field: forms.Field, value: Any, language: str) -> str:
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if value in (None, "", [], {}):
        return _("Not given")
    if isinstance(field, CountryListField):
        return listed(countries.names(value, language), language)
    if isinstance(field, PatentsField):
        labels = {k: str(v) for k, v in PATENT_OFFICES}
        return listed([f"{labels[k]}: {v}" for k, v in value.items()], language)
    if isinstance(field, PerPersonField):  # one per person, in the ages' order: no "and"
        labels = {str(k): str(v) for k, v in field.choices}
        separator = "、" if language.lower().startswith("zh") else ", "
        return separator.join(labels.get(str(v), str(v)) for v in value)
    if isinstance(field, MoneyField):
        return f"{CURRENCY_MARKS.get(field.currency, field.currency + ' ')}{Decimal(value):,}"
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(k): str(v) for k, v in choices}
        values = value if isinstance(value, list) else [value]
        return listed([labels.get(str(v), str(v)) for v in values], language)
    if isinstance(value, list):
        return listed([str(v) for v in value], language)
    return str(value)


def _worth_a_row(form: EnquiryForm, name: str) -> bool:
    """The group's other company's answers only for a group; the insurer choice only if made."""
    if name.startswith(("group_entity_", "consent_group_")) and name != "group_entity_jurisdiction":
        return bool(form.cleaned_data.get("group_entity_jurisdiction"))
    return name != "insurers" or bool(form.cleaned_data.get("insurers"))


def listed(items: list[str], language: str) -> str:
    """A list as the language writes one: "Germany and United Kingdom", 「德國及英國」."""
    return format_list(items, locale=countries.LOCALES.get(language.lower(), "en")) if items else ""


def summary(form: EnquiryForm, language: str) -> list[dict[str, Any]]:
    sections = []
    page = reverse("enquiry-create", kwargs={"product_line": form.cleaned_data["product_line"]})
    for step in steps(str(form.cleaned_data["product_line"]))[:-1]:
        rows = [
            {
                "label": form[name].label,
                "value": display(form, name, language),
                "href": f"{page}?{urlencode({'step': step['key'], 'change': 1})}#{anchor(form, name)}",
                "name": name,
            }
            for name in form.step_fields(step["key"])
            if _worth_a_row(form, name)
        ]
        sections.append({**step, "rows": rows})
    return sections
