"""Forms for logging in, passwords and user administration, rendered with DKFDS markup by
templates/includes/forms/_field.html. Password forms save through the audited service function."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms

from kkrmonitor.accounts import services
from kkrmonitor.accounts.models import Role, User
from kkrmonitor.audit import AuditAction, Author
from kkrmonitor.programme.models import Council, Municipality


class DkfdsFormMixin:
    """Give every widget DKFDS's class; _field.html renders label, hint and error around it."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def field_errors(self) -> list[tuple[str, str, str]]:
        """(input id, label, message) for each field error, for the error summary's links."""
        return [(bound.id_for_label, str(bound.label), str(error))
                for bound in self  # type: ignore[attr-defined]
                for error in bound.errors]


class LoginForm(DkfdsFormMixin, forms.Form):
    email = forms.EmailField(label="E-mail", max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "email"}))
    password = forms.CharField(label="Adgangskode", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))

    def clean_email(self) -> str:
        # Addresses are stored lower-cased; people type them as they like.
        return self.cleaned_data["email"].strip().lower()


class PasswordResetForm(DkfdsFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(label="E-mail", max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "email"}))

    def get_users(self, email: str) -> Iterator[User]:
        """Active users with this address, including invited users who have not yet chosen a
        password (Django leaves them out), so an expired invitation can be renewed here."""
        matches = User.objects.filter(email__iexact=email.strip(), is_active=True)
        return (u for u in matches if u.email.casefold() == email.strip().casefold())


class _AuditedPasswordSave:
    """Save the new password through services.set_password: one audit event per change."""

    audit_action = AuditAction.USER_PASSWORD_RESET
    user: User
    cleaned_data: dict[str, Any]

    def save(self, commit: bool = True) -> User:
        services.set_password(Author.for_user(self.user), self.user,
                              self.cleaned_data["new_password1"], action=self.audit_action)
        return self.user


class SetPasswordForm(_AuditedPasswordSave, DkfdsFormMixin, auth_forms.SetPasswordForm):
    audit_action = AuditAction.USER_PASSWORD_RESET


class InviteAcceptForm(SetPasswordForm):
    audit_action = AuditAction.USER_INVITE_ACCEPT


class PasswordChangeForm(_AuditedPasswordSave, DkfdsFormMixin, auth_forms.PasswordChangeForm):
    audit_action = AuditAction.USER_PASSWORD_CHANGE


# --- user administration -------------------------------------------------------------------

class RoleGrantForm(DkfdsFormMixin, forms.Form):
    """A role and, as the role requires, a council (editor) or a municipality (contact)."""

    role = forms.ChoiceField(label="Rolle",
                             choices=[("", "Vælg en rolle"), *Role.choices])
    council = forms.ModelChoiceField(
        label="Råd", queryset=Council.objects.order_by("name"), required=False,
        empty_label="Intet råd", help_text="Kun for sekretariatsredaktører.")
    municipality = forms.ModelChoiceField(
        label="Kommune", queryset=Municipality.objects.order_by("name"), required=False,
        empty_label="Ingen kommune", help_text="Kun for kommunale kontaktpersoner.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        role = data.get("role")
        if role:
            error = services.pairing_error(role, data.get("council") is not None,
                                           data.get("municipality") is not None)
            if error:
                self.add_error(error.field, str(error))
        return data

    def grant(self) -> services.RoleGrant:
        data = self.cleaned_data
        return services.RoleGrant(role=data["role"], council=data.get("council"),
                                  municipality=data.get("municipality"))


class InviteForm(RoleGrantForm):
    email = forms.EmailField(label="E-mail", max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "off"}))
    full_name = forms.CharField(label="Navn", max_length=200, widget=forms.TextInput(
        attrs={"autocomplete": "off"}))

    field_order = ["email", "full_name", "role", "council", "municipality"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Der findes allerede en bruger med denne e-mailadresse.")
        return email

    def clean_full_name(self) -> str:
        return self.cleaned_data["full_name"].strip()
