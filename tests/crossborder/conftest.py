from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from crossborder.models import Enquiry

BASE = {
    "applicant_jurisdiction": "HK",
    "contact_name": "Chan Tai Man",
    "email": "chan@example.com",
    "phone": "+852 9123 4567",
    "language": "en",
    "consent_process": "on",
    "consent_share": "on",
}
EXPORT = {
    **BASE,
    "product_line": "export_credit",
    "annual_turnover_hkd": "18000000",
    "destination_countries": "US, DE",
}
# One HK adult's GBA-medical answers: every required field (domain brief §1.4), nothing optional.
MEDICAL = {
    **BASE,
    "product_line": "gba_medical",
    "insured_relationships": ["self"],
    "ages": "45",
    "sexes": "F",
    "smokers": "no",
    "residency_status": "hk_permanent",
    "city_of_residence": "HK",
    "area_of_cover": "HK+GBA",
}


@pytest.fixture
def appetite(demo_catalogue: None) -> None:
    call_command("load_appetite", verbosity=0, stdout=None)


def submit(client: Client, line: str, data: dict[str, Any], lang: str = "en") -> Enquiry:
    response = client.post(f"/{lang}/enquiries/new/{line}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Enquiry.objects.get(access_token=response["Location"].rstrip("/").rsplit("/", 1)[1])
