"""The insurer API's refusals (fresh-eyed journey test, E2, E14, E18): one error shape for 400, 401,
404 and 409, notes refused when too long instead of cut, and an outcome that is strictly a boolean."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from crossborder import leads
from crossborder.models import InsurerToken, Lead
from tests.crossborder.conftest import EXPORT, submit


@pytest.fixture
def accepted_lead(client: Client, appetite: None) -> Lead:
    enquiry = submit(client, "export_credit", EXPORT)
    lead = enquiry.leads.get(insurer__slug="kwun-tong-general")
    lead.status = Lead.Status.ACCEPTED
    lead.save(update_fields=["status"])
    return lead


def _auth(lead: Lead) -> dict[str, str]:
    _, raw = InsurerToken.issue(lead.insurer, "crm")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client: Client, path: str, body: Any, auth: dict[str, str]) -> Any:
    return client.post(f"/api/insurer{path}", body, content_type="application/json", **auth)  # type: ignore[arg-type]


def _quote(**changes: object) -> dict[str, object]:
    until = (timezone.now().date() + timedelta(days=5)).isoformat()
    return {"amount": "12,800", "currency": "HKD", "valid_until": until, **changes}


def _assert_shape(body: dict[str, Any], field: str, code: str) -> None:
    """The README's shape: errors by field, each a message and a code, and `detail` kept."""
    assert set(body) == {"errors", "detail"}, body
    assert [e["code"] for e in body["errors"][field]] == [code], body
    assert body["detail"] == body["errors"][field][0]["message"] != ""


@pytest.mark.django_db
def test_notes_longer_than_the_limit_are_a_400_naming_notes_and_nothing_is_stored(
    accepted_lead: Lead, client: Client
) -> None:
    auth = _auth(accepted_lead)
    path = f"/leads/{accepted_lead.delivery_id}/quote"
    refused = _post(client, path, _quote(notes="x" * 300_000), auth)
    assert refused.status_code == 400
    _assert_shape(refused.json(), "notes", "string_too_long")
    accepted_lead.refresh_from_db()
    assert (accepted_lead.status, accepted_lead.quote_notes) == ("accepted", "")
    at_limit = "y" * leads.NOTES_MAX_CHARS
    assert _post(client, path, _quote(notes=at_limit), auth).status_code == 200
    accepted_lead.refresh_from_db()
    assert accepted_lead.quote_notes == at_limit, "stored whole, not cut"


@pytest.mark.django_db
def test_the_lead_service_refuses_long_notes_for_every_caller(accepted_lead: Lead) -> None:
    with pytest.raises(leads.QuoteError) as refused:
        leads.decline(accepted_lead, "test", "z" * (leads.NOTES_MAX_CHARS + 1))
    assert refused.value.errors["reason"][0]["code"] == "too_long"


@pytest.mark.django_db
def test_401_404_409_and_400_have_one_shape(accepted_lead: Lead, client: Client) -> None:
    auth = _auth(accepted_lead)
    no_token = client.get("/api/insurer/leads")
    assert no_token.status_code == 401
    _assert_shape(no_token.json(), "__all__", "unauthorized")
    missing = client.get("/api/insurer/leads/00000000-0000-4000-8000-000000000000", **auth)  # type: ignore[arg-type]
    assert missing.status_code == 404
    _assert_shape(missing.json(), "__all__", "not_found")
    again = _post(client, f"/leads/{accepted_lead.delivery_id}/accept", {}, auth)
    assert again.status_code == 409
    _assert_shape(again.json(), "__all__", "conflict")
    broken = client.post(
        f"/api/insurer/leads/{accepted_lead.delivery_id}/quote",
        "{not json",
        content_type="application/json",
        **auth,  # type: ignore[arg-type]
    )
    assert broken.status_code == 400
    _assert_shape(broken.json(), "__all__", "invalid_json")
    array = _post(client, f"/leads/{accepted_lead.delivery_id}/quote", [1, 2], auth)
    assert array.status_code == 400
    _assert_shape(array.json(), "__all__", "not_an_object")
    gone = _post(client, "/withdrawals/00000000-0000-4000-8000-000000000000/acknowledge", {}, auth)
    assert gone.status_code == 404
    _assert_shape(gone.json(), "__all__", "not_found")


@pytest.mark.django_db
def test_a_bad_amount_is_explained_with_a_premiums_example(accepted_lead: Lead, client: Client) -> None:
    refused = _post(
        client, f"/leads/{accepted_lead.delivery_id}/quote", _quote(amount="ten"), auth=_auth(accepted_lead)
    )
    assert refused.status_code == 400
    message = refused.json()["errors"]["amount"][0]["message"]
    assert "12,800" in message and "18m" not in message, message


@pytest.mark.django_db
@pytest.mark.parametrize("won", ["yes", "true", 1, 0, None])
def test_outcome_takes_only_true_or_false(accepted_lead: Lead, client: Client, won: object) -> None:
    auth = _auth(accepted_lead)
    assert _post(client, f"/leads/{accepted_lead.delivery_id}/quote", _quote(), auth).status_code == 200
    refused = _post(client, f"/leads/{accepted_lead.delivery_id}/outcome", {"won": won}, auth)
    assert refused.status_code == 400, refused.content
    assert "won" in refused.json()["errors"]
    accepted_lead.refresh_from_db()
    assert accepted_lead.status == "quoted"
    assert (
        _post(client, f"/leads/{accepted_lead.delivery_id}/outcome", {"won": True}, auth).status_code == 200
    )


@pytest.mark.django_db
def test_401_says_which_of_missing_malformed_or_invalid_with_www_authenticate(
    accepted_lead: Lead, client: Client
) -> None:
    """Tester B, D12: missing, wrong and `Token …` tokens all said only "Unauthorized"."""
    token, raw = InsurerToken.issue(accepted_lead.insurer, "old")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    cases = {
        "": ("authorization: bearer", None),
        "Token abc": ("malformed", "invalid_request"),
        "Bearer": ("malformed", "invalid_request"),
        "Bearer not-a-token": ("unknown or revoked", "invalid_token"),
        f"Bearer {raw}": ("unknown or revoked", "invalid_token"),
    }
    for header, (said, error) in cases.items():
        extra = {"HTTP_AUTHORIZATION": header} if header else {}
        refused = client.get("/api/insurer/leads", **extra)  # type: ignore[arg-type]
        assert refused.status_code == 401, header
        _assert_shape(refused.json(), "__all__", "unauthorized")
        assert said in refused.json()["detail"].lower(), (header, refused.json())
        challenge = refused["WWW-Authenticate"]
        assert challenge.startswith("Bearer realm=")
        assert (f'error="{error}"' in challenge) if error else ("error=" not in challenge)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/insurer/leads/00000000-0000-4000-8000-000000000000/accept"),
        ("delete", "/api/insurer/leads"),
        ("get", "/api/enquiries/"),
        ("put", "/api/enquiries/matches/"),
        ("get", "/api/chat/contact/"),
        ("get", "/api/no-such-endpoint/"),
    ],
)
def test_every_api_refusal_is_json_in_the_one_shape(
    accepted_lead: Lead, client: Client, method: str, path: str
) -> None:
    """Tester B, D12: a wrong method answered `405` in plain text; an unknown address in HTML."""
    response = getattr(client, method)(path, **_auth(accepted_lead))
    assert response.status_code in (404, 405), response.status_code
    assert response["Content-Type"].startswith("application/json")
    code = "method_not_allowed" if response.status_code == 405 else "not_found"
    _assert_shape(response.json(), "__all__", code)
    if response.status_code == 405:
        assert response["Allow"] and response["Allow"] in response.json()["detail"]
