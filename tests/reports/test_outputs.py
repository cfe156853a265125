"""The report as files and pages: `kkr programme_report` (Word and PDF, and its bad input), the
Word file read back with python-docx, the PDF's text, and the editors' page and downloads."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from kkrmonitor.reports.docx import render_document as render_docx
from kkrmonitor.reports.pdf import render_document as render_pdf
from kkrmonitor.reports.programme_report import build_report, resolve
from tests.meetings.test_annex import LIBREOFFICE, convert_with_libreoffice, pdf_text

pytestmark = pytest.mark.django_db

TERM_HEADINGS = ["Frister i perioden", "Rådets beslutninger",
                 "Kommunernes fremdrift på de fælles indsatser", "Projekter, der skiftede fase",
                 "Nøgletal", "Anbefalingerne", "Det, der ikke er afsluttet"]


def flat(text: str) -> str:
    """Every run of whitespace as one space: where a PDF line breaks depends on the fonts."""
    return " ".join(text.split())


def test_the_docx_opens_with_python_docx(small):
    doc = build_report(resolve("kkr-hovedstaden", "2026-2029", None), date(2027, 6, 1))
    document = Document(io.BytesIO(render_docx(doc)))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    assert [text for style, text in headings if style == "Heading 1"] == TERM_HEADINGS
    assert headings[0] == ("Title", "Slutrapport for valgperioden 2026–2029")
    assert ("Heading 2", "Mødet den 16. marts 2026") in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "IT-drift: 0 → 3 af 29 overdraget" in text
    deadlines = document.tables[0]
    assert [c.text for c in deadlines.rows[0].cells] == ["Frist", "Milepæl", "Anbefaling",
                                                         "Udfald"]
    assert [c.text for c in deadlines.rows[1].cells] == [
        "31. maj 2026 (foråret 2026)", "Godkendelse i KKR", "1", "Nået 20. maj 2026"]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[0].text == (
        "KKR Hovedstaden · valgperioden 2026–2029\t"
        "Slutrapport for valgperioden 2026–2029")
    assert 'w:val="da-DK"' in document.styles.element.xml


@pytest.mark.skipif(LIBREOFFICE is None,
                    reason="LibreOffice is not installed (CI installs libreoffice-writer-nogui)")
def test_the_docx_opens_in_libreoffice(small, tmp_path):
    source = tmp_path / "slutrapport.docx"
    source.write_bytes(render_docx(build_report(resolve("kkr-hovedstaden", "2026-2029", None),
                                                date(2027, 6, 1))))
    pages = [flat(page) for page in
             pdf_text(convert_with_libreoffice(source, tmp_path).read_bytes())]
    text = " ".join(pages)
    for heading in TERM_HEADINGS:
        assert heading in text
    assert f"Side 1 af {len(pages)}" in pages[0]  # the fields were filled in
    assert "Anbefaling" in text.split("Udfald")[0]  # the column heading is not split


def test_the_pdf_has_the_headings(small):
    doc = build_report(resolve("kkr-hovedstaden", "2026-2029", 2027), date(2028, 1, 10))
    with pdfplumber.open(io.BytesIO(render_pdf(doc))) as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (595, 842)
        pages = [page.extract_text() for page in pdf.pages]
    text = flat("\n".join(pages))
    assert text.startswith("KKR Hovedstaden · valgperioden 2026–2029 Årsrapport 2027 "
                           "Årsrapport 2027")
    for heading in TERM_HEADINGS[:-1]:
        assert heading in text
    assert "Det, der ikke er afsluttet" not in text  # the annual report has no closing section
    assert "IT-drift: 1 → 3 af 29 overdraget" in text
    assert pages[-1].splitlines()[-1] == f"Side {len(pages)} af {len(pages)}"


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_command_writes_the_report(small, tmp_path, capsys, fmt):
    out = tmp_path / f"rapport.{fmt}"
    call_command("programme_report", "--council", "kkr-hovedstaden", "--term", "2026-2029",
                 "--year", "2026", "--format", fmt, "--out", str(out))
    assert capsys.readouterr().out == (
        f"Årsrapport 2026 for KKR Hovedstaden skrevet til {out}.\n")
    content = out.read_bytes()
    if fmt == "docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    else:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            text = flat("\n".join(page.extract_text() for page in pdf.pages))
    assert "Punkt 3, Takstmodel: KKR godkendte takstmodellen." in text


@pytest.mark.parametrize(("args", "message"), [
    (["--council", "kkr-ukendt"], "Ukendt råd 'kkr-ukendt'."),
    (["--term", "2030-2033"], "KKR Hovedstaden har intet arbejdsprogram for 2030-2033."),
    (["--term", "26-29"], "Valgperioden '26-29' skal skrives som to årstal, fx 2026-2029."),
    (["--year", "2025"], "Året 2025 ligger uden for valgperioden 2026-2029."),
    (["--year", "sidste år"], "Året 'sidste år' er ikke et årstal."),
    (["--format", "odt"], "Ukendt format 'odt': brug docx eller pdf."),
    (["--out", "{tmp}/findes-ikke/a.pdf"],
     "Kan ikke skrive {tmp}/findes-ikke/a.pdf: mappen {tmp}/findes-ikke findes ikke."),
    (["--out", "{tmp}"], "Kan ikke skrive {tmp}: det er en mappe."),
])
def test_bad_input_gives_one_message(small, tmp_path, args, message):
    options = {"--council": "kkr-hovedstaden", "--term": "2026-2029", "--format": "pdf",
               "--out": f"{tmp_path}/a.pdf"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = [part.format(tmp=tmp_path) for pair in options.items() for part in pair]
    with pytest.raises(CommandError) as error:
        call_command("programme_report", *argv)
    assert str(error.value) == message.format(tmp=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_bad_input_exits_non_zero_with_the_message_on_stderr(small, tmp_path, capsys):
    from kkrmonitor.reports.management.commands.programme_report import Command

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["kkr", "programme_report", "--council", "kkr-hovedstaden",
                                 "--term", "2026-2029", "--year", "2031", "--format", "docx",
                                 "--out", str(tmp_path / "a.docx")])
    assert exit_.value.code == 1
    assert capsys.readouterr().err == (
        "CommandError: Året 2031 ligger uden for valgperioden 2026-2029.\n")


# --- the editors' page ------------------------------------------------------------------------

def test_the_editors_page_shows_the_report_and_links_the_files(client, small, editor):
    client.force_login(editor)
    url = reverse("programme_report", args=["kkr-hovedstaden", "2026-2029"])
    page = client.get(url + "?aar=2026").content.decode()
    assert "<h1>Årsrapport 2026</h1>" in page
    assert '<option value="2026" selected>Året 2026 (årsrapport)</option>' in page
    assert "<h2>Frister i perioden</h2>" in page
    assert "<h3>Mødet den 16. marts 2026</h3>" in page
    assert "Punkt 3, Takstmodel: KKR godkendte takstmodellen." in page
    assert 'href="/rediger/rapport/kkr-hovedstaden/2026-2029/rapport.docx?aar=2026"' in page
    assert 'href="/rediger/rapport/kkr-hovedstaden/2026-2029/rapport.pdf?aar=2026"' in page
    assert "Hemmeligt udkast" not in page

    whole = client.get(url).content.decode()
    assert "<h1>Slutrapport for valgperioden 2026–2029</h1>" in whole
    assert "<h2>Det, der ikke er afsluttet</h2>" in whole


@pytest.mark.parametrize(("name", "content_type", "filename"), [
    ("programme_report_docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "aarsrapport-2027-kkr-hovedstaden-2026-2029.docx"),
    ("programme_report_pdf", "application/pdf",
     "aarsrapport-2027-kkr-hovedstaden-2026-2029.pdf"),
])
def test_downloads(client, small, editor, name, content_type, filename):
    client.force_login(editor)
    response = client.get(reverse(name, args=["kkr-hovedstaden", "2026-2029"]) + "?aar=2027")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(("council", "term", "query"), [
    ("kkr-ukendt", "2026-2029", ""),
    ("kkr-hovedstaden", "2030-2033", ""),
    ("kkr-hovedstaden", "2026-2029", "?aar=2031"),
    ("kkr-hovedstaden", "2026-2029", "?aar=abc"),
])
def test_what_does_not_exist_is_404(client, small, admin_user, council, term, query):
    client.force_login(admin_user)
    response = client.get(reverse("programme_report", args=[council, term]) + query)
    assert response.status_code == 404


def test_the_editing_start_page_links_the_report(client, small, editor):
    client.force_login(editor)
    page = client.get(reverse("edit_home")).content.decode()
    assert ('<a href="/rediger/rapport/kkr-hovedstaden/2026-2029/">Årsrapport og slutrapport '
            'for 2026-2029</a>') in page
