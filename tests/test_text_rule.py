"""One rule for user-visible text: plain Danish literals in Python and templates, no gettext.

The app speaks Danish only and ships no translation catalogue, so a wrapped string and a
plain one behave alike; mixing them only hid which strings users read. Django's own texts
(form validation, dates) still come in Danish through LANGUAGE_CODE = "da".
"""

import re
from pathlib import Path

import kkrmonitor

ROOT = Path(kkrmonitor.__file__).parent
TEMPLATE_TAG = re.compile(r"\{%\s*(trans|translate|blocktrans|blocktranslate|load\s[^%]*\bi18n)\b")
PYTHON_CALL = re.compile(r"\b(gettext|gettext_lazy|ngettext|pgettext|ugettext)\b|^from django\."
                         r"utils\.translation import", re.M)


def test_templates_use_plain_danish_text() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*")
                 if p.is_file() and TEMPLATE_TAG.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_python_uses_plain_danish_text() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
                 if "migrations" not in p.parts and PYTHON_CALL.search(p.read_text("utf-8"))]
    assert offenders == []


def test_the_rule_catches_what_it_forbids() -> None:
    assert TEMPLATE_TAG.search('{% translate "Gem" %}')
    assert TEMPLATE_TAG.search("{% load static i18n %}")
    assert PYTHON_CALL.search('label=gettext_lazy("Titel")')
    assert not TEMPLATE_TAG.search("<p>Gem</p>")
