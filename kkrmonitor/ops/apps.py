from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "kkrmonitor.ops"
    verbose_name = "Drift: backup, gendannelse og helbredstjek"
