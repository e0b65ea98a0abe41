"""Enquiries from applicants, their consents, and the leads routed to insurers."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Insurer, ProductLine


def new_reference() -> str:
    # Short and readable over the phone; uniqueness is enforced by the column.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "GBA-" + "".join(secrets.choice(alphabet) for _ in range(8))


def new_access_token() -> str:
    return secrets.token_urlsafe(32)


class ApplicantJurisdiction(models.TextChoices):
    HK = "HK", _("Hong Kong")
    SHENZHEN = "Shenzhen", _("Shenzhen")
    OTHER_MAINLAND = "other_mainland", _("Other mainland city")
    OTHER = "other", _("Elsewhere")


MAINLAND_JURISDICTIONS = frozenset({ApplicantJurisdiction.SHENZHEN, ApplicantJurisdiction.OTHER_MAINLAND})


class Enquiry(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        ROUTED = "routed", _("sent to insurers")
        NOT_ROUTED = "not_routed", _("no insurer matched")
        WITHDRAWN = "withdrawn", _("consent withdrawn")

    reference = models.CharField(max_length=16, unique=True, default=new_reference, editable=False)
    access_token = models.CharField(max_length=64, unique=True, default=new_access_token, editable=False)
    product_line = models.CharField(_("product line"), max_length=20, choices=ProductLine.choices)
    applicant_jurisdiction = models.CharField(
        _("where the applicant (person or company) is based"),
        max_length=20,
        choices=ApplicantJurisdiction.choices,
    )
    contact_name = models.CharField(_("contact name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, default="en")
    details = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    routing_log = models.JSONField(_("routing decisions"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")

    def __str__(self) -> str:
        return self.reference

    def has_consent(self, purpose: str) -> bool:
        return self.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists()


class ConsentRecord(models.Model):
    """One consent, as given: which text version, when; withdrawal keeps the row."""

    class Purpose(models.TextChoices):
        PROCESS = "process", _("processing to answer the enquiry")
        SHARE = "share", _("sharing with named insurers")
        CROSS_BOUNDARY = "cross_boundary", _("cross-boundary transfer")
        SENSITIVE = "sensitive", _("sensitive (health) data")
        MARKETING = "marketing", _("the portal's own marketing")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    text_version = models.CharField(max_length=20)
    granted_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enquiry", "purpose"], name="one_consent_per_purpose")]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.enquiry} {self.purpose} v{self.text_version}"


class Lead(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        DELIVERED = "delivered", _("delivered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        QUOTED = "quoted", _("quoted")
        WON = "won", _("won")
        LOST = "lost", _("lost")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="leads")
    insurer = models.ForeignKey(Insurer, on_delete=models.PROTECT, related_name="leads")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    reason = models.TextField(_("why this insurer"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["enquiry", "insurer"], name="one_lead_per_insurer")]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self) -> str:
        return f"{self.enquiry} → {self.insurer}"
