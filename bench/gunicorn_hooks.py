"""The production gunicorn hooks (deploy/gunicorn.conf.py) for the benchmark's servers, without
its bind address, logs and worker count: `gunicorn -c bench/gunicorn_hooks.py`."""

import runpy
from pathlib import Path

_DEPLOY = runpy.run_path(str(Path(__file__).resolve().parents[1] / "deploy" / "gunicorn.conf.py"))
post_worker_init = _DEPLOY["post_worker_init"]
