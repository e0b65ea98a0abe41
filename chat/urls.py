from django.urls import path

from chat import contact_views, views

urlpatterns = [
    path("", views.chat_api, name="chat-api"),
    path("session/", views.chat_session, name="chat-session"),
    path("conversations/", views.conversation_create, name="chat-conversations"),
    path("conversations/<str:conversation_id>/", views.conversation_detail, name="chat-conversation"),
    path("messages/<int:message_id>/feedback/", views.feedback, name="chat-feedback"),
    path("contact/", contact_views.contact_request, name="chat-contact"),
]
