"""A demo-corpus index shared by a module's tests (built once: embedding is the slow part)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test.utils import override_settings

from knowledge import vectorstore
from knowledge.evaluation import EvalSet, load_set, temporary_index
from tests.conftest import DEMO_CORPUS


@pytest.fixture(scope="module")
def demo_set() -> EvalSet:
    return load_set(DEMO_CORPUS)


@pytest.fixture(scope="module")
def demo_index(
    demo_set: EvalSet,
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    chroma_server: str | None,
) -> Iterator[list[str]]:
    """The demo corpus indexed in a temporary collection (and a transaction rolled back at the end)."""
    with django_db_blocker.unblock(), override_settings(CHROMA_URL=chroma_server or ""):  # type: ignore[attr-defined]
        vectorstore.get_client.cache_clear()
        with temporary_index(demo_set) as failures:
            yield failures
    vectorstore.get_client.cache_clear()
