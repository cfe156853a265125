"""Under /rediger/: my tasks, and who is responsible."""

from django.urls import path

from kkrmonitor.owners import views

urlpatterns = [
    path("mine-opgaver/", views.my_tasks, name="my_tasks"),
    path("indsats/<id:pk>/ansvarlig/", views.assign_initiative, name="assign_initiative"),
    path("milepael/<id:pk>/ansvarlig/", views.assign_milestone, name="assign_milestone"),
    path("faelles-trin/<id:pk>/ansvarlig/", views.assign_stage, name="assign_stage"),
]
