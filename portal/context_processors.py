from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def operator(request: HttpRequest) -> dict[str, object]:
    """The operator's identity and whether insurers pay it: shown on every page (domain brief §8)."""
    return {
        "operator_name": settings.OPERATOR_NAME,
        "operator_licence": settings.OPERATOR_LICENCE,
        "operator_paid_by_insurers": settings.OPERATOR_PAID_BY_INSURERS,
    }
