from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from knowledge.models import PlanDocument


@receiver(post_delete, sender=PlanDocument)
def remove_chunks(sender: type[PlanDocument], instance: PlanDocument, **kwargs: Any) -> None:
    """A deleted document leaves no chunk behind (after the row's deletion commits)."""
    from knowledge.ingest import delete_document

    transaction.on_commit(lambda: delete_document(instance))
