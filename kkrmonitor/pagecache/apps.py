from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "kkrmonitor.pagecache"
    verbose_name = "Cache af offentlige sider"

    def ready(self) -> None:
        from django.db import connections

        from kkrmonitor.pagecache import writes

        writes.connect()
        for connection in connections.all(initialized_only=True):
            writes.install(connection)
