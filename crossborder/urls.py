from django.urls import path

from crossborder import dashboard, views

urlpatterns = [
    path("", views.enquiry_start, name="enquiry-start"),
    path("new/<slug:product_line>/", views.enquiry_create, name="enquiry-create"),
    path("new/<slug:product_line>/step/", views.enquiry_step, name="enquiry-step"),
    path("status/<str:token>/", views.enquiry_status, name="enquiry-status"),
    path("confirm/<str:token>/", views.enquiry_confirm, name="enquiry-confirm"),
    path("status/<str:token>/withdraw/", views.enquiry_withdraw, name="enquiry-withdraw"),
    path(
        "status/<str:token>/interested/<uuid:delivery_id>/",
        views.enquiry_interested,
        name="enquiry-interested",
    ),
    path(
        "status/<str:token>/quotes/<uuid:delivery_id>/document/",
        views.enquiry_quote_document,
        name="enquiry-quote-document",
    ),
    path("resend/", views.enquiry_resend, name="enquiry-resend"),
    path("insurer/login/", dashboard.InsurerLogin.as_view(), name="insurer-login"),
    path("insurer/logout/", dashboard.InsurerLogout.as_view(), name="insurer-logout"),
    path("insurer/", dashboard.dashboard, name="insurer-dashboard"),
    path("insurer/leads/<uuid:delivery_id>/", dashboard.dashboard_lead, name="insurer-lead"),
    path(
        "insurer/withdrawals/<uuid:delivery_id>/acknowledge/",
        dashboard.withdrawal_acknowledge,
        name="insurer-withdrawal-acknowledge",
    ),
]
