"""The StatBank selection on the indicator form as select lists: one per variable of the table
(other than the area and time variables), with the values its tableinfo lists, and for
accounts-style values ("5.38.42 Botilbud") one choice per group ("5.38.*": every value of
group 5.38, added up). The table's description is fetched from KKR_STATBANK_URL and kept in the
cache for an hour."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache

from kkrmonitor.indicators.statbank import StatBankClient, StatBankError

PREFIX = "var_"
ACCOUNT = re.compile(r"^(\d+\.\d+)\.\d+\b")
CACHE_SECONDS = 3600


def load_tableinfo(table: str) -> dict[str, Any]:
    """The table's description (tableinfo), from the cache or the API; StatBankError when the
    API refuses or does not answer."""
    key = f"kkr-tableinfo:{settings.KKR_STATBANK_URL}:{table.upper()}"
    found = cache.get(key)
    if found is None:
        client = StatBankClient(settings.KKR_STATBANK_URL, timeout=15, retries=0)
        found = client.tableinfo(table)
        cache.set(key, found, CACHE_SECONDS)
    return dict(found)


def variable_choices(variable: dict[str, Any]) -> list[tuple[str, str]]:
    values = [(str(v["id"]), str(v.get("text", v["id"]))) for v in variable.get("values", [])]
    groups: dict[str, int] = {}
    for _code, text in values:
        match = ACCOUNT.match(text)
        if match:
            groups[match.group(1)] = groups.get(match.group(1), 0) + 1
    choices = [(f"{group}.*", f"{group} – alle {count} i gruppen, lagt sammen")
               for group, count in groups.items() if count > 1]
    return choices + [(code, text if text.startswith(code) else f"{code} – {text}")
                      for code, text in values]


def add_selection_fields(form: forms.BaseForm, info: dict[str, Any], area_variable: str,
                         time_variable: str, current: dict[str, list[str]]) -> list[str]:
    """Add a select list per variable to `form`; returns the fields' names in table order."""
    names = []
    skip = {area_variable.upper(), time_variable.upper()}
    chosen = {k.upper(): v for k, v in current.items()}
    for variable in info.get("variables", []):
        variable_id = str(variable["id"])
        if variable_id.upper() in skip or variable.get("time"):
            continue
        name = PREFIX + variable_id
        choices = variable_choices(variable)
        form.fields[name] = forms.ChoiceField(
            label=f"{variable.get('text', variable_id)} ({variable_id})".capitalize(),
            choices=[("", "Vælg en værdi"), *choices], required=True,
            error_messages={"required": f"Vælg en værdi for {variable_id}.",
                            "invalid_choice": f"Tabellen har ikke den valgte værdi for "
                                              f"{variable_id}."},
            widget=forms.Select(attrs={"class": "form-select"}))
        codes = chosen.get(variable_id.upper())
        if codes and len(codes) == 1:
            form.initial[name] = codes[0]
        names.append(name)
    return names


def selection_from(cleaned: dict[str, Any], names: list[str]) -> dict[str, list[str]]:
    return {name[len(PREFIX):]: [cleaned[name]] for name in names if cleaned.get(name)}


__all__ = ["StatBankError", "add_selection_fields", "load_tableinfo", "selection_from"]
