"""Meetings: public pages per council and meeting, the decision register, the deadlines, and
editing under /rediger/moeder/."""

from django.urls import path

from kkrmonitor.meetings import document_views, views

# --- meetings, decisions and deadlines (issue 4, items 1 and 3) ---------------------------------
urlpatterns = [
    path("moeder/<slug:council>/", views.meeting_list, name="meeting_list"),
    path("moede/<id:pk>/", views.meeting, name="meeting"),
    path("beslutninger/<slug:council>/", views.decision_register, name="decision_register"),
    path("frister/<slug:council>/", views.council_deadlines, name="deadlines"),
    path("rediger/moeder/<slug:council>/nyt/", views.meeting_create, name="meeting_create"),
    path("rediger/moeder/<id:pk>/", views.meeting_edit, name="meeting_edit"),
    path("rediger/moeder/<id:pk>/punkt/nyt/", views.agenda_item_create,
         name="agenda_item_create"),
    path("rediger/moeder/punkt/<id:pk>/", views.agenda_item_edit, name="agenda_item_edit"),
    path("rediger/moeder/punkt/<id:pk>/beslutning/ny/", views.decision_create,
         name="decision_create"),
    # --- meeting documents (issue 15, items 1–3) ---------------------------------------------
    path("rediger/moeder/<slug:council>/indlaes/", document_views.document_upload,
         name="meeting_document_upload"),
    path("rediger/moeder/<id:pk>/indlaeste-punkter/", document_views.imported_items,
         name="imported_items"),
    path("rediger/moeder/forslag/<id:pk>/", document_views.suggestion_decide,
         name="suggestion_decide"),
    path("rediger/moeder/punkt/<id:pk>/offentliggoer/", document_views.item_publish,
         name="agenda_item_publish"),
    path("rediger/moeder/<id:pk>/bilag/nyt/", document_views.attachment_create,
         name="attachment_create"),
    path("moede/bilag/<id:pk>/", document_views.attachment_download,
         name="attachment_download"),
]
