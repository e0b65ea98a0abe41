from django.urls import path

from crossborder import views

urlpatterns = [path("enquiries/", views.enquiry_api, name="enquiry-api")]
