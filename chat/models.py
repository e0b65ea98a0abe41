"""Conversations with the plan-document assistant."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The visitor's browser session (or WebSocket connection) owns the conversation: nobody else can
    # read it. A keyed hash (chat.owners), never the session key itself; empty for a token-only owner.
    owner_key = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # An API client's conversation token (chat.owners), as a keyed hash: also grants access.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return str(self.id)


class Message(models.Model):
    class Role(models.TextChoices):
        USER = "user", _("visitor")
        ASSISTANT = "assistant", _("assistant")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    text = models.TextField()
    language = models.CharField(max_length=8, blank=True)
    kind = models.CharField(max_length=12, blank=True)
    citations = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.role}: {self.text[:60]}"


class Feedback(models.Model):
    """A visitor's thumbs up or down on one answer; down-votes and declines are knowledge gaps."""

    class Vote(models.TextChoices):
        UP = "up", _("helpful")
        DOWN = "down", _("not helpful")

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="feedback")
    vote = models.CharField(max_length=4, choices=Vote.choices)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer feedback")
        verbose_name_plural = _("answer feedback")

    def __str__(self) -> str:
        return f"{self.vote}: {self.message_id}"


class KnowledgeGap(Message):
    """Questions the documents did not answer, or whose answers were voted down (admin view)."""

    class Meta:
        proxy = True
        verbose_name = _("knowledge gap")
        verbose_name_plural = _("knowledge gaps")


class ContactRequest(models.Model):
    """A visitor asks a person to get back to them; staff handle these in the admin."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone call")
        EMAIL = "email", _("E-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    channel = models.CharField(_("how to reach you"), max_length=10, choices=Channel.choices)
    contact = models.CharField(_("phone number or e-mail address"), max_length=254)
    question = models.TextField(_("question"), max_length=2000)
    # Only with the visitor's explicit consent; empty otherwise.
    transcript = models.TextField(_("chat transcript"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    handled = models.BooleanField(_("handled"), default=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self) -> str:
        return self.reference
