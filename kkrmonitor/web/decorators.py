"""Who may come in: one decorator per rule, used by every app's views.

- `login_required`: logged in; anonymous visitors go to the log-in page and come back.
- `editor_required`: an editor of some council (or an administrator), else 403.
- `member_required`: an editor or a municipal contact, else 403.
- `admin_required`: allowed to manage users, else 403.

Each view still checks the council or municipality of the object it touches through
kkrmonitor.access; these only turn away those who may do nothing of the kind at all."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from kkrmonitor.access import Access, access_for

View = Callable[..., HttpResponse]


def login_required(view: View) -> View:
    """Anonymous visitors go to the log-in page and come back. An htmx request gets the
    redirect as HX-Redirect, so the whole page goes there instead of a fragment of it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            htmx = getattr(request, "htmx", None)
            if htmx:
                back = htmx.current_url_abs_path or request.get_full_path()
                response = redirect_to_login(back)
                return HttpResponse(status=204, headers={"HX-Redirect": response["Location"]})
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def _requiring(rule: Callable[[Access], bool]) -> Callable[[View], View]:
    """A decorator: logged in (else to the log-in page), and `rule` holds (else 403)."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            access = access_for(request)
            access.require(rule(access))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def may_comment_somewhere(access: Access) -> bool:
    return access.is_editor or bool(access.contact_municipalities)


editor_required = _requiring(lambda access: access.is_editor)
editor_required.__doc__ = "Logged in as an editor of some council or an administrator, else 403."
member_required = _requiring(may_comment_somewhere)
member_required.__doc__ = "Logged in as an editor or a municipal contact, else 403."
admin_required = _requiring(lambda access: access.can_manage_users())
admin_required.__doc__ = "Logged in and allowed to manage users, else 403."
