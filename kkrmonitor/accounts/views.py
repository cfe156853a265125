"""Logging in and out, passwords, and user administration for administrators.

Thin views: who may do what is decided by kkrmonitor.access, and every write goes through
kkrmonitor.accounts.services (one transaction, one audit event)."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kkrmonitor.access import Access, access_for
from kkrmonitor.accounts import forms, services, throttle
from kkrmonitor.accounts.models import Membership, User
from kkrmonitor.notifications.models import Bounce
from kkrmonitor.web.decorators import admin_required, may_comment_somewhere
from kkrmonitor.web.helpers import author_for, crumbs, safe_next

logger = logging.getLogger(__name__)


def access_context(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `access` for templates, computed only if a template asks."""
    return {"access": SimpleLazyObject(lambda: access_for(request))}


# --- logging in and out --------------------------------------------------------------------

def lockout_message(lock: throttle.Lockout) -> str:
    minutes = lock.minutes_left()
    unit = "minut" if minutes == 1 else "minutter"
    return f"For mange mislykkede forsøg. Prøv igen om {minutes} {unit}."


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    lock: throttle.Lockout | None = None
    if request.method == "POST":
        form = forms.LoginForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["email"]
            ip = throttle.client_ip(request)
            # A locked address is refused before the password is looked at, so guessing on
            # gains nothing, not even a timing difference.
            lock = throttle.lockout(email, ip)
            if lock is None:
                user = authenticate(request, email=email, password=form.cleaned_data["password"])
                if user is None:
                    throttle.record_failure(email, ip)
                    form.add_error(None, "Forkert e-mail eller adgangskode.")
                else:
                    throttle.record_success(email, ip)
                    auth_login(request, user)  # a new session key: no session fixation
                    return redirect(next_url or landing_page(user))
    else:
        form = forms.LoginForm()
    context = {"form": form, "next": next_url,
               "lockout_message": lockout_message(lock) if lock else ""}
    response = render(request, "accounts/login.html", context, status=429 if lock else 200)
    if lock:
        response["Retry-After"] = str(lock.seconds_left())
    return response


def landing_page(user: Any) -> str:
    """Editors and municipal contacts land on their work queues; everyone else on the
    front page."""
    if may_comment_somewhere(Access.for_user(user)):
        return reverse("edit_home")
    return reverse(settings.LOGIN_REDIRECT_URL)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """POST only (a link or an image could otherwise log people out)."""
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- passwords: Django's views with Danish templates and audited forms ---------------------

class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, throttled per e-mail address and per client address like log-in.
    A refused request gets the same redirect as an accepted one and no mail, so neither the
    answer nor the throttle tells anyone whether the address belongs to a user."""

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        ip = throttle.client_ip(self.request)
        if throttle.reset_refused(email, ip):
            logger.warning("Password-reset mail refused by the throttle (client %s)", ip)
            return HttpResponseRedirect(self.get_success_url())
        throttle.record_reset_request(email, ip)
        return super().form_valid(form)


password_reset = ThrottledPasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    form_class=forms.PasswordResetForm,
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=forms.SetPasswordForm,
    success_url=reverse_lazy("password_reset_complete"),
)
invite_accept = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/invite_accept.html",
    form_class=forms.InviteAcceptForm,
    success_url=reverse_lazy("password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html")
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change_form.html",
    form_class=forms.PasswordChangeForm,
    success_url=reverse_lazy("password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html")


# --- user administration -------------------------------------------------------------------

def _with_memberships() -> QuerySet[User]:
    return User.objects.prefetch_related(Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("council", "municipality").order_by(
            "role", "council__name", "municipality__name")))


@admin_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = _with_memberships().order_by("full_name", "email")
    return render(request, "accounts/user_list.html", {
        "users": users,
        "bounce_count": Bounce.objects.count(),
        "crumbs": crumbs(("Brugere", None)),
    })


@admin_required
def user_invite(request: HttpRequest) -> HttpResponse:
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invite_user(
                author_for(request), email=data["email"], full_name=data["full_name"],
                grant=form.grant(), base_url=request.build_absolute_uri("/"))
        except services.AccountError as error:
            form.add_error(error.field, str(error))
        except (smtplib.SMTPException, OSError):
            logger.exception("could not send the invitation to %s", data["email"])
            form.add_error(None, ("Invitationen kunne ikke sendes, så brugeren er ikke "
                                   "oprettet. Prøv igen senere."))
        else:
            messages.success(request, (f"{user} er inviteret. Invitationen er sendt til "
                                        f"{user.email}."))
            return redirect("user_list")
    return render(request, "accounts/user_invite.html", {
        "form": form,
        "crumbs": crumbs(("Brugere", reverse("user_list")), ("Invitér en bruger", None)),
    })


@admin_required
def user_roles(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(_with_memberships(), pk=pk)
    form = forms.RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_role(author_for(request), user, form.grant())
        except services.AccountError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"{user} har fået rollen {form.grant().label()}.")
            return redirect("user_roles", pk=user.pk)
    return render(request, "accounts/user_roles.html", {
        "person": user,
        "form": form,
        "is_self": user.pk == request.user.pk,
        "crumbs": crumbs(("Brugere", reverse("user_list")), (str(user), None)),
    })


@require_POST
@admin_required
def user_role_remove(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "council", "municipality"),
        pk=membership_id, user_id=pk)
    label = services.role_label(membership.role, membership.council or membership.municipality)
    try:
        services.remove_role(author_for(request), membership)
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Rollen {label} er fjernet fra {membership.user}.")
    return redirect("user_roles", pk=pk)


@require_POST
@admin_required
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    wanted = request.POST.get("active")
    if wanted not in ("0", "1"):
        return HttpResponseBadRequest("Ugyldig anmodning.")
    active = wanted == "1"
    try:
        changed = services.set_active(author_for(request), user, active)
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        if not changed:
            text = "%(user)s var allerede aktiv." if active else (
                "%(user)s var allerede deaktiveret.")
        else:
            text = "%(user)s er aktiv igen og kan logge ind." if active else (
                "%(user)s er deaktiveret og kan ikke længere logge ind.")
        messages.success(request, text % {"user": user})
    return redirect("user_roles", pk=pk)
