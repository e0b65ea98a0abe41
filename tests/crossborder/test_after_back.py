"""What an applicant meets after sending: Back and "Send enquiry" again on the browser's copy of the
check page, a reload of that page once the session ended (tester B, D1), and every private link of
an enquiry since withdrawn, in every language (D10)."""

from __future__ import annotations

import pytest
from django.test import Client

from crossborder.models import Enquiry
from tests.crossborder.conftest import EXPORT, submit
from tests.crossborder.test_wizard import ABOUT, CONSENTS, URL, page, walk
from tests.crossborder.test_wizard import EXPORT as EXPORT_STEP

pytestmark = pytest.mark.django_db
LANGUAGES = ("en", "zh-hant", "zh-hans")


def _send_in_steps(client: Client) -> Enquiry:
    walk(client, "en", "export_credit", ABOUT, EXPORT_STEP, CONSENTS)
    sent = client.post(URL.format(lang="en", line="export_credit") + "?step=check", {"step": "check"})
    assert sent.status_code == 302
    return Enquiry.objects.get(access_token=sent["Location"].rstrip("/").rsplit("/", 1)[1])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_send_again_after_back_says_it_was_sent_with_its_link_and_sends_nothing(
    client: Client, appetite: None, lang: str
) -> None:
    enquiry = _send_in_steps(client)
    again = client.post(URL.format(lang=lang, line="export_credit") + "?step=check", {"step": "check"})
    assert again.status_code == 200
    soup = page(again)
    assert enquiry.reference in soup.get_text()
    assert soup.select_one(f'a[href="/{lang}/enquiries/status/{enquiry.access_token}/"]') is not None
    assert Enquiry.objects.count() == 1, "never sent twice"
    reload = client.get(URL.format(lang=lang, line="export_credit") + "?step=check")
    assert reload.status_code == 200 and enquiry.reference in reload.content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_with_no_answers_kept_goes_to_step_one_at_its_own_address(
    client: Client, appetite: None, lang: str
) -> None:
    for response in (
        client.get(URL.format(lang=lang, line="export_credit") + "?step=check"),
        client.post(URL.format(lang=lang, line="export_credit") + "?step=check", {"step": "check"}),
    ):
        assert response.status_code == 302
        assert response["Location"].endswith("?step=about")
    step_one = page(client.get(URL.format(lang=lang, line="export_credit") + "?step=about"))
    assert step_one.select_one("[role=status]") is not None, "says why the answers are gone"
    assert not step_one.select(".error-summary"), "no errors for answers never given"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_link_of_a_withdrawn_enquiry_says_withdrawn_in_every_language(
    client: Client, appetite: None, lang: str
) -> None:
    enquiry = submit(client, "export_credit", EXPORT)
    token, reference = enquiry.access_token, enquiry.reference
    done = client.post(f"/en/enquiries/status/{token}/withdraw/")
    assert done.status_code == 200
    for path in (f"/{lang}/enquiries/status/{token}/withdraw/", f"/{lang}/enquiries/status/{token}/"):
        gone = client.get(path)
        assert gone.status_code == 410, path
        assert reference in gone.content.decode()
        assert gone["Content-Language"] == lang
    again = client.post(f"/{lang}/enquiries/status/{token}/withdraw/")
    assert again.status_code == 410 and reference in again.content.decode()


def test_an_unknown_link_is_still_not_found(client: Client, appetite: None) -> None:
    assert client.get("/en/enquiries/status/not-a-token/").status_code == 404
