from tests.indicators.fake_statbank import fake_statbank  # noqa: F401 (fixture)
