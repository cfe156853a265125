from django.urls import path

from kkrmonitor.ops import views

urlpatterns = [
    path("helbred/", views.health, name="health"),
]
