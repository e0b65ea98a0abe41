"""The one error shape of every JSON endpoint: `{"errors": {field: [{"message", "code"}]}}`.

`__all__` names an error of the whole body (not JSON, too large, not an object). Views collect
every bad field before answering, so a client fixes a payload in one round trip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.http import JsonResponse

FieldErrors = dict[str, list[dict[str, str]]]


def error(message: Any, code: str) -> dict[str, str]:
    return {"message": str(message), "code": code}


def from_form(errors: Mapping[str, Sequence[Mapping[str, Any]]]) -> FieldErrors:
    """A Django form's `errors.get_json_data()`, or any {field: [{"message", "code"}]}, normalised."""
    return {
        field: [error(e.get("message", ""), str(e.get("code") or "invalid")) for e in items]
        for field, items in errors.items()
    }


def response(errors: FieldErrors, status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def body_error(message: Any, code: str, status: int = 400) -> JsonResponse:
    """An error of the whole body."""
    return response({"__all__": [error(message, code)]}, status=status)
