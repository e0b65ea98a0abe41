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
