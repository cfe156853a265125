from django.urls import path

from kkrmonitor.search import views

urlpatterns = [
    path("soeg/", views.search_page, name="search"),
]
