"""URL path converters shared by every URL configuration, the API's included.

`id` is a database key: digits that fit a 64-bit signed integer. Django's `int` converter accepts
any number of digits, and a value beyond 2**63 - 1 makes SQLite raise OverflowError (HTTP 500)
instead of finding nothing; such a value cannot be a key, so the URL does not match (HTTP 404).
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import register_converter, reverse

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


def url_maker(name: str, *samples: object) -> Callable[..., str]:
    """reverse(name, args) for many rows at the cost of one: the URL is reversed once with
    sample values, which are then replaced. The values are slugs, terms and numbers, which
    need no quoting; a sample must occur in the URL exactly once."""
    template = reverse(name, args=list(samples))
    for sample in samples:
        if template.count(str(sample)) != 1:
            raise ValueError(f"{sample!r} does not occur once in {template}")
        template = template.replace(str(sample), "{}")
    return template.format
