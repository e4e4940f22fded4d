"""Every PDF the project renders goes through here: archive-grade (PDF/A-2a), tagged for
screen readers and identified as PDF/UA-1 too; and the PAdES signature of sealed minutes
(pyHanko), made and checked with the configured certificate.

Why PDF/A-2a + PDF/UA-1: WeasyPrint 70 writes one variant at a time. Its "pdf/a-2a" is
PDF/A-2 at level A (tagged: structure tree, /Lang, alternative text, Unicode text), so the
files are archive-grade and tagged in one pass; PDF/UA-1 adds nothing WeasyPrint would
render differently (its "pdf/ua-1" variant is the same tagged output with another XMP
identifier), so the finisher below adds the PDF/UA identification (pdfuaid:part 1, with the
PDF/A extension schema that declares it) to the XMP. PDF/A-2 + PDF/UA-1 is a combination
the PDF Association's best practice allows (PDF/A-1 + UA is not). PDF/A-2 rather than -3:
no embedded files are wanted in the archive; rather than -4: PDF 2.0 is less widely read
and validated.

Signing: the certificate and key are read from SAMVERKAN_SIGNING_CERT and
SAMVERKAN_SIGNING_KEY (PEM, the key optionally with SAMVERKAN_SIGNING_PASSPHRASE). Without
them a self-signed certificate for demo and development is made on first need under
VAR_DIR/signering/. The signature is PAdES B-B (no time-stamp authority is reachable, so
no document time-stamp, B-T), appended as an incremental update: the PDF/A file stays as it
was, byte for byte, before the signature."""

import datetime
import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

VARIANT = "pdf/a-2a"
UA_PART = 1

# The PDF/A extension schema that declares pdfuaid:part (PDF/A-2 allows XMP properties of
# schemas it does not know only when they are declared so), and the identification itself.
_UA_XMP = (
    '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" '
    'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
    'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
    'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed"
    "</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
    '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" '
    f'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="{UA_PART}"/>'
).encode()


def _add_ua_identification(document: Any, pdf: Any) -> None:
    """WeasyPrint's finisher: put the PDF/UA identification into the XMP stream the PDF/A
    variant wrote (inside its one rdf:RDF)."""
    reference = pdf.catalog["Metadata"]
    if isinstance(reference, bytes):
        reference = reference.decode()
    number = int(str(reference).split()[0])
    stream = pdf.objects[number]
    content = b"".join(stream.stream)
    stream.stream = [content.replace(b"</rdf:RDF>", _UA_XMP + b"</rdf:RDF>", 1)]


def _html(html: str) -> Any:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.PACKAGE_DIR))


def render_document(html: str) -> Any:
    """The laid-out document (its pages and anchors), to be written with `write`."""
    return _html(html).render(pdf_variant=VARIANT)


def write(document: Any) -> bytes:
    pdf: bytes = document.write_pdf(pdf_variant=VARIANT, finisher=_add_ua_identification)
    return pdf


def warm() -> None:
    """WeasyPrint loaded and its fonts found, once, before a server process's first
    request: the first PDF a worker made took a second longer (importing WeasyPrint 0.8–1
    s, the first layout 0.1 s; a meeting's bundle 4.2 s served cold, 3.2 s warm)."""
    import pikepdf  # noqa: F401  (what puts a meeting's bundle together)

    render_document(
        '<html lang="sv"><head><title>Samverkan</title></head><body><p>Samverkan</p></body></html>'
    )


def render(html: str) -> bytes:
    """HTML (a template under templates/**/pdf/, with lang, title, author and description)
    as PDF/A-2a + PDF/UA-1."""
    return write(render_document(html))


# --- Signing -------------------------------------------------------------------------------


class SigningError(Exception):
    """The signing certificate or key cannot be used (the message is Swedish)."""


@dataclass(frozen=True)
class SigningConfig:
    cert: Path
    key: Path
    passphrase: bytes | None
    default: bool  # the self-signed one under VAR_DIR, made on first need


def signing_config() -> SigningConfig:
    cert = getattr(settings, "SAMVERKAN_SIGNING_CERT", "") or ""
    key = getattr(settings, "SAMVERKAN_SIGNING_KEY", "") or ""
    passphrase = getattr(settings, "SAMVERKAN_SIGNING_PASSPHRASE", "") or ""
    if cert or key:
        if not (cert and key):
            raise SigningError(
                "Ange både SAMVERKAN_SIGNING_CERT och SAMVERKAN_SIGNING_KEY (eller ingen av dem)."
            )
        return SigningConfig(Path(cert), Path(key), passphrase.encode() or None, default=False)
    folder = Path(settings.VAR_DIR) / "signering"
    return SigningConfig(
        folder / "certifikat.pem", folder / "nyckel.pem", passphrase.encode() or None, True
    )


def signing_certificate_make(
    cert_path: Path,
    key_path: Path,
    *,
    common_name: str = "Samverkan (demo, självsignerat)",
    passphrase: bytes | None = None,
    days: int = 3650,
) -> None:
    """A self-signed certificate for signing PDFs (demo and development only): ECDSA
    P-256 (pyHanko loads the key anew for every signature, which costs a few ms for an EC
    key and about 0.15 s for an RSA 3072 one), digital signature and non-repudiation,
    valid `days` days from yesterday."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Samverkan"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    # The key is written readable by its owner only, then the certificate beside it.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key_bytes)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _ensured(config: SigningConfig, *, make: bool = True) -> SigningConfig:
    if make and config.default and not (config.cert.exists() and config.key.exists()):
        signing_certificate_make(config.cert, config.key, passphrase=config.passphrase)
    for path, what in ((config.cert, "certifikatet"), (config.key, "nyckeln")):
        if not path.is_file():
            raise SigningError(f"Signeringen saknar {what}: {path} finns inte.")
    return config


@functools.lru_cache(maxsize=4)
def _signer(cert: str, key: str, passphrase: bytes | None, mtimes: tuple[float, float]) -> Any:
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(key, cert, key_passphrase=passphrase)
    if signer is None:
        raise SigningError(
            f"Certifikatet {cert} eller nyckeln {key} kunde inte läsas (fel format eller "
            "lösenfras?)."
        )
    return signer


def _current_signer() -> tuple[Any, SigningConfig]:
    config = _ensured(signing_config())
    mtimes = (config.cert.stat().st_mtime, config.key.stat().st_mtime)
    return _signer(str(config.cert), str(config.key), config.passphrase, mtimes), config


def signing_ready() -> SigningConfig:
    """The configuration, with the demo certificate made if it was missing and the key
    loaded once (a wrong passphrase or format is told here)."""
    _, config = _current_signer()
    return config


def sign(pdf: bytes, *, reason: str, location: str = "") -> bytes:
    """The PDF with a PAdES B-B signature over the whole file, appended as an incremental
    update (the signed bytes are the input, unchanged)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer, _ = _current_signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    # pyHanko would rewrite the XMP with "pyHanko" as its producer and append itself to
    # the producer in the info dictionary: the two would then differ, which PDF/A forbids.
    # The metadata are left as rendered; the update adds only the signature.
    writer._update_meta = lambda: None  # type: ignore[method-assign]
    metadata = signers.PdfSignatureMetadata(
        field_name="Signatur",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
    )
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name="Signatur"))
    _tag_signature_field(writer, "Signatur")
    out = signers.sign_pdf(writer, metadata, signer=signer)
    signed: bytes = out.getvalue()
    return signed


def _tag_signature_field(writer: Any, name: str) -> None:
    """PDF/UA wants every widget annotation, the invisible signature's too, in the
    structure tree as a Form element with a description: append one to the document
    element and link the widget to it through the parent tree (same update)."""
    from pyhanko.pdf_utils import generic

    root = writer.root
    if "/StructTreeRoot" not in root:
        return
    widget_ref = next(
        ref for ref in root["/AcroForm"]["/Fields"] if ref.get_object().get("/T") == name
    )
    widget = widget_ref.get_object()
    tree = root["/StructTreeRoot"]
    document_ref = tree.raw_get("/K")[0]
    document = document_ref.get_object()
    parent_tree = tree["/ParentTree"]
    nums = parent_tree["/Nums"]
    key = int(tree.get("/ParentTreeNextKey", 0)) or (
        max(int(nums[i]) for i in range(0, len(nums), 2)) + 1
    )
    page_ref = widget.raw_get("/P")
    form = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/StructElem"),
            generic.NameObject("/S"): generic.NameObject("/Form"),
            generic.NameObject("/P"): document_ref,
            generic.NameObject("/Pg"): page_ref,
            generic.NameObject("/Alt"): generic.TextStringObject("Elektronisk underskrift"),
            generic.NameObject("/K"): generic.ArrayObject(
                [
                    generic.DictionaryObject(
                        {
                            generic.NameObject("/Type"): generic.NameObject("/OBJR"),
                            generic.NameObject("/Obj"): widget_ref,
                            generic.NameObject("/Pg"): page_ref,
                        }
                    )
                ]
            ),
        }
    )
    form_ref = writer.add_object(form)
    document["/K"].append(form_ref)
    writer.update_container(document)
    nums.append(generic.NumberObject(key))
    nums.append(form_ref)
    writer.update_container(parent_tree)
    tree["/ParentTreeNextKey"] = generic.NumberObject(key + 1)
    writer.update_container(tree)
    widget["/StructParent"] = generic.NumberObject(key)
    widget["/Contents"] = generic.TextStringObject("Elektronisk underskrift")
    writer.update_container(widget)


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    problems: list[str]

    @property
    def valid(self) -> bool:
        return self.signed and not self.problems


def signature_check(pdf: bytes) -> SignatureCheck:
    """Whether the PDF carries one signature that is intact, covers the whole file and is
    made with the configured certificate (the trust root; nothing is fetched)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        config = signing_config()
        if not config.cert.is_file():
            raise SigningError(f"{config.cert} finns inte")
        root = load_cert_from_pemder(str(config.cert))
    except (SigningError, OSError, ValueError) as exc:
        return SignatureCheck(False, [f"Certifikatet kunde inte läsas: {exc}"])
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # pyHanko raises many kinds on a broken file
        return SignatureCheck(False, [f"Filen kunde inte läsas som PDF: {exc}"])
    if not signatures:
        return SignatureCheck(False, ["Filen är inte signerad."])
    problems: list[str] = []
    if len(signatures) > 1:
        problems.append(f"Filen har {len(signatures)} signaturer; en väntades.")
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception as exc:  # a damaged signature can fail in many ways
        return SignatureCheck(True, [f"Signaturen kunde inte kontrolleras: {exc}"])
    if not status.intact:
        problems.append("Signaturen stämmer inte med innehållet (filen är ändrad).")
    elif not status.valid:
        problems.append("Signaturen är kryptografiskt ogiltig.")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("Signaturen täcker inte hela filen (något har lagts till efteråt).")
    if status.intact and status.valid and not status.trusted:
        problems.append("Signaturen är inte gjord med det konfigurerade certifikatet.")
    return SignatureCheck(True, problems)
