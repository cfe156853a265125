from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "kkrmonitor.pagecache"
    verbose_name = "Cache af offentlige sider"
