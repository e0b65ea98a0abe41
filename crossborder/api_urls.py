from django.urls import path

from crossborder import views
from crossborder.api import api

urlpatterns = [
    path("enquiries/", views.enquiry_api, name="enquiry-api"),
    path("insurer/", api.urls),
]
