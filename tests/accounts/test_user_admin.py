"""User administration at /konto/brugere/: only administrators, every write audited once."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory

from kkrmonitor.accounts.models import Membership, Role, User
from kkrmonitor.programme.models import AuditEvent, Council, Municipality
from tests.conftest import _user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "reader", "contact", "editor", "admin_user"]


@pytest.fixture
def target(reference_data):
    """The user being administered."""
    return _user("maal@kkr.test", "Mette Mål", "reader")


def user_events():
    return AuditEvent.objects.filter(object_type="user")


def requests_for(target: User) -> dict[str, tuple[str, str, dict]]:
    membership = target.memberships.get()
    hovedstaden = Council.objects.get(slug="kkr-hovedstaden")
    return {
        "list": ("get", "/konto/brugere/", {}),
        "invite-form": ("get", "/konto/brugere/inviter/", {}),
        "invite": ("post", "/konto/brugere/inviter/", {
            "email": "ny@kkr.test", "full_name": "Nora Ny", "role": "editor",
            "council": hovedstaden.pk}),
        "roles-page": ("get", f"/konto/brugere/{target.pk}/roller/", {}),
        "role-add": ("post", f"/konto/brugere/{target.pk}/roller/", {
            "role": "editor", "council": hovedstaden.pk}),
        "role-remove": ("post",
                        f"/konto/brugere/{target.pk}/roller/{membership.pk}/fjern/", {}),
        "deactivate": ("post", f"/konto/brugere/{target.pk}/aktiv/", {"active": "0"}),
    }


@pytest.mark.parametrize("endpoint", ["list", "invite-form", "invite", "roles-page", "role-add",
                                      "role-remove", "deactivate"])
@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_manage_users(client, request, target, role, endpoint):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    method, url, data = requests_for(target)[endpoint]

    response = getattr(client, method)(url, data)

    expected = {
        "anonymous": 302, "outsider": 403, "reader": 403, "contact": 403, "editor": 403,
        "admin_user": 200 if method == "get" else 302,
    }[role]
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/konto/log-ind/?next=/konto/brugere/")
    if role != "admin_user":
        # Nothing was written, nothing was sent.
        assert not user_events().exists()
        assert mail.outbox == []
        assert User.objects.filter(email="ny@kkr.test").count() == 0
        target.refresh_from_db()
        assert target.is_active
        assert list(target.memberships.values_list("role", flat=True)) == ["reader"]


@pytest.mark.parametrize("url", ["/konto/brugere/{pk}/aktiv/",
                                 "/konto/brugere/{pk}/roller/{membership}/fjern/"])
def test_the_small_action_forms_are_post_only(client, admin_user, target, url):
    client.force_login(admin_user)
    url = url.format(pk=target.pk, membership=target.memberships.get().pk)
    assert client.get(url).status_code == 405


def test_invite_creates_the_user_sends_one_mail_and_records_one_event(client, admin_user):
    client.force_login(admin_user)
    bornholm = Municipality.objects.get(code="400")

    response = client.post("/konto/brugere/inviter/", {
        "email": " Ny.Kontakt@BRK.test ", "full_name": "Nanna Ny", "role": "contact",
        "municipality": bornholm.pk}, follow=True)

    assert response.redirect_chain == [("/konto/brugere/", 302)]
    assert "Nanna Ny er inviteret. Invitationen er sendt til ny.kontakt@brk.test." in (
        response.content.decode())
    user = User.objects.get(email="ny.kontakt@brk.test")
    assert user.full_name == "Nanna Ny"
    assert not user.has_usable_password()
    assert [(m.role, m.municipality) for m in user.memberships.all()] == [
        ("contact", bornholm)]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.kontakt@brk.test"]
    assert message.subject == "Du er inviteret til KKR Monitor"
    assert "Alma Administrator har oprettet en bruger til dig" in message.body
    assert "Din rolle: Kommunal kontaktperson (Bornholms Regionskommune)." in message.body

    event = user_events().get()
    assert (event.action, event.user, event.channel, event.is_public) == (
        "user.invite", admin_user, "web", False)
    assert event.object_id == str(user.pk)
    assert event.changes == {
        "email": [None, "ny.kontakt@brk.test"],
        "full_name": [None, "Nanna Ny"],
        "is_active": [None, True],
        "roles": [None, ["Kommunal kontaktperson (Bornholms Regionskommune)"]],
    }


def test_the_invitee_chooses_a_password_through_the_link_and_logs_in(client, admin_user):
    client.force_login(admin_user)
    client.post("/konto/brugere/inviter/", {
        "email": "ny@kkr.test", "full_name": "Nora Ny", "role": "reader"})
    client.post("/konto/log-ud/")
    link = re.search(r"http://testserver(/konto/velkommen/\S+/)", mail.outbox[0].body).group(1)

    form_url = client.get(link)["Location"]
    page = client.get(form_url).content.decode()
    assert "<h1>Velkommen til KKR Monitor</h1>" in page
    assert "ny@kkr.test" in page
    new = "min-egen-gode-adgangskode"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/konto/nulstil/gemt/"
    assert client.post("/konto/log-ind/", {"email": "ny@kkr.test",
                                           "password": new}).status_code == 302
    assert list(user_events().order_by("id").values_list("action", flat=True)) == [
        "user.invite", "user.invite_accept"]


def test_an_invitee_whose_link_expired_can_ask_for_a_new_one(client, admin_user):
    client.force_login(admin_user)
    client.post("/konto/brugere/inviter/", {
        "email": "ny@kkr.test", "full_name": "Nora Ny", "role": "reader"})
    client.post("/konto/log-ud/")
    client.post("/konto/nulstil/", {"email": "ny@kkr.test"})
    assert len(mail.outbox) == 2
    assert "/konto/nulstil/" in mail.outbox[1].body


@pytest.mark.parametrize("data, field, message", [
    ({"role": "editor"}, "council", "En sekretariatsredaktør skal have et råd."),
    ({"role": "editor", "council": "H", "municipality": "K"}, "municipality",
     "En sekretariatsredaktør har et råd, ikke en kommune."),
    ({"role": "contact"}, "municipality", "En kommunal kontaktperson skal have en kommune."),
    ({"role": "contact", "council": "H", "municipality": "K"}, "council",
     "En kommunal kontaktperson har en kommune, ikke et råd."),
    ({"role": "admin", "council": "H"}, "council", "Rollen Administrator har intet råd."),
    ({"role": "reader", "municipality": "K"}, "municipality", "Rollen Læser har ingen kommune."),
    ({"role": ""}, "role", "Dette felt er påkrævet."),
])
def test_invite_checks_that_the_role_and_its_council_or_municipality_match(
        client, admin_user, data, field, message):
    client.force_login(admin_user)
    ids = {"H": Council.objects.get(slug="kkr-hovedstaden").pk,
           "K": Municipality.objects.get(code="101").pk}
    data = {k: ids.get(v, v) for k, v in data.items()}

    response = client.post("/konto/brugere/inviter/", {
        "email": "ny@kkr.test", "full_name": "Nora Ny", **data})

    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(rf'<span class="form-error-message" id="id_{field}_error">'
                      r'<span class="sr-only">Fejl: </span>(.*?)</span>', html)
    assert error and error.group(1) == message
    assert f'<a href="#id_{field}">' in html  # the error summary links to the field
    assert not User.objects.filter(email="ny@kkr.test").exists()
    assert mail.outbox == []
    assert not user_events().exists()


def test_invite_refuses_an_address_already_in_use(client, admin_user, editor):
    client.force_login(admin_user)
    response = client.post("/konto/brugere/inviter/", {
        "email": "REDAKTOER@kkr.test", "full_name": "Igen", "role": "reader"})
    assert response.status_code == 200
    assert "Der findes allerede en bruger med denne e-mailadresse." in response.content.decode()
    assert mail.outbox == []


def test_if_the_mail_cannot_be_sent_nobody_is_created(client, admin_user, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("kkrmonitor.accounts.services.send_mail", broken)
    client.force_login(admin_user)
    response = client.post("/konto/brugere/inviter/", {
        "email": "ny@kkr.test", "full_name": "Nora Ny", "role": "reader"})
    assert response.status_code == 200
    assert "Invitationen kunne ikke sendes, så brugeren er ikke oprettet." in (
        response.content.decode())
    assert not User.objects.filter(email="ny@kkr.test").exists()
    assert not user_events().exists()


def test_user_list_shows_users_and_their_roles(client, admin_user, editor, contact, target):
    client.force_login(admin_user)
    html = client.get("/konto/brugere/").content.decode()
    assert "<h1>Brugere</h1>" in html
    assert f'<a href="/konto/brugere/{editor.pk}/roller/">Erik Redaktør</a>' in html
    assert "Sekretariatsredaktør (KKR Hovedstaden)" in html
    assert "Kommunal kontaktperson (Københavns Kommune)" in html
    assert 'href="/konto/brugere/inviter/"' in html


def test_user_list_queries_do_not_grow_with_users(client, admin_user, reference_data,
                                                  django_assert_max_num_queries):
    for number in range(20):
        _user(f"bruger{number}@kkr.test", f"Bruger {number}", "editor", council="kkr-sjaelland")
    client.force_login(admin_user)
    # The header's work-queue count is computed once a minute per user (cached): the first
    # view computes it, and what is measured is the page itself.
    assert client.get("/konto/brugere/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/konto/brugere/").status_code == 200


def test_add_and_remove_a_role(client, admin_user, target):
    client.force_login(admin_user)
    hovedstaden = Council.objects.get(slug="kkr-hovedstaden")

    response = client.post(f"/konto/brugere/{target.pk}/roller/",
                           {"role": "editor", "council": hovedstaden.pk}, follow=True)
    assert "Mette Mål har fået rollen Sekretariatsredaktør (KKR Hovedstaden)." in (
        response.content.decode())
    editor_membership = target.memberships.get(role=Role.EDITOR)
    assert editor_membership.council == hovedstaden

    response = client.post(
        f"/konto/brugere/{target.pk}/roller/{editor_membership.pk}/fjern/", follow=True)
    assert "Rollen Sekretariatsredaktør (KKR Hovedstaden) er fjernet fra Mette Mål." in (
        response.content.decode())
    assert list(target.memberships.values_list("role", flat=True)) == ["reader"]

    events = list(user_events().order_by("id"))
    assert [(e.action, e.is_public) for e in events] == [
        ("user.role_add", False), ("user.role_remove", False)]
    assert events[0].changes == {"roles": [
        ["Læser"], ["Læser", "Sekretariatsredaktør (KKR Hovedstaden)"]]}
    assert events[1].changes == {"roles": [
        ["Læser", "Sekretariatsredaktør (KKR Hovedstaden)"], ["Læser"]]}


def test_adding_a_role_checks_the_pairing_and_duplicates(client, admin_user, target):
    client.force_login(admin_user)
    response = client.post(f"/konto/brugere/{target.pk}/roller/", {"role": "contact"})
    assert response.status_code == 200
    assert "En kommunal kontaktperson skal have en kommune." in response.content.decode()

    response = client.post(f"/konto/brugere/{target.pk}/roller/", {"role": "reader"})
    assert response.status_code == 200
    assert "Mette Mål har allerede rollen Læser." in response.content.decode()
    assert target.memberships.count() == 1
    assert not user_events().exists()


def test_a_membership_of_another_user_is_not_found(client, admin_user, target, editor):
    client.force_login(admin_user)
    other = editor.memberships.get()
    response = client.post(f"/konto/brugere/{target.pk}/roller/{other.pk}/fjern/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_an_administrator_cannot_remove_their_own_admin_role(client, admin_user):
    client.force_login(admin_user)
    own = admin_user.memberships.get()
    response = client.post(f"/konto/brugere/{admin_user.pk}/roller/{own.pk}/fjern/",
                           follow=True)
    assert "Du kan ikke fjerne din egen administratorrolle." in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    assert not user_events().exists()


def test_deactivate_and_reactivate(client, admin_user, target):
    client.force_login(admin_user)
    url = f"/konto/brugere/{target.pk}/aktiv/"

    response = client.post(url, {"active": "0"}, follow=True)
    assert response.redirect_chain == [(f"/konto/brugere/{target.pk}/roller/", 302)]
    assert "Mette Mål er deaktiveret og kan ikke længere logge ind." in (
        response.content.decode())
    target.refresh_from_db()
    assert not target.is_active

    client.post(url, {"active": "0"})  # already so: nothing written
    client.post(url, {"active": "1"})
    target.refresh_from_db()
    assert target.is_active
    assert [(e.action, e.changes) for e in user_events().order_by("id")] == [
        ("user.deactivate", {"is_active": [True, False]}),
        ("user.activate", {"is_active": [False, True]}),
    ]
    assert client.post(url, {"active": "måske"}).status_code == 400


def test_deactivating_ends_the_users_open_session(client, admin_user, target):
    from django.test import Client

    theirs = Client()
    theirs.force_login(target)
    client.force_login(admin_user)
    client.post(f"/konto/brugere/{target.pk}/aktiv/", {"active": "0"})
    response = theirs.get("/konto/adgangskode/")
    assert response.status_code == 302  # sent to log in: the session no longer counts


def test_an_administrator_cannot_deactivate_themselves(client, admin_user):
    client.force_login(admin_user)
    response = client.post(f"/konto/brugere/{admin_user.pk}/aktiv/", {"active": "0"},
                           follow=True)
    assert "Du kan ikke deaktivere dig selv." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert not user_events().exists()
    # The page does not offer the button in the first place.
    page = client.get(f"/konto/brugere/{admin_user.pk}/roller/").content.decode()
    assert f'action="/konto/brugere/{admin_user.pk}/aktiv/"' not in page


# --- the header's user navigation ------------------------------------------------------------

def render_nav(user) -> str:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/raad/")
    request.user = user or AnonymousUser()
    return render_to_string("includes/user_nav.html", request=request)


def test_user_nav_for_anonymous_visitors_offers_log_in(reference_data):
    html = render_nav(None)
    assert 'href="/konto/log-ind/?next=/raad/"' in html
    assert "Log ud" not in html


def test_user_nav_for_an_administrator(admin_user):
    html = render_nav(admin_user)
    assert "Alma Administrator" in html
    assert '<a href="/konto/brugere/">Brugere</a>' in html
    assert re.search(r'<form method="post" action="/konto/log-ud/"[^>]*>\s*'
                     r'<input type="hidden" name="csrfmiddlewaretoken"', html)
    assert re.search(r'<button type="submit" class="function-link">.*Log ud</button>', html,
                     re.S)


@pytest.mark.parametrize("role", ["outsider", "reader", "contact", "editor"])
def test_user_nav_shows_brugere_only_to_administrators(request, role):
    html = render_nav(request.getfixturevalue(role))
    assert "Log ud" in html
    assert "/konto/brugere/" not in html
