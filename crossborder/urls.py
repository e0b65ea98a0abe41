from django.urls import path

from crossborder import views

urlpatterns = [
    path("", views.enquiry_start, name="enquiry-start"),
    path("new/<slug:product_line>/", views.enquiry_create, name="enquiry-create"),
    path("status/<str:token>/", views.enquiry_status, name="enquiry-status"),
    path("confirm/<str:token>/", views.enquiry_confirm, name="enquiry-confirm"),
    path("status/<str:token>/withdraw/", views.enquiry_withdraw, name="enquiry-withdraw"),
    path("insurer/login/", views.InsurerLogin.as_view(), name="insurer-login"),
    path("insurer/logout/", views.InsurerLogout.as_view(), name="insurer-logout"),
    path("insurer/", views.dashboard, name="insurer-dashboard"),
    path("insurer/leads/<uuid:delivery_id>/", views.dashboard_lead, name="insurer-lead"),
]
