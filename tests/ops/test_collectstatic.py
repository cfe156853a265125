"""`kkr collectstatic` as the deployment guide runs it: every file a stylesheet or script points
at (fonts, images, source maps) must be there, or the manifest step fails. Production uses
WhiteNoise's CompressedManifestStaticFilesStorage; its manifest step is Django's, checked here
without the compression, which takes minutes on this many files."""

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_the_manifest_storage(tmp_path):
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {
                    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "staticfiles.json").is_file()
    assert list(tmp_path.glob("vendor/chartjs/chart.umd.min.*.js"))
    assert list(tmp_path.glob("vendor/dkfds/css/dkfds.min.*.css"))
