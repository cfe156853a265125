from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "kkrmonitor.meetings"
    verbose_name = "Møder og beslutninger"
