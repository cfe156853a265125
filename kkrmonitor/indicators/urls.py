"""Indicator pages (public) and their editing pages under /rediger/."""

from django.urls import path

from kkrmonitor.indicators import job_views, views, year_template

urlpatterns = [
    path("indikatorer/", views.indicator_list, name="indicator_list"),
    path("indikator/<slug:slug>/", views.indicator, name="indicator"),
    path("indikator/<slug:slug>/skabelon.csv", year_template.upload_template,
         name="indicator_year_template"),
    path("rediger/indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("rediger/indikator/<slug:slug>/", views.indicator_edit, name="indicator_edit"),
    path("rediger/indikator/<slug:slug>/upload/", views.indicator_upload,
         name="indicator_upload"),
    path("rediger/indikator/<slug:slug>/upload/skabelon.xlsx/", views.indicator_upload_template,
         name="indicator_upload_template"),
    path("rediger/indikator/<slug:slug>/hent/", job_views.fetch_now, name="indicator_fetch_now"),
    path("rediger/indikator/<slug:slug>/hentning/<int:job_id>/", job_views.fetch_job,
         name="indicator_fetch_job"),
]
