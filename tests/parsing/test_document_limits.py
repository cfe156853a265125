"""Limits on what a document may cost to read: a zip-bomb Word file, a huge PDF, a huge file.

Pure tests: run with `pytest -p no:django`.  The bombs are built here, small and fast: a
Word file whose word/document.xml is ten megabytes of empty paragraphs packed into about
ten kilobytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from kkrmonitor.parsing import readers
from kkrmonitor.parsing.programme_document import DocumentError, read_programme
from kkrmonitor.parsing.readers import common, pdf, word

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "programme"
WORD = FIXTURES / "anbefalinger.docx"

BOMB_BYTES = 10 * 1024 * 1024


def _rebuild(
    replace: dict[str, bytes] | None = None,
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The council's Word fixture with some parts replaced or added."""
    replace = replace or {}
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(WORD) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = replace.get(info.filename, source.read(info))
            target.writestr(info.filename, data, compress_type=compression, compresslevel=9)
        for name, data in (extra or {}).items():
            target.writestr(name, data, compresslevel=9)
    return buffer.getvalue()


def _bomb_document_xml() -> bytes:
    """word/document.xml with ten megabytes of empty paragraphs in the body: valid XML, so
    without a limit python-docx would unpack and parse it all, and the reader would walk
    1.7 million paragraphs."""
    with zipfile.ZipFile(WORD) as source:
        xml = source.read("word/document.xml")
    head, tail = xml.split(b"<w:body>", 1)
    return head + b"<w:body>" + b"<w:p/>" * (BOMB_BYTES // 6) + tail


def _set_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size the archive declares for `name` (local header and
    central directory), leaving the packed data as it is."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            if out[start + name_at : start + name_at + len(encoded)] == encoded:
                struct.pack_into("<I", out, start + size_at, size)
            start += 4
    return bytes(out)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path) -> str:
    with pytest.raises(DocumentError) as info:
        read_programme(path)
    return str(info.value)


def test_zip_bomb_docx_is_refused(tmp_path: Path) -> None:
    data = _rebuild(replace={"word/document.xml": _bomb_document_xml()})
    assert len(data) < 200_000  # the bomb itself is small
    message = _error(_write(tmp_path, "bombe.docx", data))
    assert message.startswith("Word-filens del »word/document.xml« pakkes ud til ")
    assert message.endswith(
        " gange sin pakkede størrelse (højst 100 er tilladt). Filen er formentlig en zip-bombe."
    )


def test_the_fixture_without_the_bomb_still_reads(tmp_path: Path) -> None:
    # The rebuilt archive alone is a good Word file, so the refusal above is for the bomb.
    data = _rebuild()
    assert read_programme(_write(tmp_path, "ok.docx", data)).source_format == "docx"


def test_docx_with_too_many_parts(tmp_path: Path) -> None:
    extra = {f"customXml/extra{i}.xml": b"<a/>" for i in range(word.MAX_ZIP_ENTRIES)}
    message = _error(_write(tmp_path, "mange.docx", _rebuild(extra=extra)))
    assert message.startswith("Word-filen indeholder ")
    assert message.endswith(" dele; højst 2000 er tilladt. Filen er formentlig en zip-bombe.")


def test_docx_declaring_a_huge_part(tmp_path: Path) -> None:
    data = _set_declared_size(_rebuild(), "word/document.xml", 17 * 1024 * 1024)
    assert _error(_write(tmp_path, "stor.docx", data)) == (
        "Word-filens del »word/document.xml« fylder mere end 16 MB udpakket. "
        "Filen er formentlig en zip-bombe."
    )


def test_docx_declaring_a_huge_picture(tmp_path: Path) -> None:
    data = _rebuild(extra={"word/media/image1.png": b"x"})
    data = _set_declared_size(data, "word/media/image1.png", 51 * 1024 * 1024)
    assert _error(_write(tmp_path, "billede.docx", data)) == (
        "Word-filens del »word/media/image1.png« fylder mere end 50 MB udpakket. "
        "Filen er formentlig en zip-bombe."
    )


def test_docx_with_too_many_paragraphs(tmp_path: Path) -> None:
    # Packed at a ratio under the limit (each paragraph differs), yet too many to walk.
    with zipfile.ZipFile(WORD) as source:
        xml = source.read("word/document.xml")
    head, tail = xml.split(b"<w:body>", 1)
    paragraphs = b"".join(
        b'<w:p w:rsidR="%08X"/>' % (i * 2654435761 % 2**32) for i in range(25_000)
    )
    data = _rebuild(replace={"word/document.xml": head + b"<w:body>" + paragraphs + tail})
    assert _error(_write(tmp_path, "afsnit.docx", data)) == (
        "Word-filen har 25.021 afsnit; højst 20.000 læses."
    )


def test_docx_whose_parts_add_up_to_too_much(tmp_path: Path) -> None:
    # Each part under the per-part limit and stored uncompressed (no ratio to catch), but
    # together over the total; the sizes are declared, the packed data stays tiny.
    extra = {f"word/media/image{i}.png": b"x" for i in range(5)}
    data = _rebuild(extra=extra)
    for i in range(5):
        data = _set_declared_size(data, f"word/media/image{i}.png", 45 * 1024 * 1024)
    message = _error(_write(tmp_path, "mange-billeder.docx", data))
    # 45 MB in a 1-byte packed part is also far over the ratio; whichever limit is met first,
    # the refusal names the bomb.
    assert message.endswith("Filen er formentlig en zip-bombe.")


def test_declared_sizes_that_lie_do_not_get_past(tmp_path: Path) -> None:
    # The directory claims 1 kB; unpacking stops there, and the check sum then fails.
    data = _rebuild(replace={"word/document.xml": _bomb_document_xml()})
    data = _set_declared_size(data, "word/document.xml", 1000)
    assert _error(_write(tmp_path, "loegn.docx", data)) == (
        "Word-filen kan ikke læses; den er beskadiget."
    )


def test_docx_packed_in_a_way_word_never_uses(tmp_path: Path) -> None:
    data = _rebuild(compression=zipfile.ZIP_BZIP2)
    assert _error(_write(tmp_path, "bzip2.docx", data)) == (
        "Word-filens del »[Content_Types].xml« er pakket på en måde, Word ikke bruger."
    )


def test_check_archive_accepts_the_councils_word_file() -> None:
    word.check_archive(WORD.read_bytes())


def test_pdf_with_too_many_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 1)
    with pytest.raises(DocumentError) as info:
        pdf.pdf_pages((FIXTURES / "anbefalinger.pdf").read_bytes())
    assert str(info.value).startswith("PDF-filen har for mange sider (")
    assert str(info.value).endswith("); der læses højst 1.")


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "MAX_FILE_BYTES", 3 * 1024 * 1024)
    path = _write(tmp_path, "stor.txt", b"a\n" * (2 * 1024 * 1024))
    assert _error(path) == "Filen er for stor (4 MB); der læses højst 3 MB."


def test_readers_return_pages_without_programme_structure() -> None:
    document = readers.read_document(FIXTURES / "anbefalinger.pdf")
    assert document.format == "pdf"
    pages = readers.pdf_pages(document.data)
    assert all(line.page == number for number, page in enumerate(pages, 1) for line in page)
    assert pages[0][0].text.startswith("KKR Hovedstaden")
    lines = readers.text_pages("første\fanden\nside to")
    assert [[(line.lineno, line.text, line.page) for line in page] for page in lines] == [
        [(1, "første", 1)],
        [(1, "anden", 2), (2, "side to", 2)],
    ]


def test_pdf_lines_carry_their_page_and_the_furniture_is_left_in() -> None:
    lines = readers.document_lines(readers.read_document(FIXTURES / "anbefalinger.pdf"))
    header = lines[0].text
    assert header == "KKR Hovedstaden · Anbefalinger 2026-2029"
    pages = sorted({line.page for line in lines if line.page is not None})
    assert len(pages) > 1 and pages == list(range(1, len(pages) + 1))
    assert [line.page for line in lines if line.text == header] == pages
    # A PDF's lines are its printed lines: the title wraps.
    assert [line.text for line in lines[1:3]] == [
        "KKR Hovedstadens anbefalinger til det nye",
        "KKR Hovedstaden",
    ]


def test_word_lines_have_no_pages() -> None:
    lines = readers.document_lines(readers.read_document(WORD))
    assert lines[0] == readers.Line(
        None, "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden"
    )
    assert {line.page for line in lines} == {None}


def test_text_lines_with_pages(tmp_path: Path) -> None:
    text = "Dagsorden\n\n1. Referat fra sidste møde\fSide to\n"
    path = _write(tmp_path, "møde.txt", text.encode())
    assert readers.document_lines(readers.read_document(path)) == [
        readers.Line(1, "Dagsorden"),
        readers.Line(1, "1. Referat fra sidste møde"),
        readers.Line(2, "Side to"),
    ]
