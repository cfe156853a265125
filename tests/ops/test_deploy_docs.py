"""The docs stay true to the code: every environment variable the settings read is in the
deployment guide, every variable read anywhere and every `kkr` command is in the README or
docs/*.md, and the gunicorn configuration is what the guide says."""

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"
# A variable's name where the environment is read: env_str("X"…), os.environ.get("X"),
# os.environ["X"], os.getenv("X"), or a constant like PASSWORD_VARIABLE = "X".
ENV_READ = re.compile(r"(?:\benv_(?:str|bool|int|list|path)\(|\bos\.environ(?:\.get\(|\[)"
                      r"|\bos\.getenv\(|_VARIABLE\s*=)\s*\"([A-Z][A-Z0-9_]*)\"")


def settings_variables() -> set[str]:
    source = "\n".join((ROOT / "kkrmonitor" / name).read_text()
                       for name in ("settings.py", "env.py"))
    return set(re.findall(r"env_(?:str|bool|int|list|path)\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def environment_variables() -> set[str]:
    """Every variable the application reads from the environment (the test settings excepted:
    they only set defaults for the suite)."""
    return {name for path in (ROOT / "kkrmonitor").rglob("*.py") if path.name != "settings_test.py"
            for name in ENV_READ.findall(path.read_text())}


def documentation() -> str:
    return "\n".join(path.read_text() for path in [ROOT / "README.md",
                                                   *sorted((ROOT / "docs").glob("*.md"))])


def management_commands() -> set[str]:
    return {path.stem for path in (ROOT / "kkrmonitor").glob("*/management/commands/*.py")
            if not path.name.startswith("_")}


def test_every_environment_variable_is_in_the_readme_or_the_docs():
    variables = environment_variables()
    assert settings_variables() | {"KKR_PASSWORD"} <= variables
    docs = documentation()
    missing = sorted(name for name in variables if f"`{name}`" not in docs)
    assert not missing, f"README.md and docs/*.md do not document {missing}"


def test_every_kkr_command_is_in_the_readme_or_the_docs():
    commands = management_commands()
    assert {"createuser", "import_programme", "backup", "generate_demo"} <= commands
    docs = documentation()
    missing = sorted(name for name in commands if not re.search(rf"\bkkr {name}\b", docs))
    assert not missing, f"README.md and docs/*.md do not document kkr {missing}"


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
