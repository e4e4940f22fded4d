import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document as Docx

from samverkan.documents import services
from samverkan.documents.models import Document, DocumentVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def a_pdf(text: str = "Rapport om samverkansstrukturen") -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def a_docx(text: str) -> bytes:
    doc = Docx()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_versions_are_numbered_with_checksums_and_text_for_search():
    import hashlib

    pdf = a_pdf()
    doc = services.document_create(title="Rapport", data=pdf, filename="rapport.pdf")
    v2 = services.document_version_add(
        doc, data=a_docx("Ny version om samverkansstrukturen"), filename="rapport.docx"
    )
    v1 = doc.versions.get(number=1)
    assert v1.sha256 == hashlib.sha256(pdf).hexdigest() and v1.content_type == "application/pdf"
    assert "samverkansstrukturen" in v1.text
    assert v2.number == 2 and "Ny version" in v2.text
    assert doc.current == v2
    assert v1.file.name.startswith("handlingar/")


def test_the_type_comes_from_the_content_not_the_name():
    with pytest.raises(
        ValidationError, match=r"innehåll \(PDF\) stämmer inte med filnamnet \(.docx\)"
    ):
        services.document_create(title="Fel", data=a_pdf(), filename="rapport.docx")
    assert not Document.objects.exists()
    version = services.document_create(title="Text", data=b"Hej", filename="anteckning").current
    assert version.content_type == "text/plain"


def test_a_malformed_pdf_is_refused_and_nothing_saved():
    with pytest.raises(ValidationError, match="PDF-filen är skadad"):
        services.document_create(title="Trasig", data=b"%PDF-1.7\n garbage", filename="x.pdf")
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()


def test_a_file_over_the_limit_is_refused(settings):
    settings.SAMVERKAN_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError, match="för stor"):
        services.document_create(title="Stor", data=b"a" * 2048, filename="stor.txt")
    assert not Document.objects.exists()


def test_unknown_binary_content_is_refused():
    with pytest.raises(ValidationError, match="Filtypen känns inte igen"):
        services.document_create(title="Binär", data=b"\x00\x01\x02\xff\xfe", filename="x.bin")


def test_a_confidentiality_mark_needs_its_legal_ground():
    doc = services.document_create(title="Hemlig", data=b"Uppgift", filename="h.txt")
    with pytest.raises(ValidationError, match="Ange sekretessgrund med kapitel och paragraf"):
        services.document_mark_confidential(doc, ground="sekretess")
    doc.refresh_from_db()
    assert not doc.is_confidential
    services.document_mark_confidential(doc, ground="OSL 21 kap. 1 §")
    doc.refresh_from_db()
    assert doc.confidentiality_ground == "OSL 21 kap. 1 §" and doc.confidentiality_marked_at


def test_public_documents_are_never_deleted():
    doc = services.document_create(title="Allmän handling", data=b"Text", filename="a.txt")
    with pytest.raises(PermissionError, match="raderas inte"):
        doc.delete()
    with pytest.raises(PermissionError):
        Document.objects.all().delete()
    with pytest.raises(PermissionError):
        doc.current.delete()
    assert Document.objects.count() == 1
