"""What can be checked of a PDF/A-2a + PDF/UA-1 file without veraPDF (which cannot be
installed here): the identification in XMP, the output intent with its ICC profile, every
font embedded, the structure tree (marked, Swedish, headings in order, alternative text on
every figure), the title shown as the window title, the info dictionary agreeing with the
XMP, and for a signed file that the signature covers every byte but its own."""

import io
import itertools
from collections.abc import Iterator
from typing import Any

import pikepdf

HEADINGS = ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")


def _fonts(resources: Any, seen: set[tuple[int, int]]) -> Iterator[Any]:
    if resources is None:
        return
    for font in (resources.get("/Font") or {}).values():
        yield font
        yield from font.get("/DescendantFonts") or []
    for xobject in (resources.get("/XObject") or {}).values():
        key = xobject.objgen
        if xobject.get("/Subtype") == "/Form" and key not in seen:
            seen.add(key)
            yield from _fonts(xobject.get("/Resources"), seen)
    for pattern in (resources.get("/Pattern") or {}).values():
        if isinstance(pattern, pikepdf.Stream) and pattern.objgen not in seen:
            seen.add(pattern.objgen)
            yield from _fonts(pattern.get("/Resources"), seen)


def _structure(element: Any, depth: int = 0) -> Iterator[Any]:
    if depth > 200:
        return
    if isinstance(element, pikepdf.Dictionary) and element.get("/Type") in (
        "/StructElem",
        None,
    ):
        if "/S" in element:
            yield element
        kids = element.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            yield from _structure(kid, depth + 1)


def structure_elements(pdf: pikepdf.Pdf) -> list[Any]:
    root = pdf.Root.StructTreeRoot
    kids = root.get("/K")
    out: list[Any] = []
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        out.extend(_structure(kid))
    return out


def archive_problems(data: bytes) -> list[str]:
    """Empty when the PDF passes every check; else what is wrong."""
    problems: list[str] = []
    pdf = pikepdf.open(io.BytesIO(data))
    root = pdf.Root
    meta = pdf.open_metadata()
    if meta.pdfa_status != "2A":
        problems.append(f"XMP names PDF/A {meta.pdfa_status!r}, not 2A")
    if meta.get("pdfuaid:part") != "1":
        problems.append("XMP has no pdfuaid:part 1")
    intents: Any = root.get("/OutputIntents") or []
    if not any(
        i.get("/S") == "/GTS_PDFA1"
        and "/DestOutputProfile" in i
        and i.DestOutputProfile.read_bytes()[36:40] == b"acsp"
        for i in intents
    ):
        problems.append("no PDF/A output intent with an ICC profile")
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in _fonts(page.get("/Resources"), seen):
            if font.get("/Subtype") in ("/Type0", "/Type3"):
                continue
            descriptor = font.get("/FontDescriptor")
            if descriptor is None or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                problems.append(f"font {font.get('/BaseFont')} is not embedded")
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            if annotation.get("/Subtype") in ("/Widget", "/Link") and (
                "/StructParent" not in annotation
            ):
                problems.append(f"a {annotation.Subtype} annotation outside the structure tree")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree")
    mark_info: Any = root.get("/MarkInfo") or {}
    if not mark_info.get("/Marked"):
        problems.append("MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")).startswith("sv"):
        problems.append(f"language is {root.get('/Lang')!r}, not sv")
    title = str(pdf.docinfo.get("/Title", ""))
    if not title:
        problems.append("no document title")
    if title != (meta.get("dc:title") or ""):
        problems.append("the title in XMP differs from the info dictionary")
    preferences: Any = root.get("/ViewerPreferences") or {}
    if not preferences.get("/DisplayDocTitle"):
        problems.append("DisplayDocTitle is not true")
    for key, xmp in (("/Producer", "pdf:Producer"), ("/Subject", "dc:description")):
        if key in pdf.docinfo and str(pdf.docinfo[key]) != (meta.get(xmp) or ""):
            problems.append(f"{key} in the info dictionary differs from XMP {xmp}")
    if not str(pdf.docinfo.get("/Author", "")):
        problems.append("no author")
    if "/StructTreeRoot" in root:
        elements = structure_elements(pdf)
        levels = [HEADINGS.index(str(e.S)) + 1 for e in elements if str(e.S) in HEADINGS]
        if not levels or levels[0] != 1:
            problems.append(f"the first heading is not H1: {levels[:3]}")
        for before, after in itertools.pairwise(levels):
            if after > before + 1:
                problems.append(f"heading level skipped: H{before} then H{after}")
                break
        for e in elements:
            if str(e.S) == "/Figure" and not str(e.get("/Alt", "")).strip():
                problems.append("a Figure without alternative text")
        headerless = [
            e for e in elements if str(e.S) == "/TD" and not (e.get("/A") or {}).get("/Headers")
        ]
        if headerless:
            problems.append(f"{len(headerless)} table cells without a header (TH scope)")
    return problems


def figures_alt(data: bytes) -> list[str]:
    pdf = pikepdf.open(io.BytesIO(data))
    return [str(e.get("/Alt", "")) for e in structure_elements(pdf) if str(e.S) == "/Figure"]


def signature_coverage_problems(data: bytes) -> list[str]:
    """The one signature's byte range covers the whole file except its own /Contents."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    fields = [f for f in (reader.get_fields() or {}).values() if f.get("/FT") == "/Sig"]
    if len(fields) != 1:
        return [f"{len(fields)} signature fields, one expected"]
    value = fields[0]["/V"].get_object()
    a, b, c, d = (int(x) for x in value["/ByteRange"])
    problems = []
    if a != 0 or c + d != len(data):
        problems.append(f"byte range {a, b, c, d} does not reach both ends of {len(data)}")
    gap = data[b:c]
    if not (gap.startswith(b"<") and gap.endswith(b">")):
        problems.append("the unsigned gap is not exactly the signature's /Contents")
    if value["/SubFilter"] != "/ETSI.CAdES.detached":
        problems.append(f"SubFilter {value['/SubFilter']}, not PAdES (ETSI.CAdES.detached)")
    return problems
