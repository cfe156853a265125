def pytest_configure(config):
    config.addinivalue_line(
        "markers", "bench: the benchmark's page loop on a small dataset, in-process (< 60 s)")
