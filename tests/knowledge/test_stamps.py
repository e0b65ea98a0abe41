"""Within one answer the documents' change stamp is read once; between answers, every time."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge import stamps

pytestmark = pytest.mark.django_db


def test_one_answer_reads_the_stamp_once(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1), stamps.one_answer():
        first = stamps.documents()
        assert stamps.documents() == first


def test_outside_an_answer_every_read_queries(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2):
        stamps.documents()
        stamps.documents()


def test_each_answer_reads_its_own_stamp(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2):
        for _ in range(2):
            with stamps.one_answer():
                stamps.documents()
                stamps.documents()
