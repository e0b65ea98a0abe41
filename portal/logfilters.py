"""Logs keep no secrets: the private tokens in paths (status and confirmation links), query strings
(prefill carries an applicant's figures) and bearer tokens are cut from every log record."""

from __future__ import annotations

import logging
import re

_SECRET_IN_PATH = re.compile(r"(/(?:status|confirm)/)[^/\s\"?]+")
_QUERY = re.compile(r"(/[^\s\"?]*)\?[^\s\"]*")
_BEARER = re.compile(r"(?i)(bearer\s+)[\w.~+/=-]+")


def redact(text: str) -> str:
    text = _SECRET_IN_PATH.sub(r"\1[redacted]", text)
    text = _QUERY.sub(r"\1?[redacted]", text)
    return _BEARER.sub(r"\1[redacted]", text)


class RedactSecrets(logging.Filter):
    """Applied to every handler: the message is formatted once, redacted, and its args dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
