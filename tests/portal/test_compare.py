"""Key facts on product pages, the compare page, corrections and new editions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client

from knowledge.keyfacts.records import keyfacts_for
from knowledge.models import PlanDocument
from portal.comparison import ComparisonError, comparison_check, parse_slugs
from portal.models import KeyFact, Product
from tests.portal.compare_fixtures import attach_demo_documents

pytestmark = pytest.mark.django_db

MEDICAL = ["lantau-bridgecare", "taipo-familycare", "tungchung-twinbay", "dameisha-gangao-ankang"]


@pytest.fixture
def demo_documents(demo_catalogue: None, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    attach_demo_documents()


def test_product_page_shows_key_facts_linked_to_the_viewer(client: Client, demo_documents: None) -> None:
    body = client.get("/en/products/taipo-familycare/").content.decode()
    assert "Annual limit" in body and "HK$2,000,000" in body
    assert (
        "/documents/taipo-familycare/?q=Overall+annual+limit+%28hospital+section%29+%7C+HK%242%2C000%2C000"
        in body
    )
    assert '<th scope="row">' in body


@pytest.mark.parametrize(("prefix", "label"), [("zh-hant", "每年賠償上限"), ("zh-hans", "年度赔偿限额")])
def test_labels_are_translated_and_values_kept_as_stated(
    client: Client, demo_documents: None, prefix: str, label: str
) -> None:
    body = client.get(f"/{prefix}/products/taipo-familycare/").content.decode()
    assert label in body
    assert "HK$2,000,000" in body


def test_edition_history_marks_the_current_edition(client: Client, demo_documents: None) -> None:
    body = client.get("/en/products/lantau-silverharbour/").content.decode()
    assert body.index("2026 edition") < body.index("2025 edition")
    assert "current edition" in body
    assert "HK$120,000" in body  # the 2026 minimum premium, not 2025's HK$150,000


def test_compare_four_plans_side_by_side(client: Client, demo_documents: None) -> None:
    response = client.get("/en/compare/?products=" + ",".join(MEDICAL))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<caption" in body and body.count('<th scope="col">') == 5
    assert body.count('class="differs"') >= 8
    assert "HK$1,500,000" in body and "人民币300万元" in body
    assert "/en/enquiries/new/gba_medical/?insurers=" in body


def test_compare_rows_for_covers_marketplaces_and_qdap(client: Client, demo_documents: None) -> None:
    """Set-valued and yes/no facts compare by what they denote, shown as the documents state them."""
    from portal.comparison import comparison_build, comparison_check

    shops = comparison_check(slugs=["shamshuipo-marketmate", "shekou-kuajing-anxin", "taipo-wangdian-shouwu"])
    rows = {row.key: row for row in comparison_build(products=shops, language="en").rows}
    assert [c.value for c in rows["covers"].cells] == [
        "Product liability · Goods in transit",
        "境外产品责任 · 海外仓存货 · 退货运费",
        "退貨運費 · 海外倉存貨 · 貨物運輸",
    ]
    assert rows["platforms"].cells[0].value == "Amazon, TikTok Shop, Walmart and Temu"
    assert rows["covers"].differs and rows["platforms"].differs
    annuities = comparison_check(slugs=["lantau-silverharbour", "tungchung-yinian"])
    qdap = next(r for r in comparison_build(products=annuities, language="zh-hant").rows if r.key == "qdap")
    assert [c.key() for c in qdap.cells] == ["yes", "no"] and qdap.label == "合資格延期年金保單（QDAP）"
    assert "並非合資格延期年金保單" in qdap.cells[1].value


def test_compare_in_chinese(client: Client, demo_documents: None) -> None:
    body = client.get("/zh-hant/compare/?products=taipo-familycare,lantau-bridgecare").content.decode()
    assert "並列比較計劃" in body and "每年賠償上限" in body


@pytest.mark.parametrize(
    "query",
    ["products=taipo-familycare,kwuntong-tradeguard", "products=a,b,c,d,e", "products=taipo-familycare,nope"],
)
def test_compare_refuses_what_cannot_be_compared(client: Client, demo_documents: None, query: str) -> None:
    response = client.get(f"/en/compare/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_one_plan_opens_the_picker_for_its_line(client: Client, demo_documents: None) -> None:
    body = client.get("/en/compare/?products=taipo-familycare").content.decode()
    assert 'name="products" value="lantau-bridgecare"' in body
    assert 'value="taipo-familycare" checked' in body


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_one_plan_ticked_says_to_choose_another(client: Client, demo_documents: None, language: str) -> None:
    """Journey test E10: one ticked plan brought the picker back with no word of why."""
    body = client.get(f"/{language}/compare/?products=taipo-familycare").content.decode()
    said = {"en": "Choose at least one more plan to compare with", "zh-hant": "請再選擇最少一份計劃"}
    assert 'role="status"' in body and said[language] in body


def test_a_plan_without_a_document_is_not_marked_as_differing(client: Client, demo_documents: None) -> None:
    """Journey test E11: against a plan with no document every row was "differs"."""
    from portal.comparison import comparison_build

    body = client.get("/en/compare/?products=dameisha-yiyang,lantau-silverharbour").content.decode()
    assert 'class="differs"' not in body
    assert "not known and are not compared" in body
    products = comparison_check(slugs=["dameisha-yiyang", "lantau-silverharbour", "tungchung-yinian"])
    comparison = comparison_build(products=products, language="en")
    assert [p.slug for p in comparison.undocumented] == ["dameisha-yiyang"]
    assert comparison.differing, "the two documented plans are still compared"


def test_parse_and_check() -> None:
    assert parse_slugs(" a, b,,a ") == ["a", "b"]
    with pytest.raises(ComparisonError):
        comparison_check(slugs=["only-one"])


def test_a_staff_correction_is_recorded_and_wins(client: Client, demo_documents: None) -> None:
    product = Product.objects.get(slug="taipo-familycare")
    keyfacts_for(product)
    fact = KeyFact.objects.get(product=product, attribute="annual_limit")
    staff = User.objects.create_superuser("staff", "staff@example.com", "pw")
    client.force_login(staff)
    response = client.post(
        f"/en/admin/portal/keyfact/{fact.pk}/change/",
        {
            "corrected_value": "HK$2,000,000 (hospital section)",
            "correction_note": "clarify",
            "needs_review": "",
        },
    )
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.corrected_by == staff and fact.corrected_at is not None
    assert "HK$2,000,000 (hospital section)" in client.get("/en/products/taipo-familycare/").content.decode()


def test_a_new_edition_is_reextracted_and_changes_are_flagged(demo_documents: None) -> None:
    product = Product.objects.get(slug="taipo-familycare")
    before = {f.attribute.key: f.value for f in keyfacts_for(product)}
    assert before["annual_limit"] == "HK$2,000,000"
    text = "Benefits\n\nOverall annual limit: HK$2,500,000 per insured member.\n\nRoom and board, per day: HK$2,000.\n"
    PlanDocument.objects.create(
        doc_id="taipo-familycare-2027",
        product=product,
        title="FamilyCare 2027",
        status=PlanDocument.Status.READY,
        effective_date=dt.date(2026, 11, 1),
        checksum="2027",
        file=ContentFile(text.encode(), name="familycare-2027.txt"),
    )
    after = {f.attribute.key: f for f in keyfacts_for(product)}
    annual = after["annual_limit"].record
    assert annual is not None and annual.value == "HK$2,500,000"
    assert annual.changed and annual.previous_value == "HK$2,000,000" and annual.needs_review
    room = after["room_and_board"].record
    assert room is not None and not room.changed


def test_estimate_on_the_product_page(client: Client, demo_documents: None) -> None:
    # FamilyCare's table is by age next birthday: the visitor gives the age at their last
    # birthday, so 30 reads the 31–40 row and 29 the 18–30 row; the page says so.
    base = "/en/products/taipo-familycare/?table=0&option=Hospital+section&age="
    at_30 = client.get(base + "30").content.decode()
    assert "6,540" in at_30 and "by age next birthday: read at 31" in at_30
    assert "HK$6,540" in at_30  # the table's note gives the currency, printed as pages print money
    assert "birthday) ." not in at_30 and "read at 31)." in at_30  # no stray space before the stop
    assert "5,260" in client.get(base + "29").content.decode()
    refused = client.get("/en/products/tungchung-twinbay/?table=0&option=自付費HK$0&age=30").content.decode()
    assert "no row for this age" in refused and "40–100" in refused


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "This rate is for renewals only: the plan takes new applicants up to age 70."),
        ("zh-hant", "此費率只適用於續保：本計劃接受年齡最高70歲的新投保人。"),
    ],
)
def test_a_renewal_only_rate_says_where_new_entry_stops(
    client: Client, demo_documents: None, language: str, said: str
) -> None:
    """Journey test E21: age 75 got the "71–100 (renewal only)" figure with no word that new
    applicants are taken only up to 70."""
    base = f"/{language}/products/lantau-bridgecare/?table=0&option=Standard%2C+HK%240+deductible&age="
    assert said in client.get(base + "75").content.decode()
    assert "renewals only" not in client.get(base + "45").content.decode()
    compared = client.get(f"/{language}/compare/?products=lantau-bridgecare,taipo-familycare&age=75")
    assert said in compared.content.decode()


def test_compare_shows_each_plans_premium_at_an_age(client: Client, demo_documents: None) -> None:
    body = client.get("/en/compare/?products=taipo-familycare,tungchung-twinbay&age=35").content.decode()
    assert "6,540" in body  # FamilyCare 31–40, hospital section
    assert "no row for this age (the table covers 40–100)" in body  # Twin-Bay starts at 40
    assert "/documents/taipo-familycare/?q=" in body


def test_compare_reads_every_table_as_the_product_page_does(client: Client, demo_documents: None) -> None:
    # Rate tables need inputs other than age: the compare row says which, not "no table".
    body = client.get(
        "/en/compare/?products=kwuntong-tradeguard,shamshuipo-exportease,yantian-chuhai-xinbao&age=40"
    ).content.decode()
    assert "no premium" not in body
    assert body.count("on the plan's page —") == 3
    assert "Indicative premium by age" not in body and 'name="age"' not in body  # no table is by age
    assert "figures by Payment terms and by Grade A, Grade B, Grade C, Grade D" in body


def test_a_payout_table_is_not_a_premium_and_no_option_is_picked(
    client: Client, demo_documents: None
) -> None:
    body = client.get("/en/compare/?products=tungchung-yinian,lantau-silverharbour&age=60").content.decode()
    premiums = body[body.index('class="premiums"') :]
    assert premiums.count("payout table, not a premium") == 2  # Yi Nin's annuity rates, Silver Harbour's
    assert "4,560" in premiums and "4,290" in premiums  # both sexes, each named, none chosen
    assert "(男性)" in premiums and "(女性)" in premiums
    at_58 = client.get("/en/compare/?products=tungchung-yinian,lantau-silverharbour&age=58").content.decode()
    assert "the table covers 55, 60, 65, 70, 75, 80" in at_58  # single ages, not a 55–80 range


def test_compare_premiums_state_currency_and_age_basis(client: Client, demo_documents: None) -> None:
    body = client.get(
        "/zh-hans/compare/?products=dameisha-gangao-ankang,taipo-baylink&age=35"
    ).content.decode()
    assert "RMB598" in body and "HK$7,360" in body  # one currency, no space after its symbol
    assert "598元" not in body
    assert "此表按上次生日年龄计算" in body and "年龄（上次生日）" in body
    body = client.get("/en/compare/?products=taipo-familycare,taipo-baylink&age=40").content.decode()
    assert "9,180" in body  # FamilyCare, 41–50 at age next birthday
    assert "the table is by age next birthday: read at 41" in body
    assert "the table is by age last birthday" in body  # BayLink's document says so


def test_a_table_keyed_by_two_columns_is_offered_on_the_product_page(
    client: Client, demo_documents: None
) -> None:
    page = "/en/products/lantau-silverharbour/"
    body = client.get(page).content.decode()
    assert "payout table, not a premium" in body and "Premium term · Annuity start age" in body
    asked = client.get(page + "?table=0&row=10 years · 65&option=20-year annuity period").content.decode()
    assert "10 years · 65" in asked and "HK$" in asked


def test_compare_says_when_an_age_is_not_understood(client: Client, demo_documents: None) -> None:
    body = client.get("/en/compare/?products=taipo-familycare,tungchung-twinbay&age=abc").content.decode()
    assert 'aria-invalid="true"' in body


def test_hospital_lookup_finds_plans_listing_it(client: Client, demo_documents: None) -> None:
    product = Product.objects.get(slug="lantau-bridgecare")
    listing = "# BridgeCare 2026-11\n\n## Network hospitals (direct settlement)\n\n- Qianhai Example Hospital — Qianhai, Shenzhen\n"
    PlanDocument.objects.create(
        doc_id="lantau-bridgecare-2026-11",
        product=product,
        status=PlanDocument.Status.READY,
        effective_date=dt.date(2026, 11, 1),
        checksum="2026-11",
        file=ContentFile(listing.encode(), name="bridgecare-2026-11.md"),
    )
    body = client.get("/zh-hans/compare/?hospital=深圳").content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    assert "<title>" not in main and body.count("Qianhai Example Hospital") == 1
    assert "Qianhai Example Hospital" in main and "/documents/lantau-bridgecare-2026-11/?q=" in main
    assert "Qianhai Example Hospital" not in client.get("/en/compare/?hospital=Zhuhai").content.decode()


def test_the_demo_network_list_answers_by_hospital_and_city_in_any_script(
    client: Client, demo_documents: None
) -> None:
    """BayLink's document prints a network by city with a direct-settlement column: a hospital
    marked "Reimbursement" is not a direct-settlement hospital."""
    by_city = client.get("/en/compare/?hospital=Guangzhou").content.decode()
    assert "Tianhe Pearl Crescent Hospital" in by_city and "Haizhu Riverside Orchid Hospital" in by_city
    direct = by_city[by_city.index('class="hospital-matches"') :].split("</ul>")[0]
    assert "Baiyun Cloud Terrace Hospital" not in direct  # reimbursement only: said so, apart
    reimbursed = by_city[by_city.index('class="hospital-reimbursement"') :].split("</ul>")[0]
    assert "Baiyun Cloud Terrace Hospital" in reimbursed and "for reimbursement only" in reimbursed
    by_chinese_name = client.get("/zh-hans/compare/?hospital=前海莲湾").content.decode()
    main = by_chinese_name[by_chinese_name.index("<main") : by_chinese_name.index("</main>")]
    assert "(深圳)" in main and "/documents/taipo-baylink/?q=" in main
    # A Chinese page names the hospital as the document prints it in Chinese, the English after.
    assert '">前海蓮灣醫院</a> <span lang="en">Qianhai Lotus Bay Hospital</span>' in main
    none = client.get("/en/compare/?hospital=Longgang+Silver+Pine").content.decode()
    assert "No plan's document lists a direct-settlement hospital" in none
    assert "BayLink" in none and "lists this hospital for reimbursement only" in none


def test_the_product_page_lists_its_direct_settlement_hospitals_by_city(
    client: Client, demo_documents: None
) -> None:
    body = client.get("/zh-hant/products/taipo-baylink/").content.decode()
    section = body[body.index('id="network"') : body.index("</section>", body.index('id="network"'))]
    assert section.count('<th scope="row">') == 8  # the rows marked for direct settlement
    assert (
        "澳門" in section
        and '">前海蓮灣醫院</a> <span lang="en">Qianhai Lotus Bay Hospital</span>' in section
    )
    english = client.get("/en/products/taipo-baylink/").content.decode()
    assert '">Qianhai Lotus Bay Hospital</a> <span lang="zh">前海蓮灣醫院</span>' in english
    assert "Humen Tidewater Hospital" not in section
    assert (
        'id="network"' not in client.get("/en/products/taipo-familycare/").content.decode()
    )  # no list printed


def test_an_enquiry_started_from_an_estimate_carries_the_age(client: Client, demo_documents: None) -> None:
    product = Product.objects.get(slug="taipo-familycare")
    body = client.get(
        "/en/products/taipo-familycare/?table=0&option=Hospital+section&age=35"
    ).content.decode()
    assert f"/en/enquiries/new/gba_medical/?insurers={product.insurer.slug}&amp;ages=35" in body
    compare = client.get("/en/compare/?products=taipo-familycare,lantau-bridgecare&age=35").content.decode()
    assert "ages=35" in compare
    client.get("/en/enquiries/new/gba_medical/?ages=35")  # the form keeps the prefill in its draft
    details = client.get("/en/enquiries/new/gba_medical/?step=details").content.decode()
    assert 'value="35"' in details


def test_a_product_without_documents_shows_no_key_facts_table(client: Client, demo_catalogue: None) -> None:
    body = client.get("/en/products/taipo-familycare/").content.decode()
    assert "table keyfacts" not in body and "No documents yet." in body


def test_staff_can_reextract_and_a_correction_survives(client: Client, demo_documents: None) -> None:
    product = Product.objects.get(slug="taipo-familycare")
    keyfacts_for(product)
    fact = KeyFact.objects.get(product=product, attribute="room_and_board")
    KeyFact.objects.filter(pk=fact.pk).update(value="tampered", corrected_value="HK$2,000 (semi-private)")
    client.force_login(User.objects.create_superuser("staff", "staff@example.com", "pw"))
    response = client.post(
        "/en/admin/portal/keyfact/", {"action": "reextract", "_selected_action": [str(fact.pk)]}
    )
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.value == "HK$2,000" and fact.corrected_value == "HK$2,000 (semi-private)"
    assert client.get("/en/admin/portal/keyfact/?needs_review__exact=1").status_code == 200


def test_the_catalogue_of_a_line_is_a_picker(client: Client, demo_catalogue: None) -> None:
    body = client.get("/en/products/?line=gba_medical").content.decode()
    assert 'action="/en/compare/"' in body and 'name="products" value="taipo-familycare"' in body
    picker = client.get("/en/compare/?line=gba_medical").content.decode()
    assert 'name="products" value="taipo-familycare"' in picker


def test_an_unreadable_document_file_does_not_break_the_pages(client: Client, demo_documents: None) -> None:
    document = PlanDocument.objects.get(doc_id="taipo-familycare")
    Path(document.file.path).unlink()
    assert client.get("/en/products/taipo-familycare/?table=0&option=x&age=30").status_code == 200
    assert (
        client.get("/en/compare/?products=taipo-familycare,lantau-bridgecare&hospital=Shenzhen").status_code
        == 200
    )


@pytest.mark.parametrize(
    ("slug", "rows"),
    [
        ("taipo-wangdian-shouwu", 3),
        ("shekou-kuajing-anxin", 3),
        ("taipo-haiwai-weiquan", 3),
        ("longgang-chuhai-hanghu", 3),
        ("kwuntong-patentpursuit", 3),
    ],
)
def test_a_fact_read_from_several_rows_cites_and_marks_each(
    client: Client, demo_documents: None, slug: str, rows: int
) -> None:
    fact = next(
        f for f in keyfacts_for(Product.objects.get(slug=slug)) if f.attribute.type.endswith("covers")
    )
    assert fact.url().count("q=") == rows
    landed = client.get(fact.url())
    assert landed.status_code == 302
    anchors = parse_qs(urlsplit(landed["Location"]).query)["hl"][0].split(",")
    assert len(anchors) == rows
    page = client.get(landed["Location"]).content.decode()
    assert page.count('class="cited"') == rows


def test_compare_names_the_section_each_limit_comes_from(client: Client, demo_documents: None) -> None:
    body = client.get(
        "/en/compare/?products=kwuntong-patentpursuit,longgang-chuhai-hanghu,taipo-haiwai-weiquan"
    ).content.decode()
    row = body[body.index("Limit of indemnity") :].split("</tr>")[0]
    assert "Enforcement (main section)" in row and "被诉抗辩" in row and "被訴抗辯" in row


def test_a_cap_column_is_not_offered_as_a_premium(client: Client, demo_documents: None) -> None:
    # Ankang's table has a "renewal increase cap" column (30%) beside its yuan premiums.
    page = "/zh-hans/products/dameisha-gangao-ankang/"
    body = client.get(page).content.decode()
    assert "<option>有深圳基本医保</option>" in body and "<option>续保保费上浮上限</option>" not in body
    asked = client.get(page + "?table=0&age=50&option=续保保费上浮上限").content.decode()
    assert "30% —" not in asked and "有深圳基本医保" in asked[asked.index("estimate-result") :]


def test_a_rate_table_with_per_order_and_percentage_rates_is_read(
    client: Client, demo_documents: None
) -> None:
    body = client.get("/en/products/taipo-wangdian-shouwu/").content.decode()
    assert 'id="estimate"' in body and "<option>保費率</option>" in body
    asked = client.get(
        "/en/products/taipo-wangdian-shouwu/?table=0&row=退貨運費&option=保費率"
    ).content.decode()
    assert "每張已發貨訂單0.28美元" in asked[asked.index("estimate-result") :]
    compare = client.get("/en/compare/?products=taipo-wangdian-shouwu,shamshuipo-marketmate").content.decode()
    assert "no premium or rate table" not in compare
    assert 'name="age"' not in compare  # no plan's table is by age: no age is asked


def test_an_age_read_one_year_on_is_explained_when_refused(client: Client, demo_documents: None) -> None:
    body = client.get("/en/compare/?products=taipo-familycare,taipo-baylink&age=100").content.decode()
    assert "the table is by age next birthday, so it is read at 101 (the table covers 0–100)" in body
    page = client.get(
        "/en/products/taipo-familycare/?table=0&option=Hospital+section&age=100"
    ).content.decode()
    assert "so it is read at 101" in page


@pytest.mark.parametrize(
    ("value", "type_", "written_in", "reader", "expected"),
    [
        ("100万美元或200万美元", "money", "zh-Hans", "en", "US$1,000,000 or US$2,000,000"),
        ("人民币200万元至2,000万元", "money", "zh-Hans", "en", "RMB 2,000,000 to RMB 20,000,000"),
        ("90日", "duration", "zh-Hant", "en", "90 days"),
        ("40歲至70歲", "age_range", "zh-Hant", "en", "age 40 to age 70"),
        (
            "美國、加拿大、英國、歐盟、日本及澳洲",
            "text_list",
            "zh-Hant",
            "en",
            "United States, Canada, United Kingdom, European Union, Japan and Australia",
        ),
        ("被诉抗辩 · 主动维权", "ip_covers", "zh-Hans", "en", "Defence · Enforcement"),
        ("並非合資格延期年金保單", "flag", "zh-Hant", "en", "No"),
        ("15 days to 70 years", "age_range", "en", "zh-Hant", "15天至70歲"),
        ("5 years or 10 years", "duration", "en", "zh-Hans", "5年或10年"),
        ("US$250,000 to US$3,000,000", "money", "en", "zh-Hans", "US$250,000至US$3,000,000"),
        ("Product liability · Goods in transit", "ecommerce_covers", "en", "zh-Hant", "產品責任 · 貨物運輸"),
    ],
)
def test_a_value_is_glossed_in_the_readers_language(
    value: str, type_: str, written_in: str, reader: str, expected: str
) -> None:
    from knowledge.keyfacts.gloss import gloss

    assert gloss(value, type_, written_in, reader) == expected


@pytest.mark.parametrize(
    ("value", "type_", "written_in", "reader"),
    [
        ("85%", "percent", "zh-Hans", "en"),  # reads alike in both languages
        ("HK$2,000,000", "money", "en", "zh-Hant"),
        ("30天", "duration", "zh-Hans", "zh-Hant"),  # the other script is not another language
        ("美国、海湾合作委员会六国", "text_list", "zh-Hans", "en"),  # a word in no vocabulary: none
    ],
)
def test_no_gloss_where_none_is_needed_or_none_is_sure(
    value: str, type_: str, written_in: str, reader: str
) -> None:
    from knowledge.keyfacts.gloss import gloss

    assert gloss(value, type_, written_in, reader) is None


def _cell(body: str, text: str) -> str:
    """The compare or key-facts table cell that quotes `text`."""
    return next(c for c in re.findall(r"<td>(.*?)</td>", body, re.S) if f">{text}</a>" in c)


def test_values_from_a_document_in_the_other_language_are_glossed_cited_and_noted(
    client: Client, demo_documents: None
) -> None:
    """D8: an English page showed 「人民币300万元」 and 「90日」 from Chinese-only documents bare."""
    english = client.get("/en/compare/?products=" + ",".join(MEDICAL)).content.decode()
    cell = _cell(english, "人民币300万元")
    assert 'lang="zh-Hans"' in cell and "/documents/dameisha-gangao-ankang/" in cell, "kept and cited"
    assert '<span class="fact-gloss">RMB 3,000,000</span>' in cell
    assert "quoted in Simplified Chinese" in cell
    assert "fact-gloss" not in _cell(english, "HK$1,500,000"), "an English value needs none"
    assert "fact-lang" not in _cell(english, "35%"), "a percentage reads alike in both languages"
    chinese = client.get("/zh-hant/products/taipo-familycare/").content.decode()
    cell = _cell(chinese, "15 days to 65 years")
    assert 'lang="en"' in cell and "15天至65歲" in cell and "原文為英文" in cell
    assert "原文为英文" in _cell(
        client.get("/zh-hans/products/taipo-familycare/").content.decode(), "30 days"
    )


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
@pytest.mark.parametrize(
    "page",
    [
        "/{language}/compare/?products=lantau-bridgecare,taipo-familycare&age={age}",
        "/{language}/products/lantau-bridgecare/?table=0&option=Standard%2C+HK%240+deductible&age={age}",
    ],
)
def test_an_age_out_of_range_says_the_fields_own_bounds_not_whole_number(
    client: Client, demo_documents: None, language: str, page: str
) -> None:
    """Tester B, D11: 150 and -5 are whole numbers; the message gives the field's min and max."""
    from django.utils import translation

    from portal.forms import MAX_AGE, MIN_AGE, AgeForm

    with translation.override(language):
        field = AgeForm().fields["age"]
        out_of_range, not_a_number = (
            str(field.error_messages["max_value"]),
            str(field.error_messages["invalid"]),
        )
    assert f"{MIN_AGE}" in out_of_range and f"{MAX_AGE}" in out_of_range
    for age in ("150", "-5"):
        body = client.get(page.format(language=language, age=age)).content.decode()
        assert out_of_range in body and not_a_number not in body, age
    body = client.get(page.format(language=language, age="abc")).content.decode()
    assert not_a_number in body and out_of_range not in body


def test_premium_lines_name_their_table_without_the_documents_section_number(
    client: Client, demo_documents: None
) -> None:
    """Tester B: "8. Annual premiums (HK$, deductible HK$0): …" showed the document's numbering."""
    import re

    from bs4 import BeautifulSoup

    from knowledge.loaders.text import heading_title

    assert (
        heading_title("8. Annual premiums (HK$, deductible HK$0)") == "Annual premiums (HK$, deductible HK$0)"
    )
    assert heading_title("第三條 保費表") == "保費表" and heading_title("12 visits") == "12 visits"
    for page in (
        "/en/compare/?products=taipo-familycare,tungchung-twinbay&age=35",
        "/en/products/taipo-familycare/",
    ):
        soup = BeautifulSoup(client.get(page).content.decode(), "html.parser")
        names = [n.get_text(strip=True) for n in soup.select(".premiums .table-name, form.estimate legend")]
        assert names, page
        assert not [n for n in names if re.match(r"^\d+(\.\d+)*\.?\s", n)], names
