"""Meetings' attachments on disk: checked by their content (not their name), kept under
KKR_MEDIA_DIR as `attachments/<sha256>`, so the same bytes are stored once and a file's name
never reaches the file system."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from kkrmonitor.upload_limits import ATTACHMENTS, UploadRefused, check_size, check_xlsx_archive

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIX = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx"}
ALLOWED_TEXT = "Kun PDF-, Word- (.docx) og Excel-filer (.xlsx) kan vedhæftes"


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    sha256: str


def sniff_content_type(data: bytes) -> str:
    """PDF, DOCX or XLSX by the bytes; UploadRefused for anything else, whatever its name."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise UploadRefused(f"filen er en beskadiget zip-fil. {ALLOWED_TEXT}") from None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
    raise UploadRefused(f"filens indhold er hverken PDF, Word eller Excel. {ALLOWED_TEXT}")


def check_attachment(data: bytes) -> CheckedFile:
    check_size(len(data), ATTACHMENTS)
    content_type = sniff_content_type(data)
    if content_type in (DOCX, XLSX):
        check_xlsx_archive(data, ATTACHMENTS)  # the unpacked size, for any Office zip
    return CheckedFile(data, content_type, hashlib.sha256(data).hexdigest())


def media_dir() -> Path:
    return Path(settings.KKR_MEDIA_DIR)


def stored_path(sha256: str) -> Path:
    return media_dir() / "attachments" / sha256


def store(checked: CheckedFile) -> Path:
    """Write the bytes once (atomically); an existing file of the same checksum is kept."""
    path = stored_path(checked.sha256)
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(checked.data)
    os.replace(tmp, path)
    return path


def check_size_only(data: bytes) -> None:
    check_size(len(data), ATTACHMENTS)
