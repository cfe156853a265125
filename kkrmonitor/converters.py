"""URL path converters shared by every URL configuration, the API's included.

`id` is a database key: digits that fit a 64-bit signed integer. Django's `int` converter accepts
any number of digits, and a value beyond 2**63 - 1 makes SQLite raise OverflowError (HTTP 500)
instead of finding nothing; such a value cannot be a key, so the URL does not match (HTTP 404).
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = r"[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("not a database key")  # Django: the pattern does not match
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


register_converter(IdConverter, "id")
