from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "kkrmonitor.programme"
    verbose_name = "Arbejdsprogram"
