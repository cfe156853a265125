from django.apps import AppConfig


class OwnersConfig(AppConfig):
    name = "kkrmonitor.owners"
    verbose_name = "Ansvarlige og arbejdskøer"
