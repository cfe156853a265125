from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kkrmonitor.demo"
    verbose_name = "Syntetiske demodata"
