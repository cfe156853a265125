"""The deployment guide and the example files stay true to the code: every environment variable
the settings read is documented, and the gunicorn configuration is what the guide says."""

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"


def settings_variables() -> set[str]:
    source = "\n".join((ROOT / "kkrmonitor" / name).read_text()
                       for name in ("settings.py", "env.py"))
    return set(re.findall(r"env_(?:str|bool|int|list|path)\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def test_every_environment_variable_the_settings_read_is_in_the_guide():
    variables = settings_variables()
    assert {"DATABASE_URL", "KKR_SECRET_KEY", "KKR_STATIC_FROM_FINDERS"} <= variables
    guide = GUIDE.read_text()
    missing = sorted(name for name in variables if f"`{name}`" not in guide)
    assert not missing, f"docs/deploy.md does not document {missing}"


def test_the_guide_names_only_files_that_exist():
    guide = GUIDE.read_text()
    for name in sorted(set(re.findall(r"`(deploy/[\w.-]+)`", guide))):
        assert (ROOT / name).is_file(), name
    assert (ROOT / "kkrmonitor" / "ops" / "checksums.py").is_file()


def test_gunicorn_configuration(monkeypatch):
    monkeypatch.delenv("RUNTIME_DIRECTORY", raising=False)
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["wsgi_app"] == "kkrmonitor.wsgi:application"
    assert config["workers"] >= 2
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["accesslog"] == "-" and config["errorlog"] == "-"
    from gunicorn.config import Config

    known = set(Config().settings)
    settings = {k for k in config if not k.startswith("_") and k not in {"multiprocessing", "os"}}
    assert settings <= known, settings - known
