"""Settings are read strictly: a malformed value names the variable instead of being ignored."""

import pytest

from kkrmonitor.env import ConfigError, env_bool, env_int, env_list


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
