"""The viewer is under a language prefix (its page is translated); the original file is not."""

from django.urls import path

from knowledge import views

urlpatterns = [path("<slug:doc_id>/", views.document_view, name="document")]

original_urlpatterns = [path("<slug:doc_id>/original", views.original_file, name="document-original")]
