"""The insurers' REST API (django-ninja; OpenAPI at /api/insurer/openapi.json, docs at /api/insurer/docs).

Every request carries `Authorization: Bearer <token>`; the token names one insurer and every
query is scoped to it, so another insurer's lead is simply not found.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import Field, StrictBool, field_validator
from pydantic_core import PydanticCustomError

from crossborder import leads, quotes, withdrawals
from crossborder.line_fields import json_values, line_fields
from crossborder.models import InsurerToken, Lead, hash_token
from crossborder.services import SHARED_DETAILS
from portal import jsonerrors
from portal.jsonsafe import NotAnObject, SafeParser
from portal.models import Insurer


class InsurerBearer(HttpBearer):
    """`Authorization: Bearer <token>`; a refusal says which of the three things is wrong
    (RFC 6750: no token, a header not in that form, a token unknown or revoked)."""

    def __call__(self, request: HttpRequest) -> Insurer | None:
        header = request.headers.get(self.header, "")
        if not header.strip():
            raise AuthenticationError(message="send the header Authorization: Bearer <token>")
        scheme, _space, token = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip() or " " in token.strip():
            raise AuthenticationError(message="malformed Authorization header: send Bearer <token>")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Insurer | None:
        found = (
            InsurerToken.objects.select_related("insurer")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if found is None:
            raise AuthenticationError(message=INVALID_TOKEN)
        return found.insurer


# Unknown and revoked are one message: telling them apart would confirm that a token once existed.
INVALID_TOKEN = "this token is not valid: it is unknown or revoked"  # noqa: S105 (a message, not a secret)


# The served docs' introduction (/api/insurer/openapi.json `info.description`, /api/insurer/docs):
# how an insurer gets connected, the README's "Insurers: getting connected" in short.
DESCRIPTION = """\
Leads routed to one insurer, and what it does with them (accept, decline, quote, outcome, withdrawals).

**Getting connected** (portal staff do these in admin, `/admin/`):

1. *Token*: admin → Insurer tokens → add. The token is shown once; send it to the insurer over a \
secure channel (only its SHA-256 is stored). Every request carries `Authorization: Bearer <token>`. \
To rotate, issue a new token and set "revoked at" on the old one.
2. *Dashboard users*: create a user, then admin → Insurer members links it to the insurer; they sign \
in at `/<lang>/enquiries/insurer/login/`. Demo insurers have no users or tokens until staff add them.
3. *Webhook*: on the insurer's appetite set `webhook_url` (HTTPS, public address) and \
`webhook_secret`, a random string shared out of band.

**Verifying a webhook**: each POST has `X-Portal-Delivery` (idempotency key, the same on every \
retry), `X-Portal-Timestamp` (Unix seconds) and `X-Portal-Signature: v1=<hex>`, where hex is \
HMAC-SHA256(secret, timestamp + "." + raw body). Compare in constant time, refuse timestamps more \
than 300 s away, apply each delivery id once, and answer 2xx once stored (5xx, 408 and 429 are \
retried; other 4xx are final).

**Errors** all have one shape, `{"errors": {field: [{"message", "code"}]}, "detail": "<the first \
message>"}`; `__all__` is an error of the request as a whole. 400: bad fields, or a body that is not \
a JSON object (`invalid_json`, `not_an_object`); 401 (`unauthorized`, with `WWW-Authenticate: Bearer`): no token, a \
header not in the form `Bearer <token>`, or a token unknown or revoked, each said in the message; \
405 (`method_not_allowed`, with `Allow`): the wrong method; \
404 (`not_found`): a lead that is not this insurer's; 409 (`conflict`): an impossible transition; \
413: a body that is too large.
"""

api = NinjaAPI(
    title="GBA Cover Portal: insurer leads API",
    description=DESCRIPTION,
    version="1",
    urls_namespace="insurer-api",
    auth=InsurerBearer(),
    docs_url="/docs",
    parser=SafeParser(),  # a 5,000-level body or an unpaired surrogate is a 400, not a 500
)


def _lead_doc() -> str:
    """The lead object's fields and, per product line, its `details`: built from the form
    definitions, so the docs name every field an insurer can receive and its values."""
    lines = [
        "The lead as the webhook sends it: `reference`, `product_line`, `applicant_jurisdiction`, "
        "`contact` {name, email, phone, language}, `flags`, and `details`, the line's quoting "
        "answers (a field the applicant left empty is absent):"
    ]
    for line, names in SHARED_DETAILS.items():
        fields = line_fields(line)
        lines.append(f"- `{line}`: " + "; ".join(f"`{n}` ({json_values(fields[n])})" for n in names))
    return "\n".join(lines)


class LeadOut(Schema):
    delivery_id: UUID
    reference: str
    status: str
    created_at: datetime
    ack_due_at: datetime | None
    lead: dict[str, Any] = Field(description=_lead_doc())
    quote_amount: Decimal | None
    quote_currency: str
    quote_valid_until: date | None


class DeclineIn(Schema):
    reason: str = ""


class QuoteIn(Schema):
    amount: Decimal
    currency: str = "HKD"
    valid_until: date
    # Refused when longer, never cut: the applicant reads the notes as sent.
    notes: str = Field("", max_length=leads.NOTES_MAX_CHARS)

    @field_validator("amount", mode="before")
    @classmethod
    def _money(cls, value: object) -> Decimal:
        try:
            return quotes.premium_from(value)
        except DjangoValidationError as exc:
            raise PydanticCustomError(exc.code or "invalid", str(exc.messages[0])) from None

    @field_validator("currency", mode="before")
    @classmethod
    def _currency(cls, value: object) -> str:
        try:
            return quotes.currency_from(value)
        except DjangoValidationError as exc:
            raise PydanticCustomError(exc.code or "invalid", str(exc.messages[0])) from None


class OutcomeIn(Schema):
    won: StrictBool  # "yes" or 1 is refused: only true or false says which outcome is meant


class ErrorOut(Schema):
    """Every error's body (see `_errors`)."""

    errors: dict[str, list[dict[str, str]]]
    detail: str


class DoneOut(Schema):
    detail: str


def _out(lead: Lead) -> LeadOut:
    return LeadOut(
        delivery_id=lead.delivery_id,
        reference=lead.enquiry.reference,
        status=lead.status,
        created_at=lead.created_at,
        ack_due_at=lead.ack_due_at,
        lead=lead.payload,
        quote_amount=lead.quote_amount,
        quote_currency=lead.quote_currency,
        quote_valid_until=lead.quote_valid_until,
    )


def _insurer(request: HttpRequest) -> Insurer:
    insurer: Insurer = getattr(request, "auth")  # noqa: B009 (set by the bearer auth; not in the stubs)
    return insurer


def _lead(request: HttpRequest, delivery_id: UUID) -> Lead:
    lead = leads.leads_of(_insurer(request)).filter(delivery_id=delivery_id).first()
    if lead is None:  # another insurer's lead is not found either
        raise Http404("no such lead")
    return lead


def _actor(request: HttpRequest) -> str:
    return f"api:{_insurer(request).slug}"


def _errors(request: HttpRequest, errors: jsonerrors.FieldErrors, status: int) -> Any:
    """Every error of this API: the one JSON error shape, plus `detail` (its first message), the
    key 401/404/409 bodies had before, which clients may still read."""
    first = next((e["message"] for items in errors.values() for e in items), "")
    return api.create_response(request, {"errors": errors, "detail": first}, status=status)


def _whole(request: HttpRequest, message: object, code: str, status: int) -> Any:
    return _errors(request, {"__all__": [jsonerrors.error(message, code)]}, status)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> Any:
    """400 naming every bad field, in the shape of the enquiries API."""
    errors: jsonerrors.FieldErrors = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        field = loc[-1] if loc else "__all__"
        errors.setdefault(field, []).append(
            jsonerrors.error(error.get("msg", ""), str(error.get("type", "")) or "invalid")
        )
    return _errors(request, errors, 400)


# ninja's own refusals by status: the code a client branches on.
HTTP_CODES = {400: "invalid_json", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict"}


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> Any:
    """ninja's own refusals: a body it cannot parse (or that is not an object), a bad token."""
    if isinstance(exc.__cause__, NotAnObject):
        return _whole(request, exc.__cause__, "not_an_object", 400)
    response = _whole(request, exc, HTTP_CODES.get(exc.status_code, "error"), exc.status_code)
    if isinstance(exc, AuthenticationError):  # RFC 6750 §3: how to authenticate, and what failed
        failure = ', error="invalid_token"' if str(exc) == INVALID_TOKEN else ', error="invalid_request"'
        missing = not request.headers.get("Authorization", "").strip()
        response["WWW-Authenticate"] = f'Bearer realm="insurer-api"{"" if missing else failure}'
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> Any:
    return _whole(request, str(exc) or "not found", "not_found", 404)


@api.exception_handler(leads.QuoteError)
def quote_error(request: HttpRequest, exc: leads.QuoteError) -> Any:
    return _errors(request, exc.errors, 400)


@api.exception_handler(leads.TransitionError)
def transition_error(request: HttpRequest, exc: leads.TransitionError) -> Any:
    return _whole(request, exc, "conflict", 409)


@api.get("/leads", response=list[LeadOut], summary="This insurer's leads, newest first")
def list_leads(request: HttpRequest, status: str | None = None, limit: int = 100) -> list[LeadOut]:
    qs = leads.leads_of(_insurer(request))
    if status:
        qs = qs.filter(status=status)
    return [_out(lead) for lead in qs[: max(1, min(limit, 500))]]


@api.get("/leads/{delivery_id}", response=LeadOut)
def get_lead(request: HttpRequest, delivery_id: UUID) -> LeadOut:
    return _out(_lead(request, delivery_id))


@api.post("/leads/{delivery_id}/accept", response={200: LeadOut, 409: ErrorOut})
def accept_lead(request: HttpRequest, delivery_id: UUID) -> LeadOut:
    return _out(leads.accept(_lead(request, delivery_id), _actor(request)))


@api.post("/leads/{delivery_id}/decline", response={200: LeadOut, 409: ErrorOut})
def decline_lead(request: HttpRequest, delivery_id: UUID, body: DeclineIn) -> LeadOut:
    return _out(leads.decline(_lead(request, delivery_id), _actor(request), body.reason))


@api.post("/leads/{delivery_id}/quote", response={200: LeadOut, 409: ErrorOut})
def quote_lead(request: HttpRequest, delivery_id: UUID, body: QuoteIn) -> LeadOut:
    lead = leads.quote(
        _lead(request, delivery_id),
        _actor(request),
        amount=body.amount,
        currency=body.currency,
        valid_until=body.valid_until,
        notes=body.notes,
    )
    return _out(lead)


@api.post("/leads/{delivery_id}/outcome", response={200: LeadOut, 409: ErrorOut})
def lead_outcome(request: HttpRequest, delivery_id: UUID, body: OutcomeIn) -> LeadOut:
    return _out(leads.outcome(_lead(request, delivery_id), _actor(request), body.won))


class WithdrawalOut(Schema):
    delivery_id: UUID
    reference: str
    withdrawn_at: datetime
    acknowledged_at: datetime | None


@api.get(
    "/withdrawals",
    response=list[WithdrawalOut],
    summary="Leads of this insurer whose applicants withdrew consent: erase your copy, then acknowledge",
)
def list_withdrawals(
    request: HttpRequest, since: datetime | None = None, limit: int = 100
) -> list[WithdrawalOut]:
    rows = withdrawals.withdrawals_for(_insurer(request), since=since)[: max(1, min(limit, 500))]
    return [
        WithdrawalOut(
            delivery_id=row.lead_delivery_id,
            reference=row.reference,
            withdrawn_at=row.withdrawn_at,
            acknowledged_at=row.acknowledged_at,
        )
        for row in rows
    ]


@api.post("/withdrawals/{delivery_id}/acknowledge", response={200: DoneOut, 404: ErrorOut})
def acknowledge_withdrawal(request: HttpRequest, delivery_id: UUID) -> DoneOut:
    if not withdrawals.acknowledge(_insurer(request), delivery_id):
        raise Http404("no such withdrawal")
    return DoneOut(detail="acknowledged")
