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
    # SHA-256 of the file's bytes alone (`checksum` also covers the metadata, so it differs per id):
    # the same file uploaded under a second id is refused, and never indexed twice.
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True, db_index=True)
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

    def same_file_elsewhere(self, file_sha256: str) -> PlanDocument | None:
        """Another document holding this very file (not a failed one), or None."""
        if not file_sha256:
            return None
        others = PlanDocument.objects.filter(file_sha256=file_sha256).exclude(status=self.Status.FAILED)
        return others.exclude(pk=self.pk).order_by("created_at").first() if self.pk else others.first()

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


class DocumentVersion(models.Model):
    """What ingestion read from one version of a document: its structure and its answer units.

    Written in the transaction that makes the version live and deleted with it (a replaced
    version's row is deleted at the switch, a deleted document's by cascade), so every
    process (web, workers) reads the same units and the viewer never re-reads the file.
    """

    document = models.ForeignKey(PlanDocument, on_delete=models.CASCADE, related_name="versions")
    # The first 16 hex digits of the indexed checksum: the middle of the version's chunk ids.
    version = models.CharField(max_length=16)
    # The loader's blocks (`Block.as_dict`), in reading order: what the viewer renders.
    blocks = models.JSONField(default=list)
    # The embedder that made the units' vectors (`knowledge.embeddings.embedder_id`).
    embedder = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="unique_document_version")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.version}"


class AnswerUnit(models.Model):
    """One quotable unit of a document version, with its vector (see knowledge.units)."""

    class Kind(models.TextChoices):
        SENTENCE = "sentence"
        ITEM = "item"
        ROW = "row"
        CELL = "cell"

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="units")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    text = models.TextField()
    heading = models.TextField(blank=True)
    section = models.TextField(blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)
    # The viewer's anchor of the element holding the unit (a table row's for a row or cell).
    anchor = models.CharField(max_length=40)
    # Units with the same group are one passage or one list: a paragraph's sentences, a run of
    # list items or short lines, a table's rows (the anchor of the group's first block).
    group = models.CharField(max_length=40)
    lead = models.PositiveIntegerField(null=True, blank=True)
    is_lead = models.BooleanField(default=False)
    listed = models.BooleanField(default=False)
    vector = models.BinaryField()  # float32, unit-normalised

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="unique_unit_order")]

    def __str__(self) -> str:
        return self.text[:80]
