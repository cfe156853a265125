from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "kkrmonitor.registers"
    label = "registers"
    verbose_name = "Registre"
    default_auto_field = "django.db.models.BigAutoField"
