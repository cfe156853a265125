from django.apps import AppConfig


class JointConfig(AppConfig):
    name = "kkrmonitor.joint"
    label = "joint"
    verbose_name = "Fælles indsatser og porteføljer"
    default_auto_field = "django.db.models.BigAutoField"
