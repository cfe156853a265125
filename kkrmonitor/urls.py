from django.urls import include, path

urlpatterns = [
    path("", include("kkrmonitor.programme.urls")),
]
