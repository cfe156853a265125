from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kkrmonitor.search"
    verbose_name = "Søgning"

    def ready(self) -> None:
        # The built-in kinds register themselves on import.
        from kkrmonitor.search import sources  # noqa: F401
