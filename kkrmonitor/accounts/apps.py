from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kkrmonitor.accounts"
    verbose_name = "Brugere"
