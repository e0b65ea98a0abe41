"""Staff upload a plan document in admin; a background worker indexes it; the status shows it."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import websockets
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from knowledge.models import PlanDocument
from knowledge.retrieval import retrieve
from tests.conftest import DEMO_CORPUS, ROOT, free_port, wait_for_port

# Only the tests that index in this process need the run's index (embedded, or the Chroma server in
# the services run). The served-process test and the Chroma-folder tests set up their own embedded
# installation whatever the run's configuration: the services run would only repeat them.
IN_PROCESS_INDEX = pytest.mark.usefixtures("knowledge_index")


def _staff_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("staff", "staff@example.com", "pw-for-tests-only"))
    return client


@IN_PROCESS_INDEX
@pytest.mark.django_db(transaction=True)
def test_upload_is_queued_with_the_document_then_indexed_by_the_worker() -> None:
    client = _staff_client()
    data = (ROOT / "tests" / "fixtures" / "harbourview-care.md").read_bytes()
    response = client.post(
        "/en/admin/knowledge/plandocument/add/",
        {"file": SimpleUploadedFile("harbourview-care.md", data), "doc_id": "", "title": "", "language": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = PlanDocument.objects.get()
    assert doc.doc_id == "harbourview-care"
    assert doc.status == PlanDocument.Status.PENDING
    assert DBTaskResult.objects.count() == 1, "the task is committed with the document"
    listing = client.get("/en/admin/knowledge/plandocument/").content.decode()
    assert "waiting to be indexed" in listing

    call_command("db_worker", batch=True, verbosity=0, startup_delay=False, queue_name="indexing")
    doc.refresh_from_db()
    assert doc.status == PlanDocument.Status.READY and doc.chunk_count > 0
    assert doc.title == "Harbourview Cross-Border Care Plan" and doc.language == "en"
    assert "45 days" in retrieve("illness waiting period")[0].text


@IN_PROCESS_INDEX
@pytest.mark.django_db(transaction=True)
def test_a_bad_upload_shows_its_error_and_indexes_nothing() -> None:
    client = _staff_client()
    response = client.post(
        "/en/admin/knowledge/plandocument/add/",
        {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 not a pdf"), "doc_id": "scan"},
    )
    assert response.status_code == 302
    call_command("db_worker", batch=True, verbosity=0, startup_delay=False, queue_name="indexing")
    doc = PlanDocument.objects.get(doc_id="scan")
    assert doc.status == PlanDocument.Status.FAILED
    assert "PDF" in doc.error
    assert "failed" in client.get("/en/admin/knowledge/plandocument/").content.decode()


@IN_PROCESS_INDEX
@pytest.mark.django_db
def test_unsupported_or_oversized_uploads_are_refused_in_the_form(settings: object) -> None:
    client = _staff_client()
    response = client.post(
        "/en/admin/knowledge/plandocument/add/", {"file": SimpleUploadedFile("x.exe", b"MZ"), "doc_id": "x"}
    )
    assert response.status_code == 200 and "Upload a PDF, DOCX" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 1024  # type: ignore[attr-defined]
    response = client.post(
        "/en/admin/knowledge/plandocument/add/",
        {"file": SimpleUploadedFile("big.md", b"# Big\n\n" + b"x " * 2000), "doc_id": "big"},
    )
    # Sizes as people read them, in the page's language (journey test E17: raw byte counts).
    assert (
        response.status_code == 200
        and "The file is 3.9\xa0KB; the limit is 1.0\xa0KB." in response.content.decode()
    )
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024  # type: ignore[attr-defined]
    huge = SimpleUploadedFile("huge.md", b"x" * (22 * 1024 * 1024))
    response = client.post("/zh-hant/admin/knowledge/plandocument/add/", {"file": huge, "doc_id": "huge"})
    assert "檔案大小為 22.0\xa0MB，上限為 20.0\xa0MB。" in response.content.decode()
    assert not PlanDocument.objects.exists()
    assert not DBTaskResult.objects.exists()


@IN_PROCESS_INDEX
@pytest.mark.django_db
def test_the_same_file_under_a_second_id_is_refused_at_upload_naming_the_first() -> None:
    """Journey test E7: accepted silently, then the chat quoted every fact of it twice."""
    client = _staff_client()
    data = (ROOT / "tests" / "fixtures" / "harbourview-care.md").read_bytes()
    add = "/en/admin/knowledge/plandocument/add/"
    first = client.post(add, {"file": SimpleUploadedFile("harbourview-care.md", data), "doc_id": "hv"})
    assert first.status_code == 302
    assert len(PlanDocument.objects.get().file_sha256) == 64
    again = client.post(add, {"file": SimpleUploadedFile("copy.md", data), "doc_id": "hv-copy"})
    assert again.status_code == 200
    assert "This file is already uploaded as “hv”" in again.content.decode()
    assert list(PlanDocument.objects.values_list("doc_id", flat=True)) == ["hv"]
    assert DBTaskResult.objects.count() == 1, "nothing more is queued"
    # Replacing the first document's own file with the same bytes is not a duplicate.
    doc = PlanDocument.objects.get()
    change = f"/en/admin/knowledge/plandocument/{doc.pk}/change/"
    same = client.post(change, {"file": SimpleUploadedFile("harbourview-care.md", data), "doc_id": "hv"})
    assert same.status_code == 302


# --- The served portal: the web process answers what the worker indexed, with no restart ----------

SERVED_EDITION = """# FamilyCare GBA Hospital and Outpatient Plan (2026 edition)

Sample document for testing — fictional insurer and product.

## Dental benefit

The annual dental benefit limit is HK${limit} per insured person.
"""
QUESTION = "What is the annual dental benefit limit per insured person under the 2026 edition of FamilyCare?"


def _served_env(data_dir: Path) -> dict[str, str]:
    drop = {"DATABASE_URL", "REDIS_URL", "CHROMA_URL", "OPENAI_BASE_URL", "TEST_DATABASE_NAME"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return {**env, "PORTAL_DATA_DIR": str(data_dir), "DJANGO_SUPERUSER_PASSWORD": "pw-for-tests-only"}


# The installation's set-up commands, in one process: each `manage.py` run starts Django and its
# imports again (seconds apiece on a loaded machine), and nothing here depends on a fresh process.
_INSTALL = """
from pathlib import Path
from django.core.management import call_command
from portal.models import Product
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", skip_index=True, verbosity=0)
call_command("ingest", manifest=Path({manifest!r}), verbosity=0)
call_command("createsuperuser", interactive=False, username="staff", email="staff@example.com", verbosity=0)
print(Product.objects.get(slug="taipo-familycare").pk)
"""


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


async def _ask_ws(url: str, question: str) -> dict[str, Any]:
    # The origin check compares scheme, host and port: the page would be served by the same server.
    origin = "http://" + url.split("://", 1)[1].split("/", 1)[0]
    async with websockets.connect(url, origin=origin) as socket:
        await socket.send(json.dumps({"type": "message", "text": question}))
        while True:
            frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=60))
            if frame["type"] in {"answer", "error"}:
                return dict(frame)


def _answered(ws: str, check: Any, timeout: float = 30) -> dict[str, Any]:
    """Ask until the answer passes `check`; every answer on the way must be one, never an error.

    The web process rebuilds its retrieval snapshot in the background after a change once a
    build has been slow, answering from the previous one meanwhile: the change shows within seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        frame = asyncio.run(_ask_ws(ws, QUESTION))
        assert frame["type"] == "answer", frame
        if check(frame) or time.monotonic() > deadline:
            return frame
        time.sleep(0.5)


def _cited(frame: dict[str, Any]) -> set[str]:
    return {c["doc_id"] for c in frame["citations"]}


class _Admin:
    """A staff user's browser session against the served admin."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        login = f"{base}/en/admin/login/"
        self.http.get(login, timeout=30)
        self._post(login, {"username": "staff", "password": "pw-for-tests-only", "next": "/en/admin/"})

    def _post(self, url: str, data: dict[str, str], files: dict[str, Any] | None = None) -> requests.Response:
        data = {**data, "csrfmiddlewaretoken": self.http.cookies["csrftoken"]}
        response = self.http.post(url, data=data, files=files, headers={"Referer": url}, timeout=60)
        errors = re.findall(r'class="errorlist.*?</ul>|class="errornote.*?</p>', response.text, re.S)
        assert response.status_code == 200 and not errors, errors
        return response

    def upload(self, doc_id: str, product_pk: str, body: str, *, change: bool = False) -> None:
        url = f"{self.base}/en/admin/knowledge/plandocument/add/"
        if change:
            url = f"{self.base}/en/admin/knowledge/plandocument/{self.pk(doc_id)}/change/"
        fields = {"doc_id": doc_id, "product": product_pk, "title": "", "language": "en"}
        fields |= {"effective_date": "2026-11-01", "review_note": ""}
        self._post(url, fields, files={"file": (f"{doc_id}.md", body.encode(), "text/markdown")})

    def delete(self, doc_id: str) -> None:
        self._post(f"{self.base}/en/admin/knowledge/plandocument/{self.pk(doc_id)}/delete/", {"post": "yes"})

    def pk(self, doc_id: str) -> str:
        listing = self.http.get(f"{self.base}/en/admin/knowledge/plandocument/?q={doc_id}", timeout=30).text
        found = re.search(r"/knowledge/plandocument/(\d+)/change/", listing)
        assert found, listing[-2000:]
        return found.group(1)

    def wait_indexed(self, doc_id: str, text: str, timeout: float = 120) -> None:
        """Until the viewer shows `text` in the document (it shows only indexed documents)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page = self.http.get(f"{self.base}/en/documents/{doc_id}/", timeout=30)
            if page.status_code == 200 and text in page.text:
                return
            time.sleep(0.5)
        raise AssertionError(f"{doc_id} was not indexed with {text!r} within {timeout} s")


@pytest.mark.slow
def test_admin_upload_replace_and_delete_are_answered_by_the_served_web_process_without_a_restart(
    tmp_path: Path,
) -> None:
    """The reported failure: a document attached in admin to an existing product made every question
    about the product fail with Chroma's "Error finding id" (the worker and the web process each
    embedded Chroma on one folder, and the web process's view went stale)."""
    env = _served_env(tmp_path)
    manifest = tmp_path / "manifest.json"
    entries = json.loads((DEMO_CORPUS / "manifest.json").read_text(encoding="utf-8"))
    familycare = next(e for e in entries if e["doc_id"] == "taipo-familycare")
    familycare["file"] = str(DEMO_CORPUS / familycare["file"])
    manifest.write_text(json.dumps([familycare]), encoding="utf-8")
    product_pk = _manage(env, "shell", "-c", _INSTALL.format(manifest=str(manifest))).split()[-1]

    port, other_port = free_port(), free_port()
    server = _serve(env, port)
    base, ws = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/ws/chat/"
    other = None
    try:
        wait_for_port(port, timeout=90, process=server)
        # A second web process on the same data folder shares the first's Chroma server.
        other = _serve(env, other_port, "--no-worker")
        wait_for_port(other_port, timeout=90, process=other)
        other_ws = f"ws://127.0.0.1:{other_port}/ws/chat/"
        # The web processes open the index and build their snapshots before the upload.
        for url in (ws, other_ws):
            before = asyncio.run(_ask_ws(url, QUESTION))
            assert before["type"] == "answer" and "3,456" not in str(before["text"])
        admin = _Admin(base)

        admin.upload("familycare-2026", product_pk, SERVED_EDITION.format(limit="3,456"))
        admin.wait_indexed("familycare-2026", "3,456")
        after = _answered(other_ws, lambda f: "3,456" in f["text"])
        assert "3,456" in after["text"] and "familycare-2026" in _cited(after)

        admin.upload("familycare-2026", product_pk, SERVED_EDITION.format(limit="4,567"), change=True)
        admin.wait_indexed("familycare-2026", "4,567")
        replaced = _answered(ws, lambda f: "4,567" in f["text"])
        assert "4,567" in replaced["text"] and "3,456" not in replaced["text"]

        admin.delete("familycare-2026")
        deleted = _answered(other_ws, lambda f: "familycare-2026" not in _cited(f))
        assert "familycare-2026" not in _cited(deleted) and "4,567" not in deleted["text"]
        assert server.poll() is None and other.poll() is None, "served throughout, never restarted"
    finally:
        for process in (other, server):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)


def _serve(env: dict[str, str], port: int, *options: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port), *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_a_second_process_is_refused_the_embedded_folder_with_a_clear_error(tmp_path: Path) -> None:
    from knowledge.vectorstore import claim_embedded_folder

    folder = tmp_path / "chroma"
    claim_embedded_folder(folder, holder="the test's web server")
    claim_embedded_folder(folder)  # this process again: nothing to do
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from knowledge.vectorstore import claim_embedded_folder;"
            "claim_embedded_folder(Path(sys.argv[1]))",
            str(folder),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert other.returncode != 0
    assert "EmbeddedStoreBusy" in other.stderr and "in use by the test's web server" in other.stderr
    assert "CHROMA_URL" in other.stderr


@IN_PROCESS_INDEX
@pytest.mark.django_db
def test_documents_that_added_an_unknown_insurer_are_flagged_for_review_in_admin(tmp_path: Path) -> None:
    from knowledge.ingest import DocumentMeta, register_document

    path = tmp_path / "plan.md"
    path.write_bytes((ROOT / "tests" / "fixtures" / "harbourview-care.md").read_bytes())
    meta = DocumentMeta(doc_id="unreviewed", insurer="Nowhere Assurance Limited", product_line="gba_medical")
    register_document(path, meta)
    client = _staff_client()
    flagged = client.get("/en/admin/knowledge/plandocument/?review=yes").content.decode()
    assert "unreviewed" in flagged
    assert "unreviewed" not in client.get("/en/admin/knowledge/plandocument/?review=no").content.decode()
    change = client.get(f"/en/admin/knowledge/plandocument/{PlanDocument.objects.get().pk}/change/")
    assert (
        "Nowhere Assurance Limited" in change.content.decode()
        and "taking no leads" in change.content.decode()
    )


_WRITER = """
import sys, chromadb
from chromadb.config import Settings
collection = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False)).get_collection("plan")
collection.upsert(ids=["new"], embeddings=[[0.0, 1.0]], documents=["new"], metadatas=[{"v": "2"}])
collection.delete(where={"v": "1"})
"""


def test_why_one_process_embeds_chroma_a_second_writer_leaves_the_first_stale(tmp_path: Path) -> None:
    """The cause of the admin-upload failure, in chromadb itself: a process that embedded the folder
    keeps serving its own view after another process writes it, and a filtered query then fails
    with "Error finding id". (If chromadb ever fixes this, this test says the lock may go.)"""
    import chromadb
    import chromadb.errors
    from chromadb.config import Settings

    client = chromadb.PersistentClient(path=str(tmp_path), settings=Settings(anonymized_telemetry=False))
    collection = client.create_collection("plan")
    collection.upsert(ids=["old"], embeddings=[[1.0, 0.0]], documents=["old"], metadatas=[{"v": "1"}])
    assert collection.query(query_embeddings=[[1.0, 0.0]], n_results=1, include=[])["ids"] == [["old"]]
    subprocess.run([sys.executable, "-c", _WRITER, str(tmp_path)], check=True, timeout=120)
    stale = collection.query(query_embeddings=[[1.0, 0.0]], n_results=1, include=[])["ids"]
    with pytest.raises(chromadb.errors.InternalError, match="Error finding id"):
        collection.query(query_embeddings=[[0.0, 1.0]], n_results=1, where={"v": "2"}, include=[])
    assert stale == [["old"]], "the deleted chunk is still served"
