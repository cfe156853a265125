"""Editing, under /rediger/: for secretariat editors, and commenting for municipal contacts."""

from django.urls import path

from kkrmonitor.programme import cycle_views, outcome_views
from kkrmonitor.programme import edit_views as views

urlpatterns = [
    path("", views.edit_home, name="edit_home"),
    path("datoer/", views.date_preview, name="date_preview"),
    path("anbefaling/<id:pk>/", views.edit_recommendation, name="edit_recommendation"),
    path("anbefaling/<id:pk>/indsats/ny/", views.initiative_create, name="initiative_create"),
    path("anbefaling/<id:pk>/milepael/ny/", views.milestone_create, name="milestone_create"),
    path("indsats/<id:pk>/", views.initiative_edit, name="initiative_edit"),
    path("indsats/<id:pk>/offentliggoerelse/", views.initiative_publication,
         name="initiative_publication"),
    path("indsats/<id:pk>/bekraeft/", views.initiative_confirm, name="initiative_confirm"),
    path("indsats/<id:pk>/status/ny/", views.status_create, name="status_create"),
    path("indsats/<id:pk>/kommentarer/", views.comment_create, name="comment_create"),
    path("status/<id:pk>/offentliggoer/", views.status_publish, name="status_publish"),
    path("milepael/<id:pk>/", views.milestone_edit, name="milestone_edit"),
    path("milepael/<id:pk>/slet/", views.milestone_delete, name="milestone_delete"),
    path("milepael/<id:pk>/udfald/", outcome_views.milestone_outcome, name="milestone_outcome"),
    path("anbefaling/<id:pk>/begivenhed/ny/", cycle_views.event_create, name="event_create"),
    path("begivenhed/<id:pk>/", cycle_views.event_edit, name="event_edit"),
    path("begivenhed/<id:pk>/slet/", cycle_views.event_delete, name="event_delete"),
    path("anbefaling/<id:pk>/opgave/ny/", cycle_views.obligation_create,
         name="obligation_create"),
    path("opgave/<id:pk>/", cycle_views.obligation_edit, name="obligation_edit"),
]
