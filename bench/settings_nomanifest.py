"""Production settings with one change, used by the benchmark only when `kkr collectstatic`
fails (results.json then says so under "errors"): static files are served from the app's
folders through the finders (KKR_STATIC_FROM_FINDERS=1) without the manifest storage, which
would otherwise refuse to render any page without a manifest."""

from kkrmonitor.settings import *  # noqa: F403
from kkrmonitor.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
