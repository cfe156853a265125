from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "kkrmonitor.indicators"
    verbose_name = "Indikatorer"
