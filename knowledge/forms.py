"""Checks an uploaded plan document must pass before it is stored."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from knowledge.loaders import SUPPORTED_SUFFIXES


def validate_upload(upload: Any) -> None:
    """Refuse unsupported types and files over UPLOAD_MAX_BYTES, before anything is indexed."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ValidationError(_("Upload a PDF, DOCX, HTML, Markdown or text file."))
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        # Sizes as people read them ("22.0 MB"), in the page's language (journey test E17).
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))


def file_sha256(upload: Any) -> str:
    """The SHA-256 of an uploaded file's bytes, read in chunks; the file is left at its start."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
