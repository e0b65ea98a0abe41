"""The foundation's path through all four apps, end to end with real parts.

Plan document → index → question over a real WebSocket server → cited answer;
enquiry form with consent → stored enquiry → lead at a matching insurer → admin.
"""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from django.contrib.auth.models import User
from django.test import Client

from crossborder.models import Enquiry, Lead
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from knowledge.retrieval import retrieve
from portal.models import Insurer
from tests.conftest import ROOT, LiveASGIServer

FIXTURE = ROOT / "tests" / "fixtures" / "harbourview-care.md"
META = DocumentMeta(
    doc_id="harbourview-care",
    insurer="Harbourview Test Assurance Limited",
    product="harbourview-care",
    product_line="gba_medical",
    language="en",
    title="Harbourview Cross-Border Care Plan",
    effective_date="2026-01-01",
)


@pytest.fixture
def indexed_document(knowledge_index: None, transactional_db: None) -> str:
    doc = register_document(FIXTURE, META)
    assert ingest_document(doc) > 0
    return doc.doc_id


def test_ingested_document_is_retrieved_with_its_citation(indexed_document: str) -> None:
    chunks = retrieve("What is the waiting period for illness?")
    assert chunks[0].doc_id == indexed_document
    assert "45 days" in chunks[0].text
    assert chunks[0].section.endswith("Waiting periods")
    assert chunks[0].citation()["title"] == "Harbourview Cross-Border Care Plan"


async def _ask(ws_url: str, frames: list[str]) -> list[dict[str, object]]:
    received: list[dict[str, object]] = []
    origin = ws_url.replace("ws://", "http://", 1)  # the page the widget runs on: same scheme, host, port
    async with websockets.connect(f"{ws_url}/ws/chat/", origin=origin) as socket:
        for frame in frames:
            await socket.send(frame)
            while True:
                message = json.loads(await asyncio.wait_for(socket.recv(), timeout=60))
                received.append(message)
                if message["type"] in {"answer", "error"}:
                    break
    return received


def test_websocket_answer_is_streamed_and_cites_the_document(
    indexed_document: str, live_asgi: LiveASGIServer
) -> None:
    frames = asyncio.run(
        _ask(
            live_asgi.ws_url,
            [json.dumps({"type": "message", "text": "How long is the waiting period for illness?"})],
        )
    )
    deltas = [f for f in frames if f["type"] == "delta"]
    final = frames[-1]
    assert deltas, "the answer is streamed in delta frames before the final frame"
    assert final["type"] == "answer"
    assert final["kind"] == "answer"
    assert "45 days" in str(final["text"])
    assert "".join(str(d["text"]) for d in deltas) == final["text"]
    assert [c["doc_id"] for c in final["citations"]] == [indexed_document]  # type: ignore[union-attr]
    assert [f["seq"] for f in frames] == list(range(1, len(frames) + 1))


def test_bad_frames_get_an_error_and_the_connection_stays_usable(
    indexed_document: str, live_asgi: LiveASGIServer
) -> None:
    frames = asyncio.run(
        _ask(
            live_asgi.ws_url,
            [
                "{not json",
                json.dumps({"type": "dance"}),
                json.dumps({"type": "message", "text": "Overall annual limit of the Plus plan?"}),
            ],
        )
    )
    errors = [f for f in frames if f["type"] == "error"]
    assert [e["code"] for e in errors] == ["invalid_json", "unknown_type"]
    assert frames[-1]["type"] == "answer"
    assert "2,400,000" in str(frames[-1]["text"])


def test_websocket_from_a_foreign_origin_is_refused(live_asgi: LiveASGIServer) -> None:
    async def connect() -> None:
        async with websockets.connect(f"{live_asgi.ws_url}/ws/chat/", origin="https://evil.example"):
            pass

    with pytest.raises(websockets.exceptions.InvalidStatus):
        asyncio.run(connect())


@pytest.mark.django_db
def test_enquiry_with_consent_creates_a_lead_visible_in_admin(client: Client, demo_catalogue: None) -> None:
    response = client.post(
        "/en/enquiries/new/export_credit/",
        {
            "product_line": "export_credit",
            "applicant_jurisdiction": "HK",
            "contact_name": "Chan Tai Man",
            "email": "chan@example.com",
            "phone": "+852 9123 4567",
            "language": "en",
            "annual_turnover_hkd": "18m",
            "consent_process": "on",
            "consent_share": "on",
        },
    )
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert response["Location"].endswith(f"/enquiries/status/{enquiry.access_token}/")
    leads = list(Lead.objects.filter(enquiry=enquiry).select_related("insurer"))
    assert leads, "an IA-authorised export-credit insurer receives the lead"
    assert len(leads) <= 3
    for lead in leads:
        assert "export_credit" in lead.insurer.product_lines
        assert lead.insurer.ia_authorised
    assert enquiry.consents.filter(purpose="share").get().text_version
    admin = User.objects.create_superuser("staff", "staff@example.com", "pw-for-tests-only")
    client.force_login(admin)
    page = client.get("/en/admin/crossborder/lead/").content.decode()
    assert enquiry.reference in page


@pytest.mark.django_db
def test_no_consent_to_share_means_no_lead(client: Client, demo_catalogue: None) -> None:
    response = client.post(
        "/en/enquiries/new/export_credit/",
        {
            "product_line": "export_credit",
            "applicant_jurisdiction": "HK",
            "contact_name": "A",
            "email": "a@example.com",
            "language": "en",
            "annual_turnover_hkd": "18,000,000",
            "consent_process": "on",
        },
    )
    assert response.status_code == 302
    assert Enquiry.objects.count() == 1
    assert not Lead.objects.exists()


@pytest.mark.django_db
def test_invalid_enquiry_gets_field_errors_and_stores_nothing(client: Client, demo_catalogue: None) -> None:
    response = client.post(
        "/zh-hant/enquiries/new/export_credit/",
        {
            "product_line": "export_credit",
            "applicant_jurisdiction": "HK",
            "contact_name": "A",
            "email": "not-an-email",
            "phone": "12345",
            "language": "en",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "電郵" in body or "電子郵件" in body  # the field error is in the user's language
    assert not Enquiry.objects.exists()
    assert Insurer.objects.exists()
