from django.urls import include, path

from kkrmonitor import converters  # noqa: F401  (registers <id:…> before any pattern)
from kkrmonitor.api import api
from kkrmonitor.web.views import favicon

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("api/", api.urls),
    path("", include("kkrmonitor.programme.urls")),
    path("konto/", include("kkrmonitor.accounts.urls")),
    path("rediger/", include("kkrmonitor.programme.edit_urls")),
    path("rediger/", include("kkrmonitor.owners.urls")),
    path("konto/e-mails/", include("kkrmonitor.notifications.urls")),
    path("", include("kkrmonitor.meetings.urls")),
    path("", include("kkrmonitor.meetings.feature_urls")),
    path("", include("kkrmonitor.indicators.urls")),
    path("", include("kkrmonitor.joint.urls")),
    path("", include("kkrmonitor.registers.urls")),
    path("", include("kkrmonitor.ops.urls")),
    path("", include("kkrmonitor.reports.urls")),
    path("", include("kkrmonitor.web.legal_urls")),
    path("", include("kkrmonitor.search.urls")),
]
