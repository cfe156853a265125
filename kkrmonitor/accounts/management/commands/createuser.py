"""`kkr createuser`: create a user with one role from the command line (first administrator,
scripted set-up). The password comes from KKR_PASSWORD, or is asked for twice at a terminal."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from kkrmonitor.accounts import services
from kkrmonitor.accounts.models import Role, User
from kkrmonitor.audit import Author
from kkrmonitor.programme.models import Council, Municipality

PASSWORD_VARIABLE = "KKR_PASSWORD"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry or login name, as in some containers
        return ""


class Command(BaseCommand):
    help = (
        "Opret en bruger med én rolle: admin, editor (med --council), contact (med "
        "--municipality) eller reader. Adgangskoden læses fra miljøvariablen KKR_PASSWORD, "
        "eller spørges der om den to gange, når kommandoen kører i en terminal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True,
                            help="E-mailadressen, brugeren logger ind med.")
        parser.add_argument("--name", required=True, help="Brugerens fulde navn.")
        parser.add_argument("--role", required=True, choices=Role.values,
                            help="Rollen: admin, editor, contact eller reader.")
        parser.add_argument("--council", metavar="SLUG",
                            help="Rådets kortnavn for en redaktør, fx kkr-hovedstaden.")
        parser.add_argument("--municipality", metavar="CODE",
                            help="Kommunekoden for en kontaktperson, fx 101 (København).")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        name = options["name"].strip()
        role = options["role"]
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"--email: {options['email']!r} er ikke en gyldig "
                               "e-mailadresse.") from None
        if not name:
            raise CommandError("--name: skriv brugerens navn.")
        grant = services.RoleGrant(role=role, council=self._council(options["council"]),
                                   municipality=self._municipality(options["municipality"]))
        error = services.pairing_error(role, grant.council is not None,
                                       grant.municipality is not None)
        if error:
            raise CommandError(f"--{error.field or 'role'}: {error}")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"--email: der findes allerede en bruger med {email}.")

        password = self._password()
        try:
            password_validation.validate_password(password, User(email=email, full_name=name))
        except ValidationError as exc:
            raise CommandError("Adgangskoden duer ikke: " + " ".join(exc.messages)) from None

        label = "kkr createuser" + (f" ({who})" if (who := _os_user()) else "")
        try:
            user = services.create_user(Author(label=label, channel="cli"), email=email,
                                        full_name=name, grant=grant, password=password)
        except services.AccountError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Oprettet: {user.get_full_name()} <{user.email}>, {grant.label()}.")

    def _council(self, slug: str | None) -> Council | None:
        if slug is None:
            return None
        try:
            return Council.objects.get(slug=slug)
        except Council.DoesNotExist:
            known = ", ".join(Council.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"--council: ukendt råd {slug!r}. Kendte råd: {known or 'ingen'} "
                               "(indlæs dem med kkr load_reference).") from None

    def _municipality(self, code: str | None) -> Municipality | None:
        if code is None:
            return None
        try:
            return Municipality.objects.get(code=code.strip().lstrip("0").zfill(3))
        except Municipality.DoesNotExist:
            raise CommandError(f"--municipality: ukendt kommunekode {code!r}.") from None

    def _password(self) -> str:
        from_env = os.environ.get(PASSWORD_VARIABLE)
        if from_env is not None:
            if not from_env:
                raise CommandError(f"{PASSWORD_VARIABLE} er sat, men tom.")
            return from_env
        if not sys.stdin.isatty():
            raise CommandError(f"Ingen adgangskode: sæt miljøvariablen {PASSWORD_VARIABLE}, "
                               "eller kør kommandoen i en terminal for at blive spurgt.")
        first = getpass.getpass("Adgangskode: ")
        second = getpass.getpass("Adgangskode igen: ")
        if first != second:
            raise CommandError("De to adgangskoder er ikke ens.")
        if not first:
            raise CommandError("Adgangskoden er tom.")
        return first
