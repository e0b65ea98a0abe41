"""Answer a few questions, unstored, as a web process starts: its first visitor's question then finds
the embedder, the models and the index's caches loaded. On the 2-core machine the first question
over the demo corpus took 2.9 s cold, 1.5 s with only the embedder and tokenisers loaded, 66 ms
after one warm-up question. The answer worker processes (chat.answer_pool) start and warm up the
same way.

One question left the other kinds' code paths cold (their modules imported and data files read at
first use: comparisons, quotes, refusals, Chinese), and every document's file unparsed: in a fresh
process the demo questions' first pass cost 61 ms CPU each against 29 ms warm. With answer workers a
question is first-time once per process, so that cost was paid twice."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connections

from knowledge import warmup as knowledge_warmup

logger = logging.getLogger(__name__)

# One of each kind of question, in each script; none names a plan (they must suit any corpus).
QUESTIONS = (
    "What is the waiting period for illness?",
    "保單的等候期是多久？",
    "这个计划的保障限额是多少？",
    "Compare the annual limits of the plans.",
    "Can you guarantee my claim will be paid?",
    "I'd like a quote for export credit insurance.",
)
# Documents whose files are parsed at start: as many as the parsed-blocks cache holds
# (knowledge.keyfacts.records).
DOCUMENTS = 64


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
    from chat.tables import document_rows
    from knowledge.stamps import live_documents

    try:
        for question in QUESTIONS:
            answer_question(question)
        for doc_id in live_documents().values_list("doc_id", flat=True)[:DOCUMENTS]:
            document_rows(doc_id)
    except Exception:
        # A missing index or database must not stop the web process: its questions will say why.
        logger.warning("warm-up question failed", exc_info=True)
    finally:
        connections.close_all()  # this thread ends here
