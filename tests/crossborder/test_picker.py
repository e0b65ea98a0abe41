"""The insurer picker lists only the insurers the routing rules match for the applicant, and the
form and the API accept a choice among those only."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from crossborder.models import Enquiry
from tests.crossborder.conftest import BASE, MEDICAL, submit
from tests.crossborder.test_boundary import SHENZHEN_SELLER

pytestmark = pytest.mark.django_db
SHENZHEN_MATCHES = {"yantian-port-insurance", "shekou-harbour-insurance"}  # without cross-boundary consent


def picker(response: object) -> set[str]:
    form = response.context["form"]  # type: ignore[attr-defined]
    assert form.matches is not None, "the picker is shown"
    html = response.content.decode()  # type: ignore[attr-defined]
    listed = {slug for slug, _ in form.fields["insurers"].choices}
    assert all(f'value="{slug}"' in html for slug in listed)
    return listed


def test_picker_appears_only_once_the_answers_are_known_and_lists_the_matches(
    client: Client, appetite: None
) -> None:
    page = client.get("/en/enquiries/new/ecommerce/")
    assert page.context["form"].matches is None
    assert 'type="checkbox" name="insurers"' not in page.content.decode()
    assert 'value="tai-po-mutual"' not in page.content.decode()  # offers e-commerce, but not listed yet
    preview = client.post("/en/enquiries/new/ecommerce/", {**SHENZHEN_SELLER, "preview": "1"})
    assert preview.status_code == 200 and not Enquiry.objects.exists()
    assert picker(preview) == SHENZHEN_MATCHES  # the HK-based insurers would need cross-boundary consent
    consenting = {**SHENZHEN_SELLER, "consent_cross_boundary": "on", "preview": "1"}
    assert picker(client.post("/en/enquiries/new/ecommerce/", consenting)) == SHENZHEN_MATCHES | {
        "sham-shui-po-general",
        "tai-po-mutual",
    }
    hk_us = {
        **BASE,
        "product_line": "ecommerce",
        "seller_jurisdiction": "HK",
        "platforms": ["Amazon"],
        "markets": "US",
        "preview": "1",
    }
    # US listing (R7): only the HK insurer placing US product liability.
    assert picker(client.post("/en/enquiries/new/ecommerce/", hk_us)) == {"sham-shui-po-general"}


def test_a_choice_outside_the_matches_is_refused_and_nothing_stored(client: Client, appetite: None) -> None:
    response = client.post(
        "/en/enquiries/new/ecommerce/", {**SHENZHEN_SELLER, "insurers": ["sham-shui-po-general"]}
    )
    assert response.status_code == 200 and not Enquiry.objects.exists()
    errors = response.context["form"].errors["insurers"]
    assert "Sham Shui Po" in errors[0] and "match your answers" in errors[0]
    assert picker(response) == SHENZHEN_MATCHES  # shown again, with the matches only
    enquiry = submit(client, "ecommerce", {**SHENZHEN_SELLER, "insurers": ["yantian-port-insurance"]})
    assert list(enquiry.leads.values_list("insurer__slug", flat=True)) == ["yantian-port-insurance"]


def test_underwriter_only_cases_choose_one(client: Client, appetite: None) -> None:
    medical = {
        **MEDICAL,
        "health_flag": "on",
        "consent_sensitive": "on",
    }
    preview = client.post("/en/enquiries/new/gba_medical/", {**medical, "preview": "1"})
    assert picker(preview) == {"lantau-peak-health"}  # the only HK insurer taking R9 cases
    two = client.post(
        "/en/enquiries/new/gba_medical/",
        {**medical, "insurers": ["lantau-peak-health", "tung-chung-bridge-life"]},
    )
    assert "insurers" in two.context["form"].errors and not Enquiry.objects.exists()


def test_the_api_validates_the_choice_the_same_way_and_lists_the_matches(
    client: Client, appetite: None
) -> None:
    body = {
        "product_line": "ecommerce",
        "applicant_jurisdiction": "Shenzhen",
        "contact_name": "Lam",
        "email": "lam@example.com",
        "details": {"seller_jurisdiction": "mainland", "platforms": ["Shopee"], "markets": ["SG"]},
        "consents": ["process", "share"],
    }

    def post(path: str, payload: dict[str, object]) -> tuple[int, dict[str, object]]:
        r = client.post(path, json.dumps(payload), content_type="application/json")
        return r.status_code, r.json()

    status, found = post("/api/enquiries/matches/", {**body, "consents": []})
    assert status == 200 and {i["slug"] for i in found["insurers"]} == SHENZHEN_MATCHES  # type: ignore[union-attr]
    status, found = post("/api/enquiries/matches/", {**body, "consents": ["cross_boundary"]})
    assert "sham-shui-po-general" in {i["slug"] for i in found["insurers"]}  # type: ignore[union-attr]
    status, errors = post("/api/enquiries/", {**body, "insurers": ["sham-shui-po-general"]})
    assert status == 400
    assert errors["errors"]["insurers"][0]["code"] == "not_matching"  # type: ignore[index]
    assert not Enquiry.objects.exists()
    status, created = post(
        "/api/enquiries/",
        {**body, "insurers": ["sham-shui-po-general"], "consents": ["process", "share", "cross_boundary"]},
    )
    assert status == 201 and created["insurers"] == ["sham-shui-po-general"]
    assert post("/api/enquiries/matches/", {**body, "applicant_jurisdiction": "Mars"})[0] == 400
