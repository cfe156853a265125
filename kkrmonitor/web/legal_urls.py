"""The legally required pages, linked from every page's footer."""

from django.urls import path

from kkrmonitor.web import legal

urlpatterns = [
    path("tilgaengelighed/", legal.accessibility_statement, name="accessibility_statement"),
    path("privatliv/", legal.privacy_notice, name="privacy_notice"),
    path("was", legal.was, name="was"),
]
