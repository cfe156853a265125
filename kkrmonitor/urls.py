from django.urls import include, path

urlpatterns = [
    path("", include("kkrmonitor.programme.urls")),
    path("konto/", include("kkrmonitor.accounts.urls")),
    path("rediger/", include("kkrmonitor.programme.edit_urls")),
    path("", include("kkrmonitor.meetings.urls")),
    path("", include("kkrmonitor.meetings.feature_urls")),
    path("", include("kkrmonitor.indicators.urls")),
    path("", include("kkrmonitor.joint.urls")),
]
