"""Settings for the test suite: production settings (DEBUG off) minus HTTPS, with a throwaway key.

The environment is set before the real settings are read, so tests run the same code paths as
production; only what needs a TLS proxy is switched off.
"""

import os

os.environ.setdefault("KKR_SECRET_KEY", "test-only-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("KKR_DEBUG", "0")
os.environ.setdefault("KKR_SSL_REDIRECT", "0")
os.environ.setdefault("KKR_SECURE_COOKIES", "0")
os.environ.setdefault("KKR_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from kkrmonitor.settings import *  # noqa: E402,F403
from kkrmonitor.settings import STORAGES  # noqa: E402

# No collectstatic in tests: serve the app's static folders as they are.
STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 is tested
# Most tests write and read back within one transaction that never commits, so the page cache
# (invalidated on commit) is off; tests/pagecache turns it on and commits for real.
KKR_PAGE_CACHE_SECONDS = 0
# In memory, unless KKR_CACHE_URL names a Redis server (CI's PostgreSQL pass starts one, so the
# page-cache tests run against Django's Redis back end too).
if not KKR_CACHE_URL:  # noqa: F405
    CACHES = {**CACHES, "pages": {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kkr-test-pages"}}
# Background jobs run at once, inside the request, so a test sees their result.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Never the real StatBank from a test: a closed local port, refused at once. Tests that fetch
# point it at their local fake server.
KKR_STATBANK_URL = "http://127.0.0.1:9/v1"
