"""The GBA-medical quote fields of the domain brief §1.4 (sex and smoker per person, area of cover,
ward class, deductible, riders, hospitals, existing cover) and the pension line's interests (§2):
validated alike on the form and the JSON API, shared with the insurer, named in its API docs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from crossborder.forms import EnquiryForm
from crossborder.line_fields import line_fields
from crossborder.models import Enquiry
from crossborder.wizard import describe_details
from tests.crossborder.conftest import MEDICAL, submit

pytestmark = pytest.mark.django_db

API_MEDICAL: dict[str, Any] = {
    "product_line": "gba_medical",
    "applicant_jurisdiction": "HK",
    "contact_name": "Chan Tai Man",
    "email": "chan@example.com",
    "language": "en",
    "consents": ["process", "share"],
    "details": {
        "insured_relationships": ["self", "spouse"],
        "ages": [42, 40],
        "sexes": ["female", "male"],
        "smokers": [False, True],
        "residency_status": "hk_permanent",
        "city_of_residence": "HK",
        "area_of_cover": "Greater China",
    },
}


@pytest.fixture(autouse=True)
def no_throttles(settings: Any) -> None:
    settings.THROTTLES_ENABLED = False  # several API posts from one test client


def post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/enquiries/", json.dumps(body), content_type="application/json")


def with_details(**changes: Any) -> dict[str, Any]:
    details = {k: v for k, v in {**API_MEDICAL["details"], **changes}.items() if v is not None}
    return {**API_MEDICAL, "details": details}


def test_the_brief_s_required_medical_answers_are_asked_for_by_name(client: Client, appetite: None) -> None:
    response = post(client, with_details(sexes=None, smokers=None, area_of_cover=None))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {name: [e["code"] for e in errors[name]] for name in ("sexes", "smokers", "area_of_cover")} == {
        "sexes": ["required"],
        "smokers": ["required"],
        "area_of_cover": ["required"],
    }
    assert errors["area_of_cover"][0]["message"] == "Select where the cover should apply"
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"area_of_cover": "moon"}, "area_of_cover", "invalid_choice"),
        ({"deductible_hkd": 7000}, "deductible_hkd", "invalid_choice"),
        ({"ward_class": "suite"}, "ward_class", "invalid_choice"),
        ({"riders": ["outpatient", "cosmetic"]}, "riders", "invalid_choice"),
        ({"existing_cover": ["none", "vhis"]}, "existing_cover", "none_and_other"),
        ({"sexes": ["female", "x"]}, "sexes", "invalid_choice"),
        ({"sexes": ["female"]}, "sexes", "count_mismatch"),
        ({"smokers": [False, True, False]}, "smokers", "count_mismatch"),
        ({"area_of_cover": ["HK", "Asia"]}, "area_of_cover", "single_value"),
    ],
)
def test_a_wrong_answer_is_a_400_naming_the_field(
    client: Client, appetite: None, changes: dict[str, Any], field: str, code: str
) -> None:
    response = post(client, with_details(**changes))
    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"][field]] == [code]


def test_every_answer_reaches_the_insurer_as_stated(client: Client, appetite: None) -> None:
    body = with_details(
        ward_class="semi_private",
        deductible_hkd=10000,
        riders=["outpatient", "dental"],
        preferred_hospitals=["hk_private", "gba_public"],
        existing_cover=["vhis", "group"],
        sexes="F, M",  # a typed list reads as a JSON one
    )
    response = post(client, body)
    assert response.status_code == 201, response.content
    lead = Enquiry.objects.get(reference=response.json()["reference"]).leads.first()
    assert lead is not None
    details = lead.payload["details"]
    assert {k: details[k] for k in body["details"] if k not in ("sexes",)} == {
        **{k: v for k, v in body["details"].items() if k != "sexes"},
    }
    assert details["sexes"] == ["female", "male"] and details["smokers"] == [False, True]
    with translation.override("zh-hant"):
        shown = dict(describe_details("gba_medical", details, "zh-hant"))
    assert shown["保障地區"] == "大中華（內地、香港、澳門及台灣）"
    assert shown["每位受保人是否吸煙？"] == "不吸煙、吸煙", "in the ages' order, not joined by “and”"
    assert shown["希望的自負額（港元）"] == "HK$10,000"
    assert shown["申請人現有的醫療保障"] == "自願醫保認可計劃（VHIS）及僱主提供的團體保障"


def test_an_existing_client_without_the_optional_fields_still_gets_a_201(
    client: Client, appetite: None
) -> None:
    assert post(client, API_MEDICAL).status_code == 201


def test_answers_typed_in_chinese_are_read_and_errors_are_in_chinese(client: Client, appetite: None) -> None:
    data = {**MEDICAL, "ages": "42, 9", "insured_relationships": ["self", "child"], "sexes": "女、男"}
    with translation.override("zh-hant"):
        form = EnquiryForm({**data, "smokers": "否，否"}, product_line="gba_medical")
        assert form.is_valid(), form.errors
        assert (form.cleaned_data["sexes"], form.cleaned_data["smokers"]) == (
            ["female", "male"],
            [False, False],
        )
        wrong = EnquiryForm({**data, "smokers": "否"}, product_line="gba_medical")
        assert wrong.errors["smokers"] == ["您輸入了 2 個年齡：請按相同次序為每人各填一個答案。"]
    page = client.post("/zh-hans/enquiries/new/gba_medical/", {**data, "sexes": "女、?"}).content.decode()
    assert "我们无法读取 “?”：请为每人填写女或男。" in page


def test_the_form_submits_the_new_answers_and_the_chat_can_prefill_them(
    client: Client, appetite: None
) -> None:
    enquiry = submit(client, "gba_medical", {**MEDICAL, "deductible_hkd": "100000", "riders": ["maternity"]})
    assert enquiry.details["deductible_hkd"] == 100_000 and enquiry.details["riders"] == ["maternity"]
    form = client.get(
        "/en/enquiries/new/gba_medical/?area_of_cover=Asia&riders=dental,maternity&sexes=F&smokers=no"
    ).context["form"]
    assert form["area_of_cover"].value() == "Asia"
    assert form["riders"].value() == ["dental", "maternity"]
    assert (form["sexes"].value(), form["smokers"].value()) == ("F", "no")


def test_pension_interests_are_optional_checked_and_shared(client: Client, appetite: None) -> None:
    body = {
        **API_MEDICAL,
        "product_line": "pension",
        "details": {"age": 62, "lump_sum_band_hkd": "1m-5m", "city_of_residence": "HK"},
    }
    assert post(client, body).status_code == 201, "optional: existing clients keep working"
    bad = post(client, {**body, "details": {**body["details"], "interests": ["crypto"]}})
    assert [e["code"] for e in bad.json()["errors"]["interests"]] == ["invalid_choice"]
    body["email"] = "lee@example.com"
    good = post(client, {**body, "details": {**body["details"], "interests": ["deferred_annuity"]}})
    lead = Enquiry.objects.get(reference=good.json()["reference"]).leads.first()
    assert lead is not None and lead.payload["details"]["interests"] == ["deferred_annuity"]


def test_the_insurer_api_docs_name_every_field_a_lead_can_carry(client: Client, db: None) -> None:
    schema = client.get("/api/insurer/openapi.json").json()
    doc = json.dumps(schema["components"]["schemas"]["LeadOut"]["properties"]["lead"])
    for line in ("gba_medical", "pension"):
        for name in line_fields(line):
            assert f"`{name}`" in doc, (line, name)
    assert "worldwide excl. US" in doc and "female | male" in doc and "0 | 5000" in doc


def test_a_parent_insuring_a_child_is_routed_and_a_minor_insuring_themselves_is_not(
    client: Client, appetite: None
) -> None:
    """R11 blocks an applicant under 18; the child's age on a family quote had blocked the parent."""
    family = post(client, with_details(insured_relationships=["self", "child"], ages=[42, 9]))
    assert Enquiry.objects.get(reference=family.json()["reference"]).status == Enquiry.Status.ROUTED
    minor = {**with_details(insured_relationships=["self"], ages=[16], sexes=["male"], smokers=[False])}
    minor["email"] = "young@example.com"
    enquiry = Enquiry.objects.get(reference=post(client, minor).json()["reference"])
    assert enquiry.status == Enquiry.Status.BLOCKED and "R11" in enquiry.routing_log[0]["reason"]


def test_an_age_out_of_range_and_a_count_mismatch_are_both_said_each_naming_its_field(
    client: Client, appetite: None
) -> None:
    """Tester B, D13: ages "68, 150" with one sex gave only "Each must be between 0 and 80"."""
    from tests.crossborder.test_wizard import page

    with translation.override("zh-hant"):
        ages_label = str(EnquiryForm(product_line="gba_medical")["ages"].label).rstrip("?？:： ")
        sexes_label = str(EnquiryForm(product_line="gba_medical")["sexes"].label).rstrip("?？:： ")
    data = {k: v for k, v in MEDICAL.items() if k not in ("consent_process", "consent_share")}
    response = client.post("/zh-hant/enquiries/new/gba_medical/", {**data, "ages": "68, 150", "sexes": "F"})
    links = {a["href"]: a.get_text(strip=True) for a in page(response).select(".error-summary a")}
    assert links["#id_ages"].startswith(ages_label) and "80" in links["#id_ages"]
    assert links["#id_sexes"].startswith(sexes_label) and "2" in links["#id_sexes"], links
