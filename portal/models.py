"""The catalogue: insurers and the products they offer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ProductLine(models.TextChoices):
    GBA_MEDICAL = "gba_medical", _("GBA medical")
    PENSION = "pension", _("Pension and annuities")
    EXPORT_CREDIT = "export_credit", _("Export credit")
    ECOMMERCE = "ecommerce", _("Cross-border e-commerce")
    OVERSEAS_IP = "overseas_ip", _("Overseas IP")


PERSONAL_LINES = frozenset({ProductLine.GBA_MEDICAL, ProductLine.PENSION})


class Jurisdiction(models.TextChoices):
    HK = "HK", _("Hong Kong")
    MAINLAND = "mainland", _("Mainland China")


def validate_product_lines(value: object) -> None:
    if not isinstance(value, list) or not all(v in ProductLine.values for v in value):
        raise ValidationError(
            _("Choose product lines among: %(lines)s"),
            params={"lines": ", ".join(ProductLine.values)},
        )


class LocalisedName(models.Model):
    """Names in the portal's three languages; `name` picks the active one."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200, blank=True)
    # When a name last changed: the chat's catalogue of held names is re-read after an edit.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        lang = (get_language() or "en").lower()
        if lang == "zh-hant":
            return self.name_zh_hant or self.name_zh_hans or self.name_en
        if lang == "zh-hans":
            return self.name_zh_hans or self.name_zh_hant or self.name_en
        return self.name_en


class Insurer(LocalisedName):
    slug = models.SlugField(unique=True)
    ia_authorised = models.BooleanField(_("authorised by the Hong Kong Insurance Authority"), default=False)
    ia_licence_no = models.CharField(_("IA licence number"), max_length=40, blank=True)
    mainland_licensed = models.BooleanField(_("licensed on the mainland (NFRA)"), default=False)
    mainland_licence_no = models.CharField(_("mainland licence number"), max_length=40, blank=True)
    product_lines = models.JSONField(_("product lines"), default=list, validators=[validate_product_lines])
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_fictional = models.BooleanField(
        _("fictional (demo data)"), default=False, help_text=_("Demo data is marked on every page.")
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("insurer")
        verbose_name_plural = _("insurers")

    def clean(self) -> None:
        if self.ia_licence_no and not self.ia_authorised:
            raise ValidationError({"ia_authorised": _("An IA licence number implies IA authorisation.")})
        if self.mainland_licence_no and not self.mainland_licensed:
            raise ValidationError(
                {"mainland_licensed": _("A mainland licence number implies a mainland licence.")}
            )

    def holds_licence_for(self, jurisdiction: str) -> bool:
        return self.ia_authorised if jurisdiction == Jurisdiction.HK else self.mainland_licensed


class Product(LocalisedName):
    insurer = models.ForeignKey(Insurer, on_delete=models.CASCADE, related_name="products")
    slug = models.SlugField(unique=True, help_text=_("Editions of one product share this slug."))
    product_line = models.CharField(_("product line"), max_length=20, choices=ProductLine.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=10, choices=Jurisdiction.choices)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_zh_hant = models.TextField(_("summary (Traditional Chinese)"), blank=True)
    summary_zh_hans = models.TextField(_("summary (Simplified Chinese)"), blank=True)
    is_fictional = models.BooleanField(_("fictional (demo data)"), default=False)

    class Meta:
        ordering = ["product_line", "name_en"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    @property
    def summary(self) -> str:
        lang = (get_language() or "en").lower()
        by_lang = {"zh-hant": self.summary_zh_hant, "zh-hans": self.summary_zh_hans}
        return by_lang.get(lang) or self.summary_en

    def clean(self) -> None:
        if self.insurer_id and not self.insurer.holds_licence_for(self.jurisdiction):
            raise ValidationError({"jurisdiction": _("The insurer holds no licence in this jurisdiction.")})


class KeyFact(models.Model):
    """One compared attribute of a product, quoted from its current document.

    `value` is the extractor's (as the document states it); a staff correction wins.
    Re-extraction from a new edition keeps the old value in `previous_value` and sets
    `changed`, so staff see what the new edition altered.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="key_facts")
    attribute = models.CharField(_("attribute"), max_length=60)
    doc_id = models.CharField(_("document id"), max_length=120, blank=True)
    # A list (market grades with their markets) can run to hundreds of characters.
    value = models.TextField(_("extracted value"), blank=True)
    quote = models.TextField(_("quoted text"), blank=True)
    section = models.CharField(_("section"), max_length=300, blank=True)
    column = models.CharField(_("table column"), max_length=200, blank=True)
    unit = models.PositiveIntegerField(_("unit"), null=True, blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    confidence = models.FloatField(_("confidence"), default=0.0)
    needs_review = models.BooleanField(_("needs review by staff"), default=False)
    corrected_value = models.TextField(
        _("corrected value"), blank=True, help_text=_("Shown instead of the extracted value.")
    )
    correction_note = models.TextField(_("correction note"), blank=True)
    corrected_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True, editable=False)
    previous_value = models.TextField(_("value in the previous edition"), blank=True)
    previous_doc_id = models.CharField(_("previous edition"), max_length=120, blank=True)
    changed = models.BooleanField(_("changed in the new edition"), default=False)
    extracted_at = models.DateTimeField(_("extracted at"), auto_now=True)

    class Meta:
        ordering = ["product", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "attribute"], name="keyfact_one_per_attribute")
        ]
        verbose_name = _("key fact")
        verbose_name_plural = _("key facts")

    def __str__(self) -> str:
        return f"{self.product.slug}.{self.attribute}"

    @property
    def shown_value(self) -> str:
        """The value to show: a correction, else an extracted value trusted enough, else ""."""
        from knowledge.keyfacts import LOW_CONFIDENCE

        if self.corrected_value:
            return self.corrected_value
        return self.value if self.confidence >= LOW_CONFIDENCE else ""
