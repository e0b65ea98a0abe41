"""POST /api/chat/contact/: the widget's "Contact a person" form. Thin: validate, store, give a reference."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.http import require_POST

from chat.contact import ContactRequestForm, contact_request_create
from chat.owners import session_owner


def _language(request: HttpRequest) -> str:
    """The page's language, sent by the widget (this URL has no language prefix)."""
    wanted = str(request.POST.get("language", ""))
    codes = {code for code, _ in settings.LANGUAGES}
    return wanted if wanted in codes else translation.get_language() or settings.LANGUAGE_CODE


@require_POST
def contact_request(request: HttpRequest) -> JsonResponse:
    language = _language(request)
    with translation.override(language):
        form = ContactRequestForm(request.POST)
        if not form.is_valid():
            errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False})
        owner_key = session_owner(request.session) or ""  # a cookie naming no stored session owns nothing
        created = contact_request_create(form=form, owner_key=owner_key, language=language)
    return JsonResponse({"reference": created.reference, "transcript": bool(created.transcript)})
