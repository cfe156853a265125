"""Small text helpers shared across the project."""

from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slug(text: str) -> str:
    """A URL slug that keeps Danish letters readable: "Høje-Taastrup" → "hoeje-taastrup"."""
    return slugify(text.translate(_DANISH))
