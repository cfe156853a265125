"""GET /helbred/: the health check for load balancers and monitoring."""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse


@pytest.mark.django_db
def test_health_is_ok_when_the_database_answers(client):
    response = client.get(reverse("health"))
    assert reverse("health") == "/helbred/"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies and "Set-Cookie" not in response


@pytest.mark.django_db
def test_health_is_503_when_the_database_fails(client, monkeypatch, caplog):
    def refuse() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/helbred/")
    assert response.status_code == 503
    assert response.json() == {"status": "fejl", "database": "fejl"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "connection refused" not in response.content.decode()  # the log has it, not the page
    assert "databasen svarer ikke" in caplog.text


@pytest.mark.django_db
def test_health_needs_no_login_and_answers_head(client):
    assert client.head("/helbred/").status_code == 200
    assert client.post("/helbred/").status_code == 405


def test_health_is_exempt_from_the_https_redirect(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/helbred/").status_code == 200
    assert client.get("/raad/").status_code == 301
