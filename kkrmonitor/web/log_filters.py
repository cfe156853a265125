"""Expected refusals are one line in the server log, not a stack trace.

Django logs a PermissionDenied (403) on `django.request` with the exception attached, so every
refused visit printed a traceback, as if something had broken. A 403 is the access rules doing
their work: keep the warning line ("Forbidden (Permission denied): /rediger/…"), drop the
stack."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class ExpectedRefusalFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
