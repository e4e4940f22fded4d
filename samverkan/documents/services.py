"""Writes for documents: upload a version (type sniffed from the content, size limit,
checksum, text extracted) and mark confidentiality.

Uploads are untrusted: a zip (DOCX, XLSX) is inspected from its directory before anything
is inflated (total size, compression ratio, number of members, nested archives), its XML
is read as a stream, PDF text extraction is bounded in pages and time, and the text
stored for search is capped."""

import hashlib
import io
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

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
        names = set(zip_inspect(data))
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
    """Text for search, at most SAMVERKAN_MAX_TEXT_CHARS characters; a file that claims a
    type but cannot be read is refused."""
    limit = max_text_chars()
    if sniffed.extension == "pdf":
        return pdf_text(data, limit)
    if sniffed.extension == "docx":
        return docx_text(data, limit)
    if sniffed.extension == "txt":
        # At most four bytes per character; a character cut in two at the end is dropped.
        return data[: limit * 4].decode("utf-8", errors="ignore")[:limit]
    return ""


def _setting(name: str, default: int | float) -> float:
    return float(getattr(settings, name, default))


def max_text_chars() -> int:
    return int(_setting("SAMVERKAN_MAX_TEXT_CHARS", 1_000_000))


def max_inflated_bytes() -> int:
    return int(_setting("SAMVERKAN_MAX_INFLATED_BYTES", 50 * 1024 * 1024))


MB = 1024 * 1024
# Archives inside an upload are refused, except the packages Office embeds for charts and
# objects (word/embeddings/Microsoft_Excel_Sheet1.xlsx); those are inspected by the same
# rules, share the size budget and may not hold archives themselves.
ARCHIVE_SUFFIXES = (".zip", ".jar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".cab")
OOXML_SUFFIXES = (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".vsdx")
ZIP_MAGIC = b"PK\x03\x04"
# Bytes of central directory allowed per member (46 fixed, the name, extra fields).
CENTRAL_DIRECTORY_BYTES_PER_MEMBER = 1024


@dataclass
class _Budget:
    inflated_left: int


def _zip_limits() -> tuple[int, float, int]:
    return (
        int(_setting("SAMVERKAN_ZIP_MAX_MEMBERS", 5000)),
        _setting("SAMVERKAN_ZIP_MAX_RATIO", 100),
        int(_setting("SAMVERKAN_ZIP_RATIO_MIN_BYTES", 1 * MB)),
    )


def _too_many_members(max_members: int) -> ValidationError:
    return ValidationError(
        f"Filen består av för många delar (fler än {max_members}) och tas inte emot."
    )


def _central_directory_check(data: bytes, max_members: int) -> None:
    """Count the members from the end record before zipfile reads the directory: its
    size bounds how much zipfile parses, whatever the member count claims."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise ValidationError("Filen är en skadad zip-fil.")
    entries, cd_size = struct.unpack_from("<xxxxxxxxxxHI", data, end)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:  # zip64: the locator precedes the record
        locator = end - 20
        if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
            raise ValidationError("Filen är en skadad zip-fil.")
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 > len(data) or data[record : record + 4] != b"PK\x06\x06":
            raise ValidationError("Filen är en skadad zip-fil.")
        entries, cd_size = struct.unpack_from("<QQ", data, record + 32)
    if entries > max_members or cd_size > max_members * CENTRAL_DIRECTORY_BYTES_PER_MEMBER:
        raise _too_many_members(max_members)


def _zip_check(data: bytes, budget: _Budget, *, nested: bool) -> list[str]:
    max_members, max_ratio, ratio_min_bytes = _zip_limits()
    _central_directory_check(data, max_members)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, struct.error) as exc:
        raise ValidationError("Filen är en skadad zip-fil.") from exc
    with archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise _too_many_members(max_members)
        limit_mb = max_inflated_bytes() // MB
        for info in members:
            if info.flag_bits & 0x1:
                raise ValidationError("Filen är krypterad och kan inte läsas.")
            budget.inflated_left -= info.file_size
            if budget.inflated_left < 0:
                raise ValidationError(
                    f"Filen packas upp till mer än {limit_mb} MB och tas inte emot."
                )
            if info.file_size > ratio_min_bytes and info.file_size > max_ratio * max(
                info.compress_size, 1
            ):
                raise ValidationError(
                    f"Filen innehåller en del som packas upp orimligt mycket "
                    f"(mer än {max_ratio:.0f} gånger) och tas inte emot."
                )
        for info in members:
            name = info.filename.lower()
            embedded = not nested and "/embeddings/" in f"/{name}" and name.endswith(OOXML_SUFFIXES)
            if name.endswith(ARCHIVE_SUFFIXES) or (name.endswith(OOXML_SUFFIXES) and not embedded):
                raise ValidationError("Filen innehåller en annan zip-fil och tas inte emot.")
            try:
                with archive.open(info) as member:
                    head = member.read(4)
                    if head == ZIP_MAGIC or embedded:
                        if not embedded:
                            raise ValidationError(
                                "Filen innehåller en annan zip-fil och tas inte emot."
                            )
                        # Bounded: its size was counted against the budget above.
                        inner = head + member.read()
                        if inner.startswith(ZIP_MAGIC):
                            _zip_check(inner, budget, nested=True)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
                raise ValidationError("Filen är en skadad zip-fil.") from exc
        return [info.filename for info in members]


def zip_inspect(data: bytes) -> list[str]:
    """The member names of a zip upload, after its directory has been checked: refused when
    it would inflate past SAMVERKAN_MAX_INFLATED_BYTES, a large member is compressed more
    than SAMVERKAN_ZIP_MAX_RATIO:1, it has more than SAMVERKAN_ZIP_MAX_MEMBERS members, or
    it holds another archive. Nothing is inflated beyond four bytes of each member (and
    Office's own embedded packages, which are inspected the same way)."""
    return _zip_check(data, _Budget(max_inflated_bytes()), nested=False)


WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_CHUNK = 64 * 1024


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(XML_CHUNK):
        yield chunk


def docx_text(data: bytes, limit: int) -> str:
    """The paragraphs of word/document.xml, read as a stream (never a whole tree) until
    the text reaches `limit` characters. Entities are not expanded and no DTD is loaded."""
    from lxml import etree

    parts: list[str] = []
    length = 0
    parser = etree.XMLPullParser(
        events=("end",),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "[Content_Types].xml" not in archive.namelist():
                raise ValidationError("Word-filen är skadad och kan inte läsas.")
            with archive.open("word/document.xml") as xml:
                for chunk in _chunks(xml):
                    parser.feed(chunk)
                    for _event, element in parser.read_events():
                        tag = element.tag
                        if tag == f"{WORD}t" and element.text:
                            parts.append(element.text)
                            length += len(element.text)
                        elif tag == f"{WORD}tab":
                            parts.append("\t")
                        elif tag in (f"{WORD}br", f"{WORD}cr"):
                            parts.append("\n")
                        elif tag == f"{WORD}p":
                            parts.append("\n")
                            # Forget what has been read: memory stays flat.
                            element.clear()
                            while element.getprevious() is not None:
                                del element.getparent()[0]
                    if length >= limit:
                        break
                else:
                    parser.close()
    except ValidationError:
        raise
    except Exception as exc:  # XML, zip and decompression errors alike
        raise ValidationError("Word-filen är skadad och kan inte läsas.") from exc
    return "".join(parts).rstrip("\n")[:limit]


def pdf_max_pages() -> int:
    return int(_setting("SAMVERKAN_PDF_MAX_PAGES", 1000))


def pdf_time_budget() -> float:
    return _setting("SAMVERKAN_PDF_TIME_BUDGET_SECONDS", 10)


def pdf_text(data: bytes, limit: int, separator: str = "\n") -> str:
    """The text of at most SAMVERKAN_PDF_MAX_PAGES pages, read until the time budget
    (checked between pages) or `limit` characters run out; what was read by then is kept.
    A file pypdf cannot read is refused."""
    from pypdf import PdfReader

    deadline = time.monotonic() + pdf_time_budget()
    parts: list[str] = []
    length = 0
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = reader.pages
        for index in range(min(len(pages), pdf_max_pages())):
            text = pages[index].extract_text() or ""
            parts.append(text)
            length += len(text) + 1
            if length >= limit or time.monotonic() > deadline:
                break
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise ValidationError("PDF-filen är skadad och kan inte läsas.") from exc
    return separator.join(parts)[:limit]


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
    locked = Document.objects.select_for_update().filter(pk=document.pk).first()
    if locked is not None and locked.disposed_at is not None:
        raise ValidationError("Handlingen är gallrad; den får inga nya versioner.")
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=filename[:255],
        content_type=sniffed.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text[: max_text_chars()],
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
