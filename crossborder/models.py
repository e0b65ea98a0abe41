"""Enquiries from applicants, their consents, and the leads routed to insurers."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class DataLocation(models.TextChoices):
    """Where an insurer receives and holds lead data: decides whether a lead crosses the boundary."""

    HK = "HK", _("Hong Kong")
    GBA = "GBA", _("a mainland GBA city")
    MAINLAND = "mainland", _("elsewhere on the mainland")


class Enquiry(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        ROUTED = "routed", _("sent to insurers")
        NOT_ROUTED = "not_routed", _("no insurer matched")
        WITHDRAWN = "withdrawn", _("consent withdrawn")
        MERGED = "merged", _("merged with an earlier enquiry")
        BLOCKED = "blocked", _("passed to a person")

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
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    routing_log = models.JSONField(_("routing decisions"), default=list, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    transcript = models.TextField(_("chat transcript"), blank=True)
    # The chat conversation the transcript came from: erased with the enquiry.
    conversation_id = models.UUIDField(null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_enquiries"
    )
    # R6: a group with entities on both sides of the boundary gets one enquiry per entity, each
    # with its own consents and data; they point at each other and are routed separately.
    group_sibling = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("the group's other entity's enquiry (R6)"),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Set when the applicant follows the link e-mailed to them: only a confirmed enquiry can absorb
    # a later one (dedupe), so nobody can make a stranger's enquiry vanish by asking first.
    email_confirmed_at = models.DateTimeField(null=True, blank=True)

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
        EXPIRED = "expired", _("not acknowledged in time")

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="leads")
    insurer = models.ForeignKey(Insurer, on_delete=models.PROTECT, related_name="leads")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    reason = models.TextField(_("why this insurer"), blank=True)
    # How the insurer knows this lead (API, dashboard, withdrawal feed); also the idempotency key
    # of its `lead.created` webhook event.
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_("fields shared with this insurer"), default=dict, blank=True)
    ack_due_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    quote_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    quote_currency = models.CharField(max_length=3, blank=True)
    quote_valid_until = models.DateField(null=True, blank=True)
    quote_document = models.FileField(upload_to="quotes/", blank=True)
    quote_notes = models.TextField(blank=True)
    # What the applicant compares besides the premium: {"period_months", "plan", "deductible",
    # "insured"} (deductible in the quote's currency, as a string); written by crossborder.quotes.
    quote_terms = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["enquiry", "insurer"], name="one_lead_per_insurer")]
        # Routing reads each insurer's leads today and its latest lead on every submission.
        indexes = [models.Index(fields=["insurer", "created_at"], name="lead_insurer_created")]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self) -> str:
        return f"{self.enquiry} → {self.insurer}"


class InsurerAppetite(models.Model):
    """What an insurer is willing and able to take; routing reads only this and the licences."""

    insurer = models.OneToOneField(Insurer, on_delete=models.CASCADE, related_name="appetite")
    active = models.BooleanField(default=True)
    product_lines = models.JSONField(default=list, blank=True, help_text=_("Subset of the insurer's lines."))
    jurisdictions = models.JSONField(
        default=list, blank=True, help_text=_("Applicant jurisdictions served: HK, Shenzhen, other_mainland.")
    )
    min_turnover_hkd = models.BigIntegerField(null=True, blank=True)
    max_turnover_hkd = models.BigIntegerField(null=True, blank=True)
    excluded_countries = models.JSONField(default=list, blank=True, help_text=_("ISO alpha-2 codes."))
    daily_cap = models.PositiveIntegerField(null=True, blank=True)
    weight = models.PositiveSmallIntegerField(default=1, help_text=_("Share of rotation among equals."))
    underwriter_cases = models.BooleanField(
        default=False,
        help_text=_("Takes underwriter-only cases (health data, known threats, overdue debts)."),
    )
    places_us_cgl = models.BooleanField(default=False, help_text=_("Can place US product liability (R7)."))
    data_location = models.CharField(
        max_length=10,
        choices=DataLocation.choices,
        blank=True,
        help_text=_(
            "Where the insurer receives and holds lead data. Empty: Hong Kong if IA-authorised, "
            "otherwise the mainland outside the GBA."
        ),
    )
    webhook_url = models.URLField(blank=True)
    webhook_secret = models.CharField(max_length=128, blank=True)
    notify_email = models.EmailField(blank=True)

    class Meta:
        verbose_name = _("insurer appetite")
        verbose_name_plural = _("insurer appetites")

    def __str__(self) -> str:
        return str(self.insurer)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from crossborder.webhooks import validate_url

        if self.webhook_url:
            if not self.webhook_secret:
                raise ValidationError({"webhook_secret": _("A webhook needs a signing secret.")})
            try:
                validate_url(self.webhook_url)
            except ValidationError as exc:
                raise ValidationError({"webhook_url": exc.messages}) from None


class InsurerMember(models.Model):
    """A dashboard user; every query of theirs is scoped to this one insurer."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="insurer_member"
    )
    insurer = models.ForeignKey(Insurer, on_delete=models.CASCADE, related_name="members")

    def __str__(self) -> str:
        return f"{self.user} @ {self.insurer}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class InsurerToken(models.Model):
    """An API token; only its SHA-256 is stored, the raw value is shown once."""

    insurer = models.ForeignKey(Insurer, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.insurer}: {self.name}"

    @classmethod
    def issue(cls, insurer: Insurer, name: str) -> tuple[InsurerToken, str]:
        raw = "ins_" + secrets.token_urlsafe(32)
        return cls.objects.create(insurer=insurer, name=name, key_hash=hash_token(raw)), raw


class AuditEvent(models.Model):
    """Who changed what, when; enquiry kept as a reference string so erasure keeps the trail."""

    enquiry_reference = models.CharField(max_length=16, db_index=True)
    lead_id_ref = models.PositiveBigIntegerField(null=True, blank=True)
    actor = models.CharField(max_length=120)
    action = models.CharField(max_length=60)
    changes = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.enquiry_reference}"


class StaffAlert(models.Model):
    """Something staff should look at (a spike in the lead rate); also e-mailed to ADMINS."""

    kind = models.CharField(max_length=40)
    # One alert per kind and window: concurrent submissions cannot raise it twice.
    window_start = models.DateTimeField()
    message = models.TextField()
    count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "window_start"], name="one_alert_per_window")]
        verbose_name = _("staff alert")
        verbose_name_plural = _("staff alerts")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"


class LeadWithdrawal(models.Model):
    """An insurer's lead whose applicant withdrew consent: the feed every insurer reads
    (API `GET /withdrawals`, dashboard banner), whatever channel the lead reached it by.

    No personal data: the lead's delivery id and the reference the insurer already holds.
    """

    insurer = models.ForeignKey(Insurer, on_delete=models.CASCADE, related_name="withdrawals")
    lead_delivery_id = models.UUIDField(unique=True)
    reference = models.CharField(max_length=16, db_index=True)
    withdrawn_at = models.DateTimeField(auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-withdrawn_at"]
        verbose_name = _("lead withdrawal")
        verbose_name_plural = _("lead withdrawals")

    def __str__(self) -> str:
        return f"{self.reference} withdrawn ({self.insurer})"

    @property
    def ack_due_at(self) -> datetime:
        """By when the insurer should say it erased its copy: a lead's own term (LEAD_ACK_HOURS)."""
        return self.withdrawn_at + timedelta(hours=settings.LEAD_ACK_HOURS)


class EventDelivery(models.Model):
    """The outbox: one row per webhook event for one insurer (`lead.created`, `lead.withdrawn`, …),
    in Saleor's shape (an event's delivery with its attempts). Written in the transaction that
    causes the event, together with its first delivery job; `crossborder.sender` sends it.

    A `lead.created` row goes with its lead (erasure deletes both); a `lead.withdrawn` row outlives
    the erased lead and holds no personal data: the lead's delivery id and the reference.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        DEAD = "dead", _("dead letter")
        CANCELLED = "cancelled", _("not sent: the lead expired")

    # The idempotency key (X-Portal-Delivery, and `delivery_id` in the signed body), stable across
    # retries and re-sends; for `lead.created` it is the lead's own delivery id.
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40)
    insurer = models.ForeignKey(Insurer, on_delete=models.PROTECT, related_name="event_deliveries")
    lead = models.ForeignKey(Lead, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    lead_delivery_id = models.UUIDField(help_text=_("The lead's delivery id, as the insurer knows it."))
    reference = models.CharField(max_length=16, db_index=True)
    payload = models.JSONField(default=dict, help_text=_("The event's `lead` object, as sent."))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    # Not sent before this (the backoff of a retry, or the end of another event's lease).
    next_at = models.DateTimeField(default=timezone.now)
    # A worker holds the lease while it sends; an expired lease means the worker died mid-send.
    lease_until = models.DateTimeField(null=True, blank=True)
    # When a worker first started sending: from then on the insurer may hold the data.
    attempted_at = models.DateTimeField(null=True, blank=True)
    # Attempts since the event was (re-)queued; WEBHOOK_MAX_ATTEMPTS of them make a dead letter.
    run_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "lead_delivery_id"], name="one_delivery_per_event_and_lead"
            )
        ]
        indexes = [models.Index(fields=["state", "next_at"], name="event_delivery_due")]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.event} {self.reference} → {self.insurer}"


class EventDeliveryAttempt(models.Model):
    """One POST of an event: its reply's status and reason (never its body), or the error."""

    delivery = models.ForeignKey(EventDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")

    def __str__(self) -> str:
        return f"{self.delivery} #{self.number}: {self.status_code or self.error}"


class ScheduledJob(models.Model):
    """A periodic job of `manage.py run_scheduler`: when it is next due and how its last run went.

    The row is the lock (a scheduler runs a job only if it moves `next_run_at` on first) and the
    heartbeat `/healthz` reads.
    """

    name = models.CharField(max_length=40, unique=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=300, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name
