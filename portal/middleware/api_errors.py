"""Every refusal under /api/ in the JSON error shape of `portal.jsonerrors`, whoever answered it.

Views answer their own errors in that shape; what answers before or instead of them does not:
Django's `require_POST` and django-ninja's router (405 as plain text), an unknown address (the
HTML 404 page), the 500 page. A client branches on `errors.__all__[0].code` for every one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from portal import jsonerrors

# The status's code and message, as the API documentation lists them.
REFUSALS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "the request is not valid"),
    403: ("forbidden", "this request is not allowed"),
    404: ("not_found", "there is nothing at this address"),
    405: ("method_not_allowed", "this address does not take {method}; use {allowed}"),
    413: ("too_large", "request body too large"),
    429: ("throttled", "too many requests; try again later"),
}
SERVER_ERROR = ("server_error", "the server could not answer; try again later")


class JsonApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path_info.startswith("/api/")
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        return as_json(request, response)


def as_json(request: HttpRequest, response: HttpResponse) -> JsonResponse:
    """The refusal in the one shape, keeping its status and the headers a client acts on."""
    code, message = REFUSALS.get(response.status_code, SERVER_ERROR)
    text = message.format(method=request.method, allowed=response.get("Allow", ""))
    body = {"errors": {"__all__": [jsonerrors.error(text, code)]}, "detail": text}
    converted = JsonResponse(body, status=response.status_code)
    for header in ("Allow", "Retry-After", "WWW-Authenticate", "Cache-Control"):
        if header in response:
            converted[header] = response[header]
    return converted
