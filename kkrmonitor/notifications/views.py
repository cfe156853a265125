"""Under /konto/e-mails/: a user's choice of e-mails, the unsubscribe link from a mail (works
without logging in: the link carries a signed token), and refused addresses for administrators."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from kkrmonitor.accounts.models import User
from kkrmonitor.notifications.models import Bounce, Kind, OptOut
from kkrmonitor.notifications.sending import read_unsubscribe_token
from kkrmonitor.web.decorators import admin_required, login_required
from kkrmonitor.web.helpers import crumbs


class EmailSettingsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Send mig e-mails om", choices=Kind.choices, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        help_text="Du får kun e-mails om det, din rolle giver dig adgang til.")


@login_required
def email_settings(request: HttpRequest) -> HttpResponse:
    user_id = request.user.pk
    assert user_id is not None
    off = set(OptOut.objects.filter(user_id=user_id).values_list("kind", flat=True))
    form = EmailSettingsForm(request.POST if request.method == "POST" else None,
                             initial={"kinds": [k for k in Kind.values if k not in off]})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["kinds"])
        OptOut.objects.filter(user_id=user_id, kind__in=wanted).delete()
        for kind in set(Kind.values) - wanted - off:
            OptOut.objects.create(user_id=user_id, kind=kind)
        messages.success(request, "Dine valg af e-mails er gemt.")
        return redirect("email_settings")
    return render(request, "notifications/settings.html", {
        "form": form, "crumbs": crumbs(("Mine e-mails", None))})


@csrf_exempt  # the signed token is the proof; mail programs POST here (List-Unsubscribe-Post)
def email_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind = read_unsubscribe_token(token)
        user = User.objects.get(pk=user_id)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "notifications/unsubscribe.html", {
            "invalid": True, "crumbs": crumbs(("Frameld e-mails", None))}, status=400)
    done = False
    if request.method == "POST":
        OptOut.objects.get_or_create(user=user, kind=kind)
        done = True
    return render(request, "notifications/unsubscribe.html", {
        "kind_label": Kind(kind).label, "email": user.email, "done": done,
        "action": reverse("email_unsubscribe", args=[token]),
        "crumbs": crumbs(("Frameld e-mails", None))})


@admin_required
def bounces(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/bounces.html", {
        "bounces": Bounce.objects.all()[:200],
        "crumbs": crumbs(("Brugere", reverse("user_list")), ("Afviste e-mailadresser", None))})
