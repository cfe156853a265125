"""The annual wheel, the term timeline, the calendar feeds and the meeting's status annex
(issue 4, items 2, 4 and 5)."""

from django.urls import path

from kkrmonitor.meetings import annex_views, calendar_views, wheel_views

urlpatterns = [
    path("kalender/<slug:council>.ics", calendar_views.calendar_council,
         name="calendar_council"),
    path("kalender/<slug:council>/arkiv.ics", calendar_views.calendar_council_archive,
         name="calendar_council_archive"),
    path("kalender/<slug:council>/anbefaling/<id:number>.ics",
         calendar_views.calendar_recommendation, name="calendar_recommendation"),
    path("aarshjul/<slug:council>/<id:year>/", wheel_views.wheel, name="wheel"),
    path("tidslinje/<slug:council>/<str:term>/", wheel_views.term_timeline,
         name="term_timeline"),
    path("moede/<id:pk>/bilag.docx", annex_views.annex_docx, name="annex_docx"),
    path("moede/<id:pk>/bilag.pdf", annex_views.annex_pdf, name="annex_pdf"),
    path("moede/<id:pk>/bilag/", annex_views.annex_review, name="annex_review"),
    path("moede/<id:pk>/bilag/kort-status/<id:rec>/", annex_views.annex_brief,
         name="annex_brief"),
    path("moede/<id:pk>/bilag/afslut/", annex_views.annex_finalise, name="annex_finalise"),
]
