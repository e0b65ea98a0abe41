"""The one client of the OpenAI-compatible chat model (settings: OPENAI_BASE_URL, LLM_MODEL, …).

Answers (chat/llm.py) and key facts read at ingest (knowledge/keyfacts/llm.py) both ask it, so a
change of timeout, retries or model reaches both.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def get_chat_model() -> Any:
    """A streaming client at temperature 0 that never retries: a caller past its time falls back
    to the extractive answer or the rule extractor rather than wait longer."""
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(
        model=settings.LLM_MODEL,
        base_url=settings.OPENAI_BASE_URL,
        api_key=SecretStr(settings.OPENAI_API_KEY or "unused"),
        timeout=settings.LLM_TIMEOUT_SECONDS,
        max_retries=0,
        temperature=0,
        streaming=True,
    )
