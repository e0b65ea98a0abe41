"""JSON from clients, refused cleanly when it is hostile: nested deeper than any real request, or
holding an unpaired surrogate (valid JSON, but no valid text: PostgreSQL and UTF-8 encoders fail
on it later, as a 500). One parser for the JSON endpoints, the insurer API and the WebSocket."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

# Our deepest real body is an enquiry with a group entity and its consents: depth 3.
MAX_DEPTH = 32


def loads(data: str | bytes) -> Any:
    """`json.loads`, raising ValueError for a body too deep or with an unpaired surrogate."""
    text = data.decode("utf-8") if isinstance(data, bytes | bytearray) else data
    if _depth(text) > MAX_DEPTH:
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
    value = json.loads(text)
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the JSON holds an unpaired surrogate (\\ud800–\\udfff)") from None
    return value


def _depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings, found without recursion."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class NotAnObject(ValueError):
    """Valid JSON, but not the object an endpoint takes (an array, a string, a number)."""


class SafeParser(Parser):
    """django-ninja's body parser through `loads` (its errors become a 400)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        value = loads(request.body)
        if not isinstance(value, dict):  # else every field is "Field required", hiding the cause
            raise NotAnObject("send a JSON object")
        return value
