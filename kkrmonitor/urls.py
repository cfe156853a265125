from django.urls import include, path

urlpatterns = [
    path("", include("kkrmonitor.programme.urls")),
    path("konto/", include("kkrmonitor.accounts.urls")),
    path("rediger/", include("kkrmonitor.programme.edit_urls")),
]
