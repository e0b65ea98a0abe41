"""The portal's URLs plus one page that fails, to test the 500 page."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault on our side")


urlpatterns = [*portal_urlpatterns, *i18n_patterns(path("fault/", fail), prefix_default_language=True)]
__all__ = ["handler500", "urlpatterns"]
