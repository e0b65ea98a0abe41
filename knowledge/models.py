"""Plan documents: the sources every chat answer is drawn from."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Product


class Language(models.TextChoices):
    EN = "en", "English"
    ZH_HANT = "zh-Hant", "繁體中文"
    ZH_HANS = "zh-Hans", "简体中文"


class PlanDocument(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be indexed")
        PROCESSING = "processing", _("indexing")
        READY = "ready", _("indexed")
        FAILED = "failed", _("failed")

    doc_id = models.SlugField(_("document id"), max_length=120, unique=True)
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="documents", null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="plan_documents/%Y/%m/")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(_("error"), blank=True)
    checksum = models.CharField(_("content checksum"), max_length=64, blank=True)
    chunk_count = models.PositiveIntegerField(_("chunks"), default=0)
    review_note = models.TextField(
        _("for staff to review"),
        blank=True,
        help_text=_("Set by ingestion when it added something staff must check, such as an unknown insurer."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["doc_id"]
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")

    def __str__(self) -> str:
        return self.title or self.doc_id

    def is_current_edition(self, today: dt.date | None = None) -> bool:
        """The latest edition of its product whose effective date has come is current."""
        today = today or timezone.localdate()
        if self.product_id is None:
            return True
        editions = PlanDocument.objects.filter(product_id=self.product_id).exclude(effective_date__gt=today)
        latest = editions.order_by(models.F("effective_date").desc(nulls_last=True), "-pk").first()
        return latest is None or latest.pk == self.pk

    def superseded_by(self, today: dt.date | None = None) -> PlanDocument | None:
        """The indexed edition of the same product that is current instead of this one, if any."""
        today = today or timezone.localdate()
        if self.product_id is None or (self.effective_date is not None and self.effective_date > today):
            return None  # an edition not yet in force is upcoming, not superseded
        editions = PlanDocument.objects.filter(
            product_id=self.product_id, status=PlanDocument.Status.READY
        ).exclude(effective_date__gt=today)
        latest = editions.order_by(models.F("effective_date").desc(nulls_last=True), "-pk").first()
        return None if latest is None or latest.pk == self.pk else latest


class ActiveCollection(models.Model):
    """Which Chroma collection holds the live chunks for a configured collection name.

    `reindex` builds a new collection while questions are answered from the old one,
    then switches this row (and the documents' versions) in one transaction.
    Without a row the configured name itself is the collection.
    """

    name = models.CharField(max_length=200, unique=True)
    physical = models.CharField(max_length=250)
    switched_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} → {self.physical}"
