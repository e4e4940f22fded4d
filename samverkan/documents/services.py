"""Writes for documents: upload a version (type sniffed from the content, size limit,
checksum, text extracted) and mark confidentiality."""

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import Document, DocumentVersion

# OSL: "OSL 21 kap. 1 §", "21 kap. 7 § OSL", "offentlighets- och sekretesslagen 25:1".
LEGAL_GROUND = re.compile(r"(\d+\s*kap\.?\s*\d+\s*[a-z]?\s*§)|(\d+\s*:\s*\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def content_type_sniff(data: bytes) -> Sniffed:
    """The file's type from its content, never from its name."""
    if data.startswith(b"%PDF-"):
        return Sniffed("application/pdf", "pdf")
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile as exc:
            raise ValidationError("Filen är en skadad zip-fil.") from exc
        if "word/document.xml" in names:
            return Sniffed(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
            )
        if "xl/workbook.xml" in names:
            return Sniffed(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
            )
        raise ValidationError("Zip-filer tas inte emot som handlingar.")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", "png")
    if data.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", "jpg")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "Filtypen känns inte igen (PDF, Word, Excel, PNG, JPEG eller text)."
        ) from exc
    if b"\x00" in data:
        raise ValidationError("Filtypen känns inte igen.")
    return Sniffed("text/plain", "txt")


EXPECTED_BY_NAME = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "png": "png",
    "jpg": "jpg",
    "jpeg": "jpg",
    "txt": "txt",
}


def text_extract(data: bytes, sniffed: Sniffed) -> str:
    """Text for search; a file that claims a type but cannot be read is refused."""
    if sniffed.extension == "pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, ValueError, KeyError, IndexError) as exc:
            raise ValidationError("PDF-filen är skadad och kan inte läsas.") from exc
    if sniffed.extension == "docx":
        from docx import Document as Docx

        try:
            return "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)
        except Exception as exc:  # python-docx raises many kinds on broken files
            raise ValidationError("Word-filen är skadad och kan inte läsas.") from exc
    if sniffed.extension == "txt":
        return data.decode("utf-8")
    return ""


def max_upload_bytes() -> int:
    return int(getattr(settings, "SAMVERKAN_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


@transaction.atomic
def document_version_add(
    document: Document, *, data: bytes, filename: str, by: object = None
) -> DocumentVersion:
    if len(data) == 0:
        raise ValidationError("Filen är tom.")
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ValidationError(
            f"Filen är för stor ({len(data) // 1024} kB); gränsen är {limit // (1024 * 1024)} MB."
        )
    sniffed = content_type_sniff(data)
    claimed = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if claimed in EXPECTED_BY_NAME and EXPECTED_BY_NAME[claimed] != sniffed.extension:
        raise ValidationError(
            f"Filens innehåll ({sniffed.extension.upper()}) stämmer inte med filnamnet (.{claimed})."
        )
    text = text_extract(data, sniffed)
    Document.objects.select_for_update().filter(pk=document.pk).first()
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=filename[:255],
        content_type=sniffed.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        created_by=by if getattr(by, "pk", None) else None,  # type: ignore[misc]
    )
    version.file.save(f"{version.sha256[:16]}.{sniffed.extension}", ContentFile(data), save=False)
    version.save()
    return version


@transaction.atomic
def document_create(
    *,
    title: str,
    data: bytes | None = None,
    filename: str = "",
    by: object = None,
    confidentiality_ground: str = "",
    is_demo: bool = False,
) -> Document:
    if not title.strip():
        raise ValidationError({"title": "Handlingen måste ha en titel."})
    document = Document.objects.create(title=title, is_demo=is_demo)
    if confidentiality_ground:
        document_mark_confidential(document, ground=confidentiality_ground, by=by)
    if data is not None:
        document_version_add(document, data=data, filename=filename, by=by)
    return document


def legal_ground_validate(ground: str) -> None:
    """A confidentiality mark names its legal ground: chapter and section of OSL."""
    if not ground.strip() or not LEGAL_GROUND.search(ground):
        raise ValidationError(
            {
                "confidentiality_ground": "Ange sekretessgrund med kapitel och paragraf, t.ex. ”OSL 21 kap. 1 §”."
            }
        )


@transaction.atomic
def document_mark_confidential(document: Document, *, ground: str, by: object = None) -> Document:
    legal_ground_validate(ground)
    document.confidentiality_ground = ground.strip()
    document.confidentiality_marked_at = timezone.now()
    document.confidentiality_marked_by = by if getattr(by, "pk", None) else None  # type: ignore[assignment]
    document.save()
    return document
