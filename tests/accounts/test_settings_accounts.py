"""The accounts block of the settings: defaults, and bad values stop start-up by name."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings

from tests.conftest import ROOT


def test_defaults():
    assert settings.LOGIN_URL == "login"
    assert settings.KKR_LOGIN_MAX_ATTEMPTS == 5
    assert settings.KKR_LOGIN_MAX_ATTEMPTS_PER_IP == 20
    assert settings.KKR_LOGIN_LOCKOUT_MINUTES == 15
    assert settings.KKR_TRUSTED_PROXIES == 0


@pytest.mark.parametrize("variable, value, message", [
    ("KKR_LOGIN_MAX_ATTEMPTS", "0", "KKR_LOGIN_MAX_ATTEMPTS=0 must be 1 or more"),
    ("KKR_LOGIN_LOCKOUT_MINUTES", "kvarter", "KKR_LOGIN_LOCKOUT_MINUTES='kvarter' is not an "
                                             "integer"),
    ("KKR_TRUSTED_PROXIES", "-1", "KKR_TRUSTED_PROXIES=-1 must be 0 or more"),
])
def test_bad_values_stop_start_up(tmp_path, variable, value, message):
    env = {"PATH": "/usr/bin:/bin", "KKR_DEBUG": "1", "KKR_DATA_DIR": str(tmp_path),
           variable: value}
    result = subprocess.run([sys.executable, "-c", "import kkrmonitor.settings"], cwd=ROOT,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"kkrmonitor.env.ConfigError: {message}")
