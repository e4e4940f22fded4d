"""Defect 9: untrusted uploads are bounded. A request's size is checked before its body is
read; a DOCX/ZIP bomb is refused from its directory and nothing is stored; extracted text
is capped; PDF text extraction is bounded in pages and time."""

import io
import itertools
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx

from samverkan.accounts.models import Role
from samverkan.accounts.services import user_create
from samverkan.audit.models import AuditEntry
from samverkan.cases.models import Case, RegistryEntry
from samverkan.documents import middleware, services
from samverkan.documents.models import Document, DocumentVersion
from samverkan.search.models import SearchEntry

MB = 1024 * 1024
PARAGRAPH = b"<w:p><w:r><w:t>Bomb bomb bomb bomb</w:t></w:r></w:p>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def a_docx(*paragraphs: str) -> bytes:
    doc = Docx()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_rebuilt(
    replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """A real DOCX from python-docx with some members replaced or added."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(a_docx("Inledning")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, data in add.items():
            target.writestr(name, data)
    return out.getvalue()


def docx_bomb(inflated_bytes: int) -> bytes:
    """A valid DOCX whose word/document.xml inflates to `inflated_bytes` of paragraphs;
    written in chunks, so the test never holds the inflated XML."""
    source = zipfile.ZipFile(io.BytesIO(a_docx("Inledning")))
    document = source.read("word/document.xml").decode()
    head, tail = document.split("<w:body>")
    chunk = PARAGRAPH * 20_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
        with target.open("word/document.xml", "w", force_zip64=True) as xml:
            xml.write(f"{head}<w:body>".encode())
            for _ in range(inflated_bytes // len(chunk) + 1):
                xml.write(chunk)
            xml.write(tail.encode())
    return out.getvalue()


def a_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def nothing_stored(media_root: Path) -> bool:
    """No document, version, search entry, audit entry for either, or file in storage."""
    from django.contrib.contenttypes.models import ContentType

    files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    audited = AuditEntry.objects.filter(
        content_type__in=ContentType.objects.get_for_models(Document, DocumentVersion).values()
    )
    return (
        not Document.objects.exists()
        and not DocumentVersion.objects.exists()
        and not SearchEntry.objects.filter(kind=SearchEntry.Kind.DOCUMENT).exists()
        and not audited.exists()
        and files == []
    )


# --- the bomb, refused from the zip directory -------------------------------------------


@pytest.mark.django_db
def test_a_docx_bomb_with_the_default_limits_is_refused_and_nothing_is_stored(media):
    bomb = docx_bomb(200 * MB)  # the 517 KB → 200 MB of the defect report
    assert len(bomb) < 1 * MB
    with pytest.raises(ValidationError, match="packas upp till mer än 50 MB"):
        services.document_create(title="Bomb", data=bomb, filename="bomb.docx")
    assert nothing_stored(media)


@pytest.mark.django_db
def test_the_inflated_total_is_limited(settings, media):
    settings.SAMVERKAN_MAX_INFLATED_BYTES = 1 * MB
    settings.SAMVERKAN_ZIP_MAX_RATIO = 10**9  # only the total counts here
    with pytest.raises(ValidationError, match="packas upp till mer än 1 MB"):
        services.document_create(title="Stor", data=docx_bomb(2 * MB), filename="stor.docx")
    assert nothing_stored(media)
    # The total counts every member, not only the largest.
    many = {f"word/media/part{i}.xml": b"x" * (300 * 1024) for i in range(4)}
    with pytest.raises(ValidationError, match="packas upp till mer än 1 MB"):
        services.document_create(title="Delar", data=docx_rebuilt(add=many), filename="d.docx")
    assert nothing_stored(media)


@pytest.mark.django_db
def test_a_member_compressed_absurdly_is_refused(settings, media):
    settings.SAMVERKAN_MAX_INFLATED_BYTES = 1024 * MB  # only the ratio counts here
    with pytest.raises(ValidationError, match="packas upp orimligt mycket"):
        services.document_create(title="Bomb", data=docx_bomb(5 * MB), filename="bomb.docx")
    assert nothing_stored(media)


def test_a_small_member_may_compress_well():
    # Below SAMVERKAN_ZIP_RATIO_MIN_BYTES a high ratio is normal (a styles part, say).
    data = docx_rebuilt(add={"word/blank.xml": b" " * 500_000})
    assert "word/blank.xml" in services.zip_inspect(data)


@pytest.mark.django_db
def test_too_many_members_are_refused_before_the_directory_is_read(settings, media, monkeypatch):
    settings.SAMVERKAN_ZIP_MAX_MEMBERS = 20
    data = docx_rebuilt(add={f"word/media/image{i}.png": b"\x89PNG" for i in range(30)})

    def never(*args, **kwargs):
        raise AssertionError("zipfile read the directory")

    monkeypatch.setattr(services.zipfile, "ZipFile", never)
    with pytest.raises(ValidationError, match="för många delar \\(fler än 20\\)"):
        services.document_create(title="Många", data=data, filename="m.docx")
    monkeypatch.undo()
    assert nothing_stored(media)


def test_a_directory_larger_than_its_member_count_claims_is_refused(settings):
    settings.SAMVERKAN_ZIP_MAX_MEMBERS = 20
    data = bytearray(docx_rebuilt(add={f"word/media/i{i}.png": b"x" for i in range(30)}))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = (5).to_bytes(2, "little") * 2  # "5 members"
    with pytest.raises(ValidationError, match="för många delar"):
        services.zip_inspect(bytes(data))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content",
    [
        ("word/media/arkiv.zip", a_zip({"a.txt": b"hej"})),
        ("word/media/image1.png", a_zip({"a.txt": b"hej"})),  # a zip by its content
        ("word/media/inne.docx", a_zip({"a.txt": b"hej"})),  # outside embeddings/
        ("word/media/arkiv.7z", b"7z\xbc\xaf\x27\x1c"),
    ],
)
def test_an_archive_inside_the_upload_is_refused(media, name, content):
    with pytest.raises(ValidationError, match="innehåller en annan zip-fil"):
        services.document_create(
            title="Nästlad", data=docx_rebuilt(add={name: content}), filename="n.docx"
        )
    assert nothing_stored(media)


@pytest.mark.django_db
def test_an_office_package_embedded_for_a_chart_is_inspected_and_accepted(settings, media):
    sheet = a_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    data = docx_rebuilt(add={"word/embeddings/Microsoft_Excel_Sheet1.xlsx": sheet})
    version = services.document_create(title="Diagram", data=data, filename="d.docx").current
    assert version is not None and "Inledning" in version.text
    # ... but it may not hold an archive itself, and it shares the size budget.
    nested = a_zip({"xl/workbook.xml": b"<workbook/>", "xl/x.zip": a_zip({"a": b"b"})})
    with pytest.raises(ValidationError, match="innehåller en annan zip-fil"):
        services.zip_inspect(docx_rebuilt(add={"word/embeddings/Bok.xlsx": nested}))
    settings.SAMVERKAN_MAX_INFLATED_BYTES = 1 * MB
    settings.SAMVERKAN_ZIP_MAX_RATIO = 10**9
    inner = a_zip({"xl/workbook.xml": b"<workbook/>", "xl/big.xml": b"x" * (2 * MB)})
    with pytest.raises(ValidationError, match="packas upp till mer än 1 MB"):
        services.zip_inspect(docx_rebuilt(add={"word/embeddings/Bok.xlsx": inner}))


def test_an_encrypted_member_is_refused():
    data = bytearray(a_zip({"word/document.xml": b"<w:document/>", "word/x.xml": b"<x/>"}))
    # zipfile cannot encrypt: set the "encrypted" flag of the last member's directory entry.
    entry = data.rfind(b"PK\x01\x02")
    data[entry + 8] |= 0x1
    with pytest.raises(ValidationError, match="krypterad"):
        services.zip_inspect(bytes(data))


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not a zip at all",
        a_zip({"word/document.xml": b"<w:document/>"}).replace(b"PK\x01\x02", b"PK\x01\x00"),
        a_zip({"word/document.xml": b"<w:document/>"})[:-30],
    ],
)
def test_a_broken_zip_is_refused_with_a_swedish_message(data):
    with pytest.raises(ValidationError, match="skadad zip-fil"):
        services.content_type_sniff(data)


# --- the bomb, refused through the case page ---------------------------------------------


@pytest.mark.django_db
def test_a_docx_bomb_posted_on_the_case_page_is_refused_and_nothing_is_stored(
    client, demo, settings, media
):
    settings.SAMVERKAN_MAX_INFLATED_BYTES = 5 * MB
    admin = user_create(username="admin", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    documents, entries = Document.objects.count(), RegistryEntry.objects.count()
    versions, searchable = DocumentVersion.objects.count(), SearchEntry.objects.count()
    audited = AuditEntry.objects.count()
    stored = sorted(media.rglob("*"))
    response = client.post(
        "/arenden/RS/418/2025/",
        {
            "date": "2026-11-21",
            "direction": "received",
            "description": "Skrivelse med bilaga",
            "file": SimpleUploadedFile("bilaga.docx", docx_bomb(20 * MB)),
        },
    )
    assert response.status_code == 200
    assert "packas upp till mer än 5 MB" in response.content.decode()
    assert Document.objects.count() == documents
    assert DocumentVersion.objects.count() == versions
    assert RegistryEntry.objects.count() == entries
    assert SearchEntry.objects.count() == searchable
    assert AuditEntry.objects.count() == audited
    assert sorted(media.rglob("*")) == stored
    # The same form with an honest file goes through.
    response = client.post(
        "/arenden/RS/418/2025/",
        {
            "date": "2026-11-21",
            "direction": "received",
            "description": "Skrivelse med bilaga",
            "file": SimpleUploadedFile("bilaga.docx", a_docx("Skrivelse om samverkan")),
        },
    )
    assert response.status_code == 302
    assert RegistryEntry.objects.count() == entries + 1
    assert Case.objects.get(number=418, year=2025).entries.count() >= 1


# --- extracted text is capped and read as a stream -----------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        ("Samverkan om skolan. " * 500).encode(),
        ("Åå äö " * 2000).encode(),
    ],
    ids=["ascii", "multibyte"],
)
def test_stored_text_is_capped(settings, data):
    settings.SAMVERKAN_MAX_TEXT_CHARS = 1000
    version = services.document_create(title="Lång", data=data, filename="a.txt").current
    assert version is not None and len(version.text) == 1000
    assert data.decode().startswith(version.text)


@pytest.mark.django_db
def test_docx_text_is_capped_and_read_only_as_far_as_needed(settings):
    settings.SAMVERKAN_MAX_TEXT_CHARS = 1000
    data = a_docx(*(f"Stycke {i} om samverkan." for i in range(2000)))
    version = services.document_create(title="Word", data=data, filename="w.docx").current
    assert version is not None and len(version.text) == 1000
    assert version.text.startswith("Stycke 0 om samverkan.\nStycke 1 om samverkan.")
    entry = SearchEntry.objects.get(text__startswith="Stycke 0")
    assert len(entry.text) <= 1000


def test_docx_text_keeps_the_paragraphs_of_tables_too():
    doc = Docx()
    doc.add_paragraph("Före tabellen")
    doc.add_table(rows=1, cols=2).rows[0].cells[1].text = "I en cell"
    doc.add_paragraph("Efter tabellen")
    out = io.BytesIO()
    doc.save(out)
    text = services.docx_text(out.getvalue(), 1000)
    assert text.split("\n") == ["Före tabellen", "", "I en cell", "Efter tabellen"]


def test_entities_in_docx_xml_are_not_expanded():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document ['
        b'<!ENTITY a "hahahahahahahahahaha">'
        + b"".join(
            f'<!ENTITY {b} "{("&" + a + ";") * 10}">'.encode()
            for a, b in itertools.pairwise("abcdefghi")
        )
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Hej &i;</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(ValidationError, match="Word-filen är skadad"):
        services.docx_text(docx_rebuilt(replace={"word/document.xml": laughs}), 1_000_000)
    one = docx_rebuilt(replace={"word/document.xml": laughs.replace(b"&i;", b"&a;")})
    assert services.docx_text(one, 1_000_000).strip() == "Hej"


@pytest.mark.parametrize(
    "data",
    [
        docx_rebuilt(replace={"word/document.xml": b"<w:document><w:body><w:p>"}),
        docx_rebuilt(replace={"[Content_Types].xml": b"<Types/>"}).replace(
            b"[Content_Types].xml", b"[Content_Typez].xml"
        ),
    ],
    ids=["unclosed-xml", "no-content-types"],
)
def test_a_broken_docx_is_refused(data):
    with pytest.raises(ValidationError, match="Word-filen är skadad"):
        services.text_extract(data, services.content_type_sniff(data))


# --- PDF text extraction is bounded --------------------------------------------------------


def a_pdf_of_pages(count: int) -> bytes:
    from weasyprint import HTML

    pages = "".join(
        f'<p style="break-after: page">Sidan {i} Markör{i}</p>' for i in range(1, count + 1)
    )
    return HTML(string=pages).write_pdf()


def raw_pdf(objects: list[str]) -> bytes:
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


@pytest.mark.django_db
def test_pdf_text_is_read_from_at_most_the_page_limit(settings):
    settings.SAMVERKAN_PDF_MAX_PAGES = 2
    version = services.document_create(
        title="Lång PDF", data=a_pdf_of_pages(5), filename="l.pdf"
    ).current
    assert version is not None
    assert "Markör1" in version.text and "Markör2" in version.text
    assert "Markör3" not in version.text


@pytest.mark.django_db
def test_pdf_text_stops_when_the_time_budget_is_spent(settings, monkeypatch):
    settings.SAMVERKAN_PDF_TIME_BUDGET_SECONDS = 10
    clock = itertools.count(start=0, step=4)  # every page "takes" four seconds
    monkeypatch.setattr(services.time, "monotonic", lambda: next(clock))
    version = services.document_create(
        title="Långsam PDF", data=a_pdf_of_pages(6), filename="s.pdf"
    ).current
    # deadline 10: after page 1 the clock reads 4, after page 2 8, after page 3 12 > 10.
    assert version is not None
    assert "Markör3" in version.text and "Markör4" not in version.text


def test_pdf_text_stops_at_the_text_cap():
    text = services.pdf_text(a_pdf_of_pages(4), 10)
    assert len(text) == 10 and text.startswith("Sidan 1")


def test_a_pdf_with_a_looping_page_tree_is_refused_at_once():
    data = raw_pdf(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
        ]
    )
    with pytest.raises(ValidationError, match="PDF-filen är skadad"):
        services.pdf_text(data, 1000)


def test_any_failure_inside_pypdf_is_a_swedish_error_not_a_500(monkeypatch):
    from pypdf import PageObject

    def explode(self, *args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(PageObject, "extract_text", explode)
    with pytest.raises(ValidationError, match="PDF-filen är skadad"):
        services.pdf_text(a_pdf_of_pages(1), 1000)


# --- the request size, before the body is read --------------------------------------------


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise AssertionError("the body was read")


@pytest.mark.django_db
def test_a_request_declaring_a_large_body_gets_413_before_the_body_is_read(client, settings):
    settings.SAMVERKAN_MAX_REQUEST_BYTES = 10 * MB
    for path in ["/arenden/RS/418/2025/", "/"]:
        response = client.generic(
            "POST",
            path,
            CONTENT_TYPE="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(10 * MB + 1),
            **{"wsgi.input": Unreadable()},
        )
        assert response.status_code == 413
        html = response.content.decode()
        assert "Begäran är för stor" in html and "10 MB" in html
        assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_request_within_the_limit_reaches_the_view(client, settings):
    settings.SAMVERKAN_MAX_REQUEST_BYTES = 10 * MB
    response = client.post("/", {"q": "x" * 1000})
    assert response.status_code != 413


def test_the_request_limit_defaults_to_the_upload_limit_plus_a_megabyte(settings):
    del settings.SAMVERKAN_MAX_REQUEST_BYTES
    settings.SAMVERKAN_MAX_UPLOAD_BYTES = 7 * MB
    assert middleware.max_request_bytes() == 8 * MB


def test_the_limit_sits_before_anything_that_reads_the_body(settings):
    chain = list(settings.MIDDLEWARE)
    limit = chain.index("samverkan.documents.middleware.RequestSizeLimitMiddleware")
    assert limit < chain.index("django.middleware.csrf.CsrfViewMiddleware")
    assert limit <= 1  # only SecurityMiddleware (an HTTPS redirect) may come first
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * MB
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * MB
