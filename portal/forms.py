"""The public pages' small forms: their bounds and messages in one place, used by the page too."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MIN_AGE, MAX_AGE = 0, 120


class AgeForm(forms.Form):
    """The compare page's "age last birthday": a word or a fraction is not a whole number, but
    150 or -5 is one out of range, and says so with the field's own bounds."""

    age = forms.IntegerField(
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        error_messages={
            "required": _("Enter an age in whole years, like 45."),
            "invalid": _("Enter an age in whole years, like 45."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Worded here, in the request's language: a lazy string formatted at import stays English.
        field = self.fields["age"]
        bounds = gettext("Enter an age between %(min)s and %(max)s.") % {"min": MIN_AGE, "max": MAX_AGE}
        field.error_messages.update(min_value=bounds, max_value=bounds)
