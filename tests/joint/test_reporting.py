"""Reports by municipal contacts, approval and return by the secretariat."""

from datetime import date

import pytest

from kkrmonitor.joint.models import JointStage, StageReport
from kkrmonitor.programme.models import AuditEvent, Municipality
from tests.conftest import PASSWORD


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def stage(joint, name):
    return JointStage.objects.get(joint=joint, name=name)


def post_report(client, joint, slug, stage_name="Aftale indgået", as_of="15.03.2026", note=""):
    return client.post(f"/faelles/{joint.pk}/indberet/{slug}/", {
        "stage": stage(joint, stage_name).pk, "as_of": as_of, "note": note})


@pytest.fixture
def freeze_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 6, 1))


def test_contact_reports_own_municipality_pending_until_approved(client, it_joint, contact,
                                                                 freeze_today):
    login(client, contact)
    response = post_report(client, it_joint, "koebenhavn", note="Besluttet 12.03.")
    assert response.status_code == 302 and response["Location"] == "/kommune/koebenhavn/"
    report = StageReport.objects.get()
    assert report.state == StageReport.State.PENDING
    assert report.municipality.code == "101"
    event = AuditEvent.objects.get(action="report")
    assert event.is_public is False and event.initiative_id == it_joint.pk
    # Members see it waiting; the public does not.
    assert "Afventer godkendelse: Aftale indgået" in client.get(
        f"/faelles/{it_joint.pk}/").content.decode()
    client.logout()
    public = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    assert "Afventer godkendelse" not in public
    assert "Besluttet 12.03." not in client.get("/kommune/koebenhavn/").content.decode()


@pytest.mark.parametrize("slug", ["roedovre", "bornholm", "greve"])
def test_contact_cannot_report_for_another_municipality(client, it_joint, contact, slug):
    login(client, contact)
    response = post_report(client, it_joint, slug)
    # Greve (KKR Sjælland) is not in this initiative at all; the others are refused.
    assert response.status_code == (404 if slug == "greve" else 403)
    assert client.get(f"/faelles/{it_joint.pk}/indberet/{slug}/").status_code in (403, 404)
    assert StageReport.objects.count() == 0
    assert not AuditEvent.objects.filter(action="report").exists()


@pytest.mark.parametrize("who", ["reader", "outsider", "editor_sjaelland"])
def test_other_roles_cannot_report(client, it_joint, who, request):
    login(client, request.getfixturevalue(who))
    assert post_report(client, it_joint, "koebenhavn").status_code == 403
    assert StageReport.objects.count() == 0


def test_anonymous_is_sent_to_log_in(client, it_joint):
    response = post_report(client, it_joint, "koebenhavn")
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert StageReport.objects.count() == 0


def test_invalid_report_shows_danish_errors(client, it_joint, contact):
    login(client, contact)
    response = client.post(f"/faelles/{it_joint.pk}/indberet/koebenhavn/",
                           {"as_of": "31.02.2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vælg et trin." in page and "Datoen kan ikke læses" in page
    assert StageReport.objects.count() == 0


def test_editor_approves_then_it_is_public(client, it_joint, contact, editor, freeze_today):
    login(client, contact)
    post_report(client, it_joint, "koebenhavn", "Overdraget", note="Alt flyttet")
    report = StageReport.objects.get()
    client.logout()
    login(client, editor)
    review_page = client.get(f"/faelles/{it_joint.pk}/godkend/").content.decode()
    assert "København: Overdraget" in review_page
    response = client.post(f"/faelles/indberetning/{report.pk}/afgoer/", {
        f"r{report.pk}-decision": "approve", f"r{report.pk}-version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == StageReport.State.APPROVED and report.reviewed_by == editor
    assert AuditEvent.objects.get(action="approve").is_public
    client.logout()
    page = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    assert "1 af 29 overdraget" in page
    assert "Alt flyttet" in client.get("/kommune/koebenhavn/").content.decode()


def test_return_needs_a_comment_and_shows_to_the_municipality(client, it_joint, contact, editor):
    login(client, contact)
    post_report(client, it_joint, "koebenhavn")
    report = StageReport.objects.get()
    client.logout()
    login(client, editor)
    url = f"/faelles/indberetning/{report.pk}/afgoer/"
    response = client.post(url, {f"r{report.pk}-decision": "return",
                                 f"r{report.pk}-version": report.version})
    assert response.status_code == 400
    assert "Skriv hvorfor indberetningen sendes retur." in response.content.decode()
    report.refresh_from_db()
    assert report.state == StageReport.State.PENDING
    client.post(url, {f"r{report.pk}-decision": "return", f"r{report.pk}-comment":
                      "Dato mangler dokumentation", f"r{report.pk}-version": report.version})
    report.refresh_from_db()
    assert report.state == StageReport.State.RETURNED
    assert report.review_comment == "Dato mangler dokumentation"
    assert not AuditEvent.objects.get(action="return").is_public
    client.logout()
    login(client, contact)
    page = client.get("/kommune/koebenhavn/").content.decode()
    assert "sendt retur og skal rettes" in page and "Dato mangler dokumentation" in page
    assert "Dato mangler dokumentation" in client.get(
        f"/faelles/{it_joint.pk}/indberet/koebenhavn/").content.decode()


@pytest.mark.parametrize("who", ["contact", "contact_bornholm", "reader", "editor_sjaelland"])
def test_only_the_councils_editors_review(client, it_joint, contact, who, request):
    login(client, contact)
    post_report(client, it_joint, "koebenhavn")
    report = StageReport.objects.get()
    client.logout()
    user = contact if who == "contact" else request.getfixturevalue(who)
    login(client, user)
    assert client.get(f"/faelles/{it_joint.pk}/godkend/").status_code == 403
    response = client.post(f"/faelles/indberetning/{report.pk}/afgoer/", {
        f"r{report.pk}-decision": "approve", f"r{report.pk}-version": report.version})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == StageReport.State.PENDING


def test_admin_may_review(client, it_joint, contact, admin_user):
    login(client, contact)
    post_report(client, it_joint, "koebenhavn")
    report = StageReport.objects.get()
    client.logout()
    login(client, admin_user)
    client.post(f"/faelles/indberetning/{report.pk}/afgoer/", {
        f"r{report.pk}-decision": "approve", f"r{report.pk}-version": report.version})
    report.refresh_from_db()
    assert report.state == StageReport.State.APPROVED


def test_stale_version_is_refused(client, it_joint, contact, editor):
    login(client, contact)
    post_report(client, it_joint, "koebenhavn")
    report = StageReport.objects.get()
    client.logout()
    login(client, editor)
    client.post(f"/faelles/indberetning/{report.pk}/afgoer/", {
        f"r{report.pk}-decision": "approve", f"r{report.pk}-version": report.version + 5})
    report.refresh_from_db()
    assert report.state == StageReport.State.PENDING


def test_editor_report_is_approved_at_once_and_new_report_replaces_pending(
        client, it_joint, contact, editor, freeze_today):
    login(client, contact)
    post_report(client, it_joint, "koebenhavn", "Ikke startet")
    post_report(client, it_joint, "koebenhavn", "Aftale indgået")
    states = dict(StageReport.objects.values_list("stage__name", "state"))
    assert states == {"Ikke startet": "superseded", "Aftale indgået": "pending"}
    client.logout()
    login(client, editor)
    post_report(client, it_joint, "bornholm", "Migrering i gang")
    assert StageReport.objects.get(municipality__code="400").state == "approved"
    assert Municipality.objects.count() == 46
