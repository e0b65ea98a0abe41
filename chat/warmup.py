"""Answer one question, unstored, as a web process starts: its first visitor's question then finds
the embedder, the models and the index's caches loaded. On the 2-core machine the first question
over the demo corpus took 2.9 s cold, 1.5 s with only the embedder and tokenisers loaded, 66 ms
after this. The answer worker processes (chat.answer_pool) start and warm up the same way."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connections

from knowledge import warmup as knowledge_warmup

logger = logging.getLogger(__name__)

QUESTION = "What is the waiting period for illness?"


def warm_up() -> None:
    warm_up_answering()
    from chat import answer_pool

    # Also warm in the web process: it answers while a pool that lost a worker restarts.
    answer_pool.start()


def warm_up_answering() -> None:
    knowledge_warmup.warm_up()
    if settings.OPENAI_BASE_URL:
        return  # the answer could call the model: starting must not depend on the network
    from chat.answering import answer_question

    try:
        answer_question(QUESTION)
    except Exception:
        # A missing index or database must not stop the web process: its questions will say why.
        logger.warning("warm-up question failed", exc_info=True)
    finally:
        connections.close_all()  # this thread ends here
