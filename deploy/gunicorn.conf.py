"""gunicorn settings for KKR Monitor (see docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py

Anything here can be overridden on the command line or in GUNICORN_CMD_ARGS, e.g.
GUNICORN_CMD_ARGS="--bind unix:/run/kkr-monitor/gunicorn.sock --workers 4".
The application's own settings come from KKR_* environment variables, not from this file.
"""

import multiprocessing
import os

wsgi_app = "kkrmonitor.wsgi:application"

# Only the reverse proxy (nginx on the same machine) talks to gunicorn.
bind = ["127.0.0.1:8000"]

# Synchronous workers: at least 2, so one slow request (a PDF annex, a StatBank fetch) does not
# block the site; about two per core, but not more than 8 (each worker keeps its own page cache
# and, on PostgreSQL, its own database connection).
workers = max(2, min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
timeout = 60  # the meeting annex (WeasyPrint) and XLSX uploads can take a while
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so memory does not creep up.
max_requests = 2000
max_requests_jitter = 200

# nginx on the same host sets X-Forwarded-Proto; trust it from there only (the default).
forwarded_allow_ips = "127.0.0.1,::1"

# Logs to stdout/stderr: under systemd they land in the journal (journalctl -u kkr-monitor).
accesslog = "-"
errorlog = "-"
loglevel = "info"
# The client address as nginx saw it (X-Forwarded-For), then the usual combined format and the
# request time in seconds.
access_log_format = ('%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" '
                     '"%(a)s" %(L)s')
capture_output = True  # print() and warnings from the app go to the error log too

# gunicorn's control socket (gunicornc) in systemd's RuntimeDirectory when there is one.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"].split(":")[0], "gunicorn.ctl")
else:
    control_socket_disable = True


def post_worker_init(worker: object) -> None:
    """Once a worker has loaded the application, move everything loaded so far (Django, the
    URL patterns, templates, the app's modules) out of the garbage collector's reach: a full
    collection then scans only what requests create, not the tens of thousands of start-up
    objects, which is what made about every sixth request on a mid-size page ~90 ms slower."""
    import gc

    gc.collect()
    gc.freeze()
