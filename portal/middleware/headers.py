"""Response headers for privacy and the browser's own defences (issue 13, Low findings).

- `Cache-Control: no-store` on private pages (an applicant's status page, the insurer dashboard,
  admin, the JSON APIs): a shared computer's cache or a proxy must not keep them.
- In production, a Content-Security-Policy without inline script and a Permissions-Policy that
  switches off what the portal never uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@lru_cache(maxsize=1)
def _private() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in settings.PRIVATE_PATH_PATTERNS))


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _private().search(request.path_info):
            response["Cache-Control"] = "no-store"
        if settings.CONTENT_SECURITY_POLICY:
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if settings.PERMISSIONS_POLICY:
            response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
