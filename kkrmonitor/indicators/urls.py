"""Indicator pages (public) and their editing pages under /rediger/."""

from django.urls import path

from kkrmonitor.indicators import upload_template, views

urlpatterns = [
    path("indikatorer/", views.indicator_list, name="indicator_list"),
    path("indikator/<slug:slug>/", views.indicator, name="indicator"),
    path("indikator/<slug:slug>/skabelon.csv", upload_template.upload_template,
         name="indicator_upload_template"),
    path("rediger/indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("rediger/indikator/<slug:slug>/", views.indicator_edit, name="indicator_edit"),
    path("rediger/indikator/<slug:slug>/upload/", views.indicator_upload,
         name="indicator_upload"),
]
