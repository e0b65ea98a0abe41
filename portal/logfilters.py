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


# `portal.health.heartbeat`'s path (not imported: logging is configured before the apps load).
HEARTBEAT_TASK = "portal.health.heartbeat"


class QuietHeartbeats(logging.Filter):
    """The workers' heartbeat runs every few seconds on every queue: its started/finished lines
    would drown the log. A failed heartbeat is still logged (at ERROR)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return record.levelno > logging.INFO or HEARTBEAT_TASK not in args
