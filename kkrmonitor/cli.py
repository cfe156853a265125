"""The `kkr` console command: Django's manage.py under a name people can remember."""

import os
import sys

from kkrmonitor.env import ConfigError


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrmonitor.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ConfigError as error:
        # A bad or missing setting is the operator's to fix: one line naming the variable, not a
        # traceback through Django's start-up.
        sys.stderr.write(f"kkr: fejl i konfigurationen: {error}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
