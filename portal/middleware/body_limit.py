"""Too-large JSON bodies are a 413 in the JSON error shape, logged on one line (issue 13, F2).

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE by raising `RequestDataTooBig` from
`request.body`, wherever that is first read (the throttle reads it before the view), which
became an HTML 400 and a logged traceback. This runs before anything reads the body and answers
from the declared length alone, the same test Django makes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from portal import jsonerrors

logger = logging.getLogger(__name__)


class JsonBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _is_json(request) and (length := _length(request)) > limit:
            logger.warning("refused a %d-byte body to %s (limit %d)", length, request.path, limit)
            return jsonerrors.body_error("request body too large", "too_large", status=413)
        return self.get_response(request)


def _is_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json" or request.path_info.startswith("/api/")


def _length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
