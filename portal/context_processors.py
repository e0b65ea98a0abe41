from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext


def operator(request: HttpRequest) -> dict[str, object]:
    """The operator's identity and whether insurers pay it: shown on every page (domain brief §8).

    The name and licence are settings, looked up in the translation catalogue, so the defaults (and
    any operator's own wording added to the catalogue) read in the page's language.
    """
    return {
        "operator_name": gettext(settings.OPERATOR_NAME),
        "operator_licence": gettext(settings.OPERATOR_LICENCE),
        "operator_paid_by_insurers": settings.OPERATOR_PAID_BY_INSURERS,
    }
