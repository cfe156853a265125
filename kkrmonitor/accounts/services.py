"""One function per user-administration write: create or invite a user, add or remove a role,
deactivate or reactivate, set a password. Each runs in one transaction and records exactly one
audit event, never public. The web views, the `createuser` command and the password forms all
call these; nothing else writes users or memberships."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kkrmonitor.accounts.models import Membership, Role, User
from kkrmonitor.audit import AuditAction, Author, changes_between, record, snapshot
from kkrmonitor.programme.models import Council, Municipality

USER_FIELDS = ["email", "full_name", "is_active"]


class AccountError(Exception):
    """A write that would break a rule; the message is Danish and says which. Nothing was
    written. `field` names the form field the problem belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RoleGrant:
    """A role and where it applies: an editor for a council, a contact for a municipality."""

    role: str
    council: Council | None = None
    municipality: Municipality | None = None

    def label(self) -> str:
        return role_label(self.role, self.council or self.municipality)


def role_label(role: str, where: Any = None) -> str:
    name = Role(role).label
    return f"{name} ({where})" if where else str(name)


def pairing_error(role: str, has_council: bool, has_municipality: bool) -> AccountError | None:
    """What is wrong with this role and scope, or None. The same rule as the database's check
    constraint on Membership, in words a person can act on."""
    if role not in Role.values:
        return AccountError(f"Ukendt rolle: {role}.", "role")
    if role == Role.EDITOR:
        if not has_council:
            return AccountError("En sekretariatsredaktør skal have et råd.", "council")
        if has_municipality:
            return AccountError("En sekretariatsredaktør har et råd, ikke en kommune.",
                                "municipality")
    elif role == Role.CONTACT:
        if not has_municipality:
            return AccountError("En kommunal kontaktperson skal have en kommune.",
                                "municipality")
        if has_council:
            return AccountError("En kommunal kontaktperson har en kommune, ikke et råd.",
                                "council")
    else:
        label = Role(role).label
        if has_council:
            return AccountError(f"Rollen {label} har intet råd.", "council")
        if has_municipality:
            return AccountError(f"Rollen {label} har ingen kommune.",
                                "municipality")
    return None


def _check_grant(grant: RoleGrant) -> None:
    error = pairing_error(grant.role, grant.council is not None, grant.municipality is not None)
    if error:
        raise error


def role_labels(user: User) -> list[str]:
    """The user's roles as a sorted list of Danish labels, as the audit trail shows them."""
    memberships = Membership.objects.filter(user=user).select_related("council", "municipality")
    return sorted(role_label(m.role, m.council or m.municipality) for m in memberships)


def _user_snapshot(user: User) -> dict[str, Any]:
    return {**snapshot(user, USER_FIELDS), "roles": role_labels(user)}


# --- creating users ------------------------------------------------------------------------

def _create(email: str, full_name: str, grant: RoleGrant, password: str | None) -> User:
    email = User.objects.normalize_email(email.strip()).lower()
    if not email:
        raise AccountError("Skriv en e-mailadresse.", "email")
    if not full_name.strip():
        raise AccountError("Skriv brugerens navn.", "full_name")
    _check_grant(grant)
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(f"Der findes allerede en bruger med e-mailadressen {email}.", "email")
    # No password means an unusable one: the user chooses it through the link they are sent.
    user = User.objects.create_user(email, password, full_name=full_name.strip())
    Membership.objects.create(user=user, role=grant.role, council=grant.council,
                              municipality=grant.municipality)
    return user


@transaction.atomic
def create_user(author: Author, *, email: str, full_name: str, grant: RoleGrant,
                password: str | None = None) -> User:
    """A user with one role, ready to log in with `password` (from `kkr createuser`)."""
    user = _create(email, full_name, grant, password)
    record(author, AuditAction.USER_CREATE, user, changes_between({}, _user_snapshot(user)),
           public=False)
    return user


def password_link(user: User, base_url: str, url_name: str) -> str:
    """An absolute link with a one-time token (Django's password-reset tokens: it stops working
    once the password is set, and after PASSWORD_RESET_TIMEOUT)."""
    path = reverse(url_name, kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    return base_url.rstrip("/") + path


@transaction.atomic
def invite_user(author: Author, *, email: str, full_name: str, grant: RoleGrant,
                base_url: str) -> User:
    """Create the user without a password and e-mail them a link to choose one.

    The mail is sent inside the transaction: if it cannot be sent, the user is not created
    either, so there is never an account whose owner was not told about it."""
    user = _create(email, full_name, grant, None)
    record(author, AuditAction.USER_INVITE, user, changes_between({}, _user_snapshot(user)),
           public=False)
    context = {
        "user": user,
        "inviter": author.label,
        "role": grant.label(),
        "link": password_link(user, base_url, "invite_accept"),
        "login_link": base_url.rstrip("/") + reverse("login"),
        "reset_link": base_url.rstrip("/") + reverse("password_reset"),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = "".join(render_to_string("accounts/email/invitation_subject.txt", context)
                      .splitlines())
    body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
    return user


# --- roles ---------------------------------------------------------------------------------

@transaction.atomic
def add_role(author: Author, user: User, grant: RoleGrant) -> Membership:
    _check_grant(grant)
    if Membership.objects.filter(user=user, role=grant.role, council=grant.council,
                                 municipality=grant.municipality).exists():
        raise AccountError(f"{user} har allerede rollen {grant.label()}.", "role")
    before = role_labels(user)
    membership = Membership.objects.create(user=user, role=grant.role, council=grant.council,
                                           municipality=grant.municipality)
    record(author, AuditAction.USER_ROLE_ADD, user, {"roles": [before, role_labels(user)]},
           public=False)
    return membership


@transaction.atomic
def remove_role(author: Author, membership: Membership) -> None:
    user = membership.user
    if (membership.role == Role.ADMIN and author.user is not None
            and author.user.pk == user.pk):
        raise AccountError("Du kan ikke fjerne din egen administratorrolle.")
    before = role_labels(user)
    membership.delete()
    record(author, AuditAction.USER_ROLE_REMOVE, user, {"roles": [before, role_labels(user)]},
           public=False)


# --- active or not -------------------------------------------------------------------------

@transaction.atomic
def set_active(author: Author, user: User, active: bool) -> bool:
    """Deactivate (the user can no longer log in; open sessions end at their next request) or
    reactivate. Returns False, writing nothing, if the user already was so."""
    if not active and author.user is not None and author.user.pk == user.pk:
        raise AccountError("Du kan ikke deaktivere dig selv.")
    if user.is_active == active:
        return False
    before = snapshot(user, ["is_active"])
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(author, AuditAction.USER_ACTIVATE if active else AuditAction.USER_DEACTIVATE, user,
           changes_between(before, snapshot(user, ["is_active"])), public=False)
    return True


# --- passwords -----------------------------------------------------------------------------

PASSWORD_ACTIONS = (AuditAction.USER_PASSWORD_CHANGE, AuditAction.USER_PASSWORD_RESET,
                    AuditAction.USER_INVITE_ACCEPT)


@transaction.atomic
def set_password(author: Author, user: User, password: str, *, action: AuditAction) -> None:
    """Set a password that the form has already validated. The audit event names the action
    only: neither the password nor its hash goes into the trail."""
    if action not in PASSWORD_ACTIONS:
        raise ValueError(f"unknown password action {action!r}")
    user.set_password(password)
    user.save(update_fields=["password"])
    record(author, action, user, {}, public=False)

