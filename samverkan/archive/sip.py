"""Writes and checks E-ARK SIP packages (CSIP/SIP 2.x layout):

    NAME/METS.xml                            package METS (CSIP profile attributes,
                                             fileSec with SHA-256, structMap "CSIP")
    NAME/metadata/descriptive/erms.xml       CITS ERMS v3
    NAME/metadata/preservation/premis.xml    PREMIS 3: objects with fixity, the event, agents
    NAME/representations/rep1/METS.xml       the representation's METS
    NAME/representations/rep1/data/...       the files
    NAME/schemas/                            ERMS_v3.xsd and erms_v3.sch

and NAME.zip beside it (the same tree). A package is written in a temporary folder and
renamed into place when complete, so an interrupted export leaves no half package under
its real name; a folder that is there and whose checksums all hold is complete.

Everything is deterministic: identifiers are uuid5 of the package key, times come from
the data (Package.created), files and elements are in a fixed order, and the zip's
entries carry that same time."""

import datetime
import hashlib
import os
import pathlib
import shutil
import zipfile
from dataclasses import dataclass

from lxml import etree

from .erms import SOFTWARE, erms_bytes, iso, serialize
from .package import Package, PackageFile, stable_uuid
from .validation import DATA, Problem, validate_erms

METS = "http://www.loc.gov/METS/"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIPNS = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS = "http://www.loc.gov/premis/v3"
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
METS_XSD = "http://www.loc.gov/standards/mets/mets.xsd"
PREMIS_XSD = "http://www.loc.gov/standards/premis/premis.xsd"
CONTENT_TYPE = "citserms_v3_0"  # not (yet) in the CSIP vocabulary: given as OTHER
SCHEMA_FILES = ("ERMS_v3.xsd", "erms_v3.sch")
REP = "representations/rep1"
NSMAP = {None: METS, "csip": CSIP, "sip": SIPNS, "xlink": XLINK, "xsi": XSI}


class ExportError(Exception):
    """The export cannot be completed (the message is Swedish, for the user)."""


@dataclass(frozen=True)
class Written:
    name: str
    folder: pathlib.Path
    zip_path: pathlib.Path
    size: int  # bytes of the zip
    sha256: str  # of the zip
    file_count: int  # files in the package folder
    skipped: bool  # already complete from an earlier run


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _m(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def _c(attr: str) -> str:
    return f"{{{CSIP}}}{attr}"


def _x(attr: str) -> str:
    return f"{{{XLINK}}}{attr}"


def _mets_root(obj_id: str, label: str) -> etree._Element:
    root = etree.Element(_m("mets"), nsmap=NSMAP)
    root.set(
        f"{{{XSI}}}schemaLocation",
        f"{METS} {METS_XSD} {XLINK} http://www.loc.gov/standards/xlink/xlink.xsd",
    )
    root.set("OBJID", obj_id)
    root.set("LABEL", label)
    root.set("TYPE", "Mixed")
    root.set("PROFILE", SIP_PROFILE)
    root.set(_c("CONTENTINFORMATIONTYPE"), "OTHER")
    root.set(_c("OTHERCONTENTINFORMATIONTYPE"), CONTENT_TYPE)
    return root


def _header(root: etree._Element, package: Package) -> None:
    hdr = etree.SubElement(root, _m("metsHdr"))
    hdr.set("CREATEDATE", iso(package.created))
    hdr.set("RECORDSTATUS", "NEW")
    hdr.set(_c("OAISPACKAGETYPE"), "SIP")
    agent = etree.SubElement(hdr, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(agent, _m("name")).text = SOFTWARE
    note = etree.SubElement(agent, _m("note"))
    note.set(_c("NOTETYPE"), "SOFTWARE VERSION")
    note.text = "e-arkivexport 1"
    org = etree.SubElement(hdr, _m("agent"), ROLE="ARCHIVIST", TYPE="ORGANIZATION")
    etree.SubElement(org, _m("name")).text = package.agency


def _file(
    grp: etree._Element, file_id: str, href: str, data: bytes, mimetype: str, created: str
) -> None:
    f = etree.SubElement(grp, _m("file"))
    f.set("ID", file_id)
    f.set("MIMETYPE", mimetype)
    f.set("SIZE", str(len(data)))
    f.set("CREATED", created)
    f.set("CHECKSUM", _sha256(data))
    f.set("CHECKSUMTYPE", "SHA-256")
    loc = etree.SubElement(f, _m("FLocat"))
    loc.set("LOCTYPE", "URL")
    loc.set(_x("type"), "simple")
    loc.set(_x("href"), href)


def _md_ref(parent: etree._Element, href: str, data: bytes, mdtype: str, created: str) -> None:
    ref = etree.SubElement(parent, _m("mdRef"))
    ref.set("LOCTYPE", "URL")
    ref.set(_x("type"), "simple")
    ref.set(_x("href"), href)
    if mdtype == "PREMIS":
        ref.set("MDTYPE", "PREMIS")
        ref.set("MDTYPEVERSION", "3.0")
    else:
        ref.set("MDTYPE", "OTHER")
        ref.set("OTHERMDTYPE", mdtype)
        ref.set("MDTYPEVERSION", "3.0")
    ref.set("MIMETYPE", "text/xml")
    ref.set("SIZE", str(len(data)))
    ref.set("CREATED", created)
    ref.set("CHECKSUM", _sha256(data))
    ref.set("CHECKSUMTYPE", "SHA-256")


def _file_id(path: str) -> str:
    return "file-" + _sha256(path.encode("utf-8"))[:16]


def representation_mets(package: Package, files: list[PackageFile]) -> bytes:
    created = iso(package.created)
    root = _mets_root(stable_uuid(package.key + "/rep1"), f"{package.label} (representation 1)")
    _header(root, package)
    sec = etree.SubElement(root, _m("fileSec"), ID="filesec-rep1")
    grp = etree.SubElement(sec, _m("fileGrp"), ID="filegrp-data", USE="Data")
    for f in files:
        when = iso(f.created) if f.created else created
        _file(grp, _file_id(f.path), f"data/{f.path}", f.content, f.mimetype, when)
    smap = etree.SubElement(
        root, _m("structMap"), ID="structmap-rep1", TYPE="PHYSICAL", LABEL="CSIP"
    )
    top = etree.SubElement(smap, _m("div"), ID="div-rep1", LABEL=f"{package.object_id}-rep1")
    data = etree.SubElement(top, _m("div"), ID="div-rep1-data", LABEL="Data")
    for f in files:
        etree.SubElement(data, _m("fptr"), FILEID=_file_id(f.path))
    return serialize(root)


def premis_bytes(package: Package, files: list[PackageFile]) -> bytes:
    nsmap = {None: PREMIS, "xsi": XSI}
    root = etree.Element(f"{{{PREMIS}}}premis", nsmap=nsmap, version="3.0")
    root.set(f"{{{XSI}}}schemaLocation", f"{PREMIS} {PREMIS_XSD}")

    def sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
        e = etree.SubElement(parent, f"{{{PREMIS}}}{tag}")
        if text is not None:
            e.text = text
        return e

    def identifier(parent: etree._Element, kind: str, id_type: str, value: str) -> None:
        box = sub(parent, f"{kind}Identifier")
        sub(box, f"{kind}IdentifierType", id_type)
        sub(box, f"{kind}IdentifierValue", value)

    for f in files:
        obj = sub(root, "object")
        obj.set(f"{{{XSI}}}type", "file")
        identifier(obj, "object", "local", f"{REP}/data/{f.path}")
        chars = sub(obj, "objectCharacteristics")
        sub(chars, "compositionLevel", "0")
        fixity = sub(chars, "fixity")
        sub(fixity, "messageDigestAlgorithm", "SHA-256")
        sub(fixity, "messageDigest", _sha256(f.content))
        sub(fixity, "messageDigestOriginator", SOFTWARE)
        sub(chars, "size", str(len(f.content)))
        fmt = sub(sub(chars, "format"), "formatDesignation")
        sub(fmt, "formatName", f.mimetype)
        sub(obj, "originalName", f.original_name)

    event = sub(root, "event")
    identifier(event, "event", "uuid", stable_uuid(package.key + "/export"))
    sub(event, "eventType", "information package creation")
    sub(event, "eventDateTime", iso(package.created))
    sub(event, "eventDetailInformation").append(
        _premis_text(PREMIS, "eventDetail", f"E-arkivexport av {package.label}")
    )
    outcome = sub(event, "eventOutcomeInformation")
    sub(outcome, "eventOutcome", "success")
    for agent_id, role in (("samverkan", "executing program"), ("organisation", "implementer")):
        link = sub(event, "linkingAgentIdentifier")
        sub(link, "linkingAgentIdentifierType", "local")
        sub(link, "linkingAgentIdentifierValue", agent_id)
        sub(link, "linkingAgentRole", role)
    for f in files:
        link = sub(event, "linkingObjectIdentifier")
        sub(link, "linkingObjectIdentifierType", "local")
        sub(link, "linkingObjectIdentifierValue", f"{REP}/data/{f.path}")

    for agent_id, name, kind in (
        ("samverkan", SOFTWARE, "software"),
        ("organisation", package.agency, "organization"),
    ):
        agent = sub(root, "agent")
        identifier(agent, "agent", "local", agent_id)
        sub(agent, "agentName", name)
        sub(agent, "agentType", kind)
    return serialize(root)


def _premis_text(ns: str, tag: str, text: str) -> etree._Element:
    e = etree.Element(f"{{{ns}}}{tag}")
    e.text = text
    return e


def package_mets(
    package: Package,
    erms: bytes,
    premis: bytes,
    rep_mets: bytes,
    schemas: list[tuple[str, bytes]],
) -> bytes:
    created = iso(package.created)
    root = _mets_root(package.object_id, package.label)
    _header(root, package)
    dmd = etree.SubElement(root, _m("dmdSec"), ID="dmd-erms", CREATED=created, STATUS="CURRENT")
    _md_ref(dmd, "metadata/descriptive/erms.xml", erms, "ERMS", created)
    amd = etree.SubElement(root, _m("amdSec"), ID="amd-1")
    digi = etree.SubElement(
        amd, _m("digiprovMD"), ID="digiprov-premis", CREATED=created, STATUS="CURRENT"
    )
    _md_ref(digi, "metadata/preservation/premis.xml", premis, "PREMIS", created)
    sec = etree.SubElement(root, _m("fileSec"), ID="filesec-1")
    schema_grp = etree.SubElement(sec, _m("fileGrp"), ID="filegrp-schemas", USE="Schemas")
    for name, data in schemas:
        mimetype = "application/xml"
        _file(
            schema_grp,
            f"file-schema-{name.replace('.', '-')}",
            f"schemas/{name}",
            data,
            mimetype,
            created,
        )
    rep_grp = etree.SubElement(sec, _m("fileGrp"), ID="filegrp-rep1", USE="Representations/rep1")
    _file(rep_grp, "file-rep1-mets", f"{REP}/METS.xml", rep_mets, "application/xml", created)
    smap = etree.SubElement(
        root, _m("structMap"), ID="structmap-csip", TYPE="PHYSICAL", LABEL="CSIP"
    )
    top = etree.SubElement(smap, _m("div"), ID="div-package", LABEL=package.object_id)
    etree.SubElement(
        top,
        _m("div"),
        ID="div-metadata",
        LABEL="Metadata",
        DMDID="dmd-erms",
        ADMID="digiprov-premis",
    )
    schemas_div = etree.SubElement(top, _m("div"), ID="div-schemas", LABEL="Schemas")
    for name, _data in schemas:
        etree.SubElement(schemas_div, _m("fptr"), FILEID=f"file-schema-{name.replace('.', '-')}")
    rep_div = etree.SubElement(top, _m("div"), ID="div-rep1", LABEL="Representations/rep1")
    mptr = etree.SubElement(rep_div, _m("mptr"))
    mptr.set("LOCTYPE", "URL")
    mptr.set(_x("type"), "simple")
    mptr.set(_x("href"), f"{REP}/METS.xml")
    mptr.set(_x("title"), "filegrp-rep1")
    return serialize(root)


def package_contents(package: Package) -> dict[str, bytes]:
    """Every file of the package by its path, ERMS validated (XSD and Schematron) first."""
    erms = erms_bytes(package)
    problems = validate_erms(erms)
    if problems:
        listed = "; ".join(str(p) for p in problems[:5])
        raise ExportError(f"ERMS-filen för {package.label} är inte giltig: {listed}")
    files = package.files()
    paths = [f.path for f in files]
    if len(set(paths)) != len(paths):
        raise ExportError(f"Två filer i {package.label} har samma namn.")
    premis = premis_bytes(package, files)
    rep_mets = representation_mets(package, files)
    schemas = [(name, (DATA / name).read_bytes()) for name in SCHEMA_FILES]
    out = {
        "METS.xml": package_mets(package, erms, premis, rep_mets, schemas),
        "metadata/descriptive/erms.xml": erms,
        "metadata/preservation/premis.xml": premis,
        f"{REP}/METS.xml": rep_mets,
    }
    for name, data in schemas:
        out[f"schemas/{name}"] = data
    for f in files:
        out[f"{REP}/data/{f.path}"] = f.content
    return dict(sorted(out.items()))


# --- Checking a written package -------------------------------------------------------------


def _check_refs(base: pathlib.Path, mets_path: pathlib.Path) -> list[Problem]:
    problems: list[Problem] = []
    try:
        doc = etree.parse(str(mets_path))
    except (OSError, etree.XMLSyntaxError) as exc:
        return [Problem(str(mets_path), f"kan inte läsas: {exc}")]
    for e in doc.iter(_m("file"), _m("mdRef")):
        href = e.get(_x("href")) if e.tag == _m("mdRef") else None
        if href is None:
            loc = e.find(_m("FLocat"))
            href = loc.get(_x("href")) if loc is not None else None
        if not href:
            problems.append(Problem(str(mets_path), "en fil utan adress"))
            continue
        target = base / href
        if not target.is_file():
            problems.append(Problem(href, "saknas"))
            continue
        data = target.read_bytes()
        if _sha256(data) != e.get("CHECKSUM") or str(len(data)) != e.get("SIZE"):
            problems.append(Problem(href, "kontrollsumman eller storleken stämmer inte"))
    return problems


def verify_package(folder: pathlib.Path) -> list[Problem]:
    """Every checksum of the package METS and the representation METS against the files,
    and no file in the folder that no METS lists."""
    root_mets = folder / "METS.xml"
    if not root_mets.is_file():
        return [Problem(str(folder), "METS.xml saknas")]
    problems = _check_refs(folder, root_mets)
    rep = folder / REP / "METS.xml"
    if rep.is_file():
        problems += _check_refs(folder / REP, rep)
    if problems:
        return problems
    listed = {"METS.xml", f"{REP}/METS.xml"}
    for mets_file, base in ((root_mets, ""), (rep, f"{REP}/")):
        if mets_file.is_file():
            for e in etree.parse(str(mets_file)).iter(_m("FLocat"), _m("mdRef")):
                listed.add(base + (e.get(_x("href")) or ""))
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for extra in sorted(present - listed):
        problems.append(Problem(extra, "finns i mappen men inte i METS"))
    return problems


# --- Writing --------------------------------------------------------------------------------


def _zip_time(at: datetime.datetime) -> tuple[int, int, int, int, int, int]:
    at = max(at, datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC))
    return (at.year, at.month, at.day, at.hour, at.minute, at.second)


def _write_zip(
    target: pathlib.Path, name: str, contents: dict[str, bytes], at: datetime.datetime
) -> None:
    stamp = _zip_time(at)
    with zipfile.ZipFile(target, "w") as zf:
        for path, data in contents.items():
            info = zipfile.ZipInfo(f"{name}/{path}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data, compresslevel=6)


def _file_sha256(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _written(name: str, folder: pathlib.Path, zip_path: pathlib.Path, skipped: bool) -> Written:
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    return Written(
        name=name,
        folder=folder,
        zip_path=zip_path,
        size=zip_path.stat().st_size,
        sha256=_file_sha256(zip_path),
        file_count=count,
        skipped=skipped,
    )


def is_complete(output: pathlib.Path, name: str) -> bool:
    folder = output / name
    return folder.is_dir() and (output / f"{name}.zip").is_file() and not verify_package(folder)


def package_write(package: Package, output: pathlib.Path) -> Written:
    """Writes the package under `output` (folder and zip), or leaves a complete one from
    an earlier run as it is. A partial or damaged one is replaced."""
    output.mkdir(parents=True, exist_ok=True)
    folder = output / package.name
    zip_path = output / f"{package.name}.zip"
    if is_complete(output, package.name):
        return _written(package.name, folder, zip_path, skipped=True)
    contents = package_contents(package)
    tmp = output / f".{package.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    for path, data in contents.items():
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    problems = verify_package(tmp)
    if problems:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ExportError(f"Paketet {package.name} blev inte rätt: {problems[0]}")
    tmp_zip = output / f".{package.name}.zip.tmp-{os.getpid()}"
    _write_zip(tmp_zip, package.name, contents, package.created)
    os.replace(tmp_zip, zip_path)
    if folder.exists():
        shutil.rmtree(folder)  # an incomplete or damaged package from before
    os.replace(tmp, folder)  # the folder comes last: its presence means complete
    return _written(package.name, folder, zip_path, skipped=False)


def clean_leftovers(output: pathlib.Path) -> None:
    """Temporary folders and zips an interrupted run left behind."""
    if not output.is_dir():
        return
    for p in output.glob(".*.tmp-*"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
