"""Production settings pass Django's deployment checks, and every response carries the
security headers."""

import os
import subprocess
import sys

import pytest

from kkrmonitor.security import DEFAULT_POLICY


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KKR_", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "kkrmonitor.settings",
        "KKR_DEBUG": "0",
        "KKR_SECRET_KEY": "x7#Qm2!vR9$kLp4@Zt8^Wn3&Hy6*Jc1%Bd5(Fg0)Se-Ua+Io=Pl~Kj",
        "KKR_ALLOWED_HOSTS": "kkr.example.dk",
        "KKR_DATA_DIR": str(tmp_path),
    })
    result = subprocess.run([sys.executable, "-m", "kkrmonitor", "check", "--deploy",
                             "--fail-level", "WARNING"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KKR_", "DJANGO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "kkrmonitor.settings", "KKR_DEBUG": "0",
                "KKR_DATA_DIR": str(tmp_path)})
    result = subprocess.run([sys.executable, "-m", "kkrmonitor", "check"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "KKR_SECRET_KEY must be set when KKR_DEBUG is off" in result.stderr


@pytest.mark.django_db
def test_responses_carry_csp_and_security_headers(client):
    response = client.get("/")
    assert response.headers["Content-Security-Policy"] == DEFAULT_POLICY
    assert "script-src 'self'" in DEFAULT_POLICY and "'unsafe-inline'" not in DEFAULT_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_argon2_is_the_production_password_hasher():
    from kkrmonitor import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
