"""Editors keep a recommendation's external events and recurring obligations: bad input gets a
clear Danish message and writes nothing; a changed rhythm brings the milestones in line."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kkrmonitor.programme.models import ExternalEvent, Milestone, Obligation

pytestmark = pytest.mark.django_db


def test_an_event_with_an_unreadable_date_is_refused_in_danish(client, editor, rec1):
    client.force_login(editor)
    response = client.post(reverse("event_create", args=[rec1.pk]), {
        "title": "Ny lov", "when": "engang", "description": "", "source": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Datoen kan ikke forstås. Skriv den på dansk" in html
    assert "Dette felt er påkrævet." in html  # the source
    assert not ExternalEvent.objects.exists()


def test_an_event_is_created_and_shown_as_context(client, editor, rec1):
    client.force_login(editor)
    response = client.post(reverse("event_create", args=[rec1.pk]), {
        "title": "Ny lov om socialtilsyn", "when": "fra 2027", "description": "",
        "source": "Lovforslaget"})
    assert response.status_code == 302
    assert response["Location"] == reverse("edit_recommendation", args=[rec1.pk]) + \
        "#begivenheder"
    event = ExternalEvent.objects.get()
    assert (event.label, str(event.start), event.end, event.source) == (
        "fra 2027", "2027-01-01", None, "Lovforslaget")
    assert not Milestone.objects.filter(title="Ny lov om socialtilsyn").exists()


def test_an_obligation_makes_its_milestones_and_a_bad_window_is_refused(client, editor, rec1):
    client.force_login(editor)
    url = reverse("obligation_create", args=[rec1.pk])
    data = {"title": "Rammeaftalen godkendes", "rhythm": "biennial", "first_year": "2024",
            "usual_window": "snart", "is_expected": "on", "description": "",
            "source": "rammeaftale-h.dk"}
    response = client.post(url, data)
    assert "Tidspunktet kan ikke læses som en periode i et år." in response.content.decode()
    assert not Obligation.objects.exists()
    response = client.post(url, {**data, "usual_window": "efteråret"}, follow=True)
    assert ("Den tilbagevendende opgave »Rammeaftalen godkendes« er gemt med 2 milepæle i "
            "valgperioden.") in response.content.decode()
    assert list(Milestone.objects.filter(obligation__isnull=False)
                .values_list("label", "title").order_by("occurrence_year")) == [
        ("efteråret 2026 (forventet)", "Rammeaftalen godkendes (2026)"),
        ("efteråret 2028 (forventet)", "Rammeaftalen godkendes (2028)")]
    obligation = Obligation.objects.get()
    response = client.post(reverse("obligation_edit", args=[obligation.pk]), {
        **data, "usual_window": "efteråret", "rhythm": "yearly", "first_year": "2026",
        "version": str(obligation.version)})
    assert response.status_code == 302
    assert list(obligation.milestones.values_list("occurrence_year", flat=True)
                .order_by("occurrence_year")) == [2026, 2027, 2028, 2029]
