"""The shared web layer (kkrmonitor.web): who may come in, where a `next` may lead, the
favicon, and a 403 logged as one warning line without a stack trace."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

import kkrmonitor
from kkrmonitor.web.helpers import safe_next

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/kkrmonitor/favicon.svg"


def test_a_403_is_one_warning_line_without_a_traceback(client, outsider, caplog):
    client.force_login(outsider)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("indicator_create"))
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("WARNING", "Forbidden (Permission denied): /rediger/indikatorer/ny/")]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("name", ["indicator_create", "edit_home", "user_list"])
def test_anonymous_visitors_are_sent_to_log_in_and_back(client, reference_data, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_anonymous_htmx_request_redirects_the_whole_page(client, reference_data):
    response = client.get(reverse("indicator_create"), headers={
        "HX-Request": "true", "HX-Current-URL": "http://testserver/indikatorer/"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/indikatorer/"


@pytest.mark.parametrize(("user", "name", "status"), [
    ("outsider", "indicator_create", 403), ("contact", "indicator_create", 403),
    ("editor", "indicator_create", 200), ("contact", "edit_home", 200),
    ("outsider", "edit_home", 403), ("editor", "user_list", 403),
    ("admin_user", "user_list", 200),
])
def test_each_decorator_lets_in_whom_it_names(client, request, user, name, status):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse(name)).status_code == status


@pytest.mark.parametrize(("target", "expected"), [
    ("/rediger/", "/rediger/"),
    ("https://evil.example/", ""),
    ("//evil.example/", ""),
    ("", ""),
])
def test_safe_next_stays_on_the_site(target, expected):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request) == expected
    assert safe_next(RequestFactory().get("/", {"next": target})) == expected


SHARED_PARTIALS = {"_field.html", "_messages.html", "_conflict.html", "_form_errors.html",
                   "_date_field.html", "_choice_field.html"}


def test_every_form_uses_the_one_copy_of_each_form_partial():
    templates = Path(kkrmonitor.__file__).parent / "templates"
    shared = templates / "includes" / "forms"
    assert {p.name for p in shared.glob("_*.html")} == SHARED_PARTIALS
    copies = [p.relative_to(templates) for p in templates.rglob("_*.html")
              if p.parent != shared and (p.name in SHARED_PARTIALS or p.name in {
                  "_errors.html", "_checkbox_field.html", "_radio_field.html"})]
    assert copies == []
    stale = [p.relative_to(templates) for p in templates.rglob("*.html")
             if re.search(r'include "(?!includes/forms/)[a-z]+/_(field|messages|conflict|'
                          r'form_errors|date_field|choice_field)\.html"',
                          p.read_text(encoding="utf-8"))]
    assert stale == []


def test_who_may_come_in_is_decided_by_the_web_layers_decorators_only():
    """No view module defines its own decorator or uses Django's login_required (which knows
    nothing of htmx); each rule has one definition, in kkrmonitor/web/decorators.py."""
    package = Path(kkrmonitor.__file__).parent
    offenders = [str(p.relative_to(package)) for p in package.glob("*/*views.py")
                 if re.search(r"@wraps\(|django\.contrib\.auth\.decorators|def \w+_required\(",
                              p.read_text(encoding="utf-8"))]
    assert offenders == []
