from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kkrmonitor.notifications"
    verbose_name = "E-mails"
