"""Settings are read strictly: a malformed value names the variable instead of being ignored."""

import subprocess
import sys
from pathlib import Path

import pytest

from kkrmonitor.env import ConfigError, env_bool, env_int, env_list
from tests.conftest import ROOT


def test_booleans(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigError, match="X_FLAG='maybe' is not a boolean"):
        env_bool("X_FLAG", True)


def test_integers_and_lists(monkeypatch):
    monkeypatch.setenv("X_NUM", "12")
    assert env_int("X_NUM", 1) == 12
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ConfigError, match="X_NUM='twelve' is not an integer"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_HOSTS", " a.dk, b.dk ,")
    assert env_list("X_HOSTS", []) == ["a.dk", "b.dk"]
    monkeypatch.delenv("X_HOSTS")
    assert env_list("X_HOSTS", ["x"]) == ["x"]


# --- `kkr` as the README prints it (bug 12) ---------------------------------------------------

KKR = "import sys; from kkrmonitor.cli import main; sys.argv[0] = 'kkr'; main()"


def _kkr(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`kkr ARGS` in a clean environment: no KKR_* or DJANGO_* variables but those given."""
    clean = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "KKR_DATA_DIR": str(data_dir),
             **env}
    return subprocess.run([sys.executable, "-c", KKR, *args], cwd=data_dir, env=clean,
                          capture_output=True, text=True, timeout=120)


def test_kkr_works_as_printed_in_a_checkout_where_make_run_has_run(tmp_path):
    (tmp_path / "dev-secret-key").write_text("development-key-made-by-make-run-0123456789")
    result = _kkr("createuser", "--help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: kkr createuser [-h] --email EMAIL --name NAME --role")
    assert result.stderr == ""


def test_a_missing_secret_key_is_one_line_without_a_traceback(tmp_path):
    result = _kkr("createuser", "--help", data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "kkr: fejl i konfigurationen: KKR_SECRET_KEY must be set when KKR_DEBUG is off (on a "
        "development machine: run `make run` once, or set KKR_DEBUG=1)\n")


def test_a_malformed_setting_is_one_line_naming_it(tmp_path):
    result = _kkr("check", data_dir=tmp_path, KKR_DEBUG="maybe")
    assert (result.returncode, result.stderr) == (1, (
        "kkr: fejl i konfigurationen: KKR_DEBUG='maybe' is not a boolean "
        "(use 1/0, true/false, yes/no, on/off)\n"))


@pytest.mark.parametrize("env, debug", [
    ({}, "True"),  # the development checkout
    ({"KKR_DEBUG": "0", "KKR_SECRET_KEY": "k" * 50}, "False"),
    ({"KKR_SECRET_KEY": "k" * 50}, "False"),  # a server: its key turns the default off
])
def test_the_development_key_turns_debugging_on_only_without_a_secret_key(tmp_path, env, debug):
    (tmp_path / "dev-secret-key").write_text("development-key-made-by-make-run-0123456789")
    result = _kkr("shell", "-v", "0", "-c",
                  "from django.conf import settings; print(settings.DEBUG)",
                  data_dir=tmp_path, **env)
    assert (result.returncode, result.stdout.strip()) == (0, debug), result.stderr


def test_production_refuses_the_development_key_when_debugging_is_off(tmp_path):
    (tmp_path / "dev-secret-key").write_text("development-key-made-by-make-run-0123456789")
    result = _kkr("check", data_dir=tmp_path, KKR_DEBUG="0")
    assert result.returncode == 1
    assert result.stderr.startswith("kkr: fejl i konfigurationen: KKR_SECRET_KEY must be set")
