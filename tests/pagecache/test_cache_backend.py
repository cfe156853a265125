"""KKR_CACHE_URL puts the page cache in Redis, Django's own back end, shared by app servers."""

from tests.test_settings_env import _kkr

SHOW = ("shell", "--no-imports", "-c",
        "from django.conf import settings; p = settings.CACHES['pages']; "
        "print(p['BACKEND'], p.get('LOCATION'), p.get('KEY_PREFIX'))")


def test_redis_url_selects_djangos_redis_cache(tmp_path):
    result = _kkr(*SHOW, data_dir=tmp_path, KKR_DEBUG="1",
                  KKR_CACHE_URL="redis://127.0.0.1:6379/2")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("django.core.cache.backends.redis.RedisCache "
                             "redis://127.0.0.1:6379/2 kkr-pages\n")


def test_without_it_pages_are_files_under_the_data_dir(tmp_path):
    result = _kkr(*SHOW, data_dir=tmp_path, KKR_DEBUG="1")
    assert result.stdout == (f"django.core.cache.backends.filebased.FileBasedCache "
                             f"{tmp_path / 'page-cache'} None\n")


def test_another_scheme_is_refused_naming_the_variable(tmp_path):
    result = _kkr("check", data_dir=tmp_path, KKR_DEBUG="1",
                  KKR_CACHE_URL="memcached://127.0.0.1:11211")
    assert (result.returncode, result.stderr) == (1, (
        "kkr: fejl i konfigurationen: KKR_CACHE_URL=memcached://127.0.0.1:11211 must start with "
        "redis://, rediss:// or unix://\n"))
