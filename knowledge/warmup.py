"""Load, when a web process starts, what the first question would otherwise wait for."""

from __future__ import annotations

import logging

from django.conf import settings

from knowledge import names, text
from knowledge.embeddings import get_embeddings
from knowledge.language import to_simplified, to_traditional

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """The local embedder (model load and first encode), jieba's dictionary, OpenCC and the
    romanisation tables. A remote embedder is not called: starting must not depend on the network."""
    if not settings.EMBEDDINGS_BASE_URL:
        get_embeddings().embed_query("What does the plan cover?")
    text.tokenize("保單的等候期是多久？")
    to_simplified(to_traditional("保障"))
    names.warm_up()
    logger.info("warmed up: embedder, tokeniser, script conversion, romanisation")
