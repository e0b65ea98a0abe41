from django.urls import path

from crossborder import views
from crossborder.api import api

urlpatterns = [
    path("enquiries/", views.enquiry_api, name="enquiry-api"),
    path("enquiries/matches/", views.enquiry_matches_api, name="enquiry-matches-api"),
    path("insurer/", api.urls),
]
