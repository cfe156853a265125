"""`kkr backup` copies the meetings' attachment files beside the backup and lists them in the
manifest; `kkr restore` puts them back under KKR_MEDIA_DIR."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.db import connection

from kkrmonitor.ops.backup import manifest_path_for

pytestmark = pytest.mark.django_db(transaction=True)

SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


def test_attachments_are_backed_up_and_restored(seed_programme, tmp_path, settings):
    media = tmp_path / "media"
    settings.KKR_MEDIA_DIR = media
    content = b"%PDF-1.4 dagsorden"
    digest = hashlib.sha256(content).hexdigest()
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / digest).write_bytes(content)
    path = tmp_path / f"kkr{SUFFIX[connection.vendor]}"
    call_command("backup", str(path), stdout=open(tmp_path / "out.txt", "w"))

    manifest = json.loads(manifest_path_for(path).read_text())
    assert manifest["media"] == {f"attachments/{digest}": digest}
    assert (tmp_path / f"{path.name}.media" / "attachments" / digest).read_bytes() == content

    (media / "attachments" / digest).unlink()
    call_command("restore", str(path), "--force", stdout=open(tmp_path / "out2.txt", "w"))
    assert (media / "attachments" / digest).read_bytes() == content
