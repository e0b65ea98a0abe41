from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chat.models import ContactRequest, Conversation, Feedback, KnowledgeGap, Message


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ("role", "text", "kind", "language", "created_at")
    readonly_fields = fields


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("id", "created_at")
    inlines = [MessageInline]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("message", "vote", "reason", "created_at")
    list_filter = ("vote",)
    readonly_fields = ("message", "vote", "reason", "created_at")


@admin.register(KnowledgeGap)
class KnowledgeGapAdmin(admin.ModelAdmin):
    """Answers that declined for lack of documents, or that visitors voted down, with the question asked."""

    list_display = ("question", "kind", "vote", "reason", "created_at")
    list_filter = ("kind", "language")
    readonly_fields = ("conversation", "text", "kind", "language", "citations", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[KnowledgeGap]:
        answers = super().get_queryset(request).filter(role=Message.Role.ASSISTANT)
        return answers.filter(Q(kind="no_answer") | Q(feedback__vote=Feedback.Vote.DOWN)).select_related(
            "feedback"
        )

    @admin.display(description=_("question"))
    def question(self, obj: KnowledgeGap) -> str:
        asked = Message.objects.filter(
            conversation_id=obj.conversation_id, role=Message.Role.USER, pk__lt=obj.pk
        ).last()
        return asked.text if asked else ""

    @admin.display(description=_("vote"))
    def vote(self, obj: KnowledgeGap) -> str:
        feedback = getattr(obj, "feedback", None)
        return feedback.vote if feedback else ""

    @admin.display(description=_("reason"))
    def reason(self, obj: KnowledgeGap) -> str:
        feedback = getattr(obj, "feedback", None)
        return feedback.reason if feedback else ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    """Visitors who asked a person to get back to them; staff tick "handled" once they have."""

    list_display = ("reference", "created_at", "name", "channel", "contact", "language", "handled")
    list_filter = ("handled", "channel", "language")
    list_editable = ("handled",)
    search_fields = ("reference", "name", "contact")
    readonly_fields = (
        "reference",
        "created_at",
        "name",
        "channel",
        "contact",
        "question",
        "transcript",
        "language",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
