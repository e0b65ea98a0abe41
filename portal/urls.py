from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from knowledge import urls as knowledge_urls
from portal import compare_views, views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/chat/", include("chat.urls")),
    path("api/", include("crossborder.api_urls")),
    path("documents/", include(knowledge_urls.original_urlpatterns)),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("products/", views.catalogue, name="catalogue"),
    path("products/<slug:slug>/", views.product_detail, name="product-detail"),
    path("compare/", compare_views.compare, name="compare"),
    path("enquiries/", include("crossborder.urls")),
    path("documents/", include("knowledge.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler500 = "portal.views.server_error"

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", views.media_download, {"document_root": settings.MEDIA_ROOT})]
