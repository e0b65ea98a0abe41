from django.urls import path

from knowledge import views

urlpatterns = [path("", views.document_view, name="document")]
