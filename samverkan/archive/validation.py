"""Validation of ERMS XML against ERMS_v3.xsd (lxml) and the Schematron rules
erms_v3.sch (both copied into samverkan/archive/data/ from the CITS ERMS v3 release).

The Schematron runs through the ISO Schematron reference implementation (Rick
Jelliffe's skeleton, as shipped inside the lxml package: include, abstract-expand and
the SVRL stylesheet) executed by Saxon-HE (saxonche), which evaluates the rules'
XPath 2 expressions. That skeleton generation accepts the query binding "xslt" only, so
the schema's declared binding "xslt2" is given to it as "xslt": the generated stylesheet
is then run by Saxon (an XSLT 3 processor, in backwards-compatible mode), and every
test in erms_v3.sch is valid XPath 1 and 2 alike. Nothing is fetched from the network."""

import functools
import pathlib
import threading
from dataclasses import dataclass

import lxml.isoschematron
from lxml import etree

DATA = pathlib.Path(__file__).resolve().parent / "data"
XSD_PATH = DATA / "ERMS_v3.xsd"
SCH_PATH = DATA / "erms_v3.sch"
SVRL = "http://purl.oclc.org/dsdl/svrl"
_ISO = (
    pathlib.Path(lxml.isoschematron.__file__).resolve().parent
    / "resources"
    / "xsl"
    / "iso-schematron-xslt1"
)
_lock = threading.Lock()


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@functools.cache
def _xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def validate_xsd(xml: bytes) -> list[Problem]:
    try:
        doc = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [Problem("XML", str(exc))]
    schema = _xsd()
    if schema.validate(doc):
        return []
    return [Problem(f"rad {e.line}", e.message) for e in schema.error_log]


@functools.cache
def _processor() -> object:
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@functools.cache
def _compiled_schematron() -> str:
    """erms_v3.sch compiled to a validating stylesheet (SVRL output), once per process."""
    proc = _processor()
    xslt = proc.new_xslt30_processor()  # type: ignore[attr-defined]
    text = SCH_PATH.read_text(encoding="utf-8").replace(
        'queryBinding="xslt2"', 'queryBinding="xslt"'
    )
    for step in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt1.xsl"):
        executable = xslt.compile_stylesheet(stylesheet_file=str(_ISO / step))
        node = proc.parse_xml(xml_text=text)  # type: ignore[attr-defined]
        text = executable.transform_to_string(xdm_node=node)
    return text


def validate_schematron(xml: bytes) -> list[Problem]:
    with _lock:  # one Saxon processor per process; its calls are not re-entrant
        proc = _processor()
        xslt = proc.new_xslt30_processor()  # type: ignore[attr-defined]
        executable = xslt.compile_stylesheet(stylesheet_text=_compiled_schematron())
        node = proc.parse_xml(xml_text=xml.decode("utf-8"))  # type: ignore[attr-defined]
        report = executable.transform_to_string(xdm_node=node)
    svrl = etree.fromstring(report.encode("utf-8"))
    problems = []
    for tag in ("failed-assert", "successful-report"):
        for e in svrl.iter(f"{{{SVRL}}}{tag}"):
            text = " ".join("".join(e.itertext()).split())
            problems.append(Problem(e.get("location", ""), text))
    return problems


def validate_erms(xml: bytes) -> list[Problem]:
    """XSD first; the Schematron only on a document the schema accepts."""
    return validate_xsd(xml) or validate_schematron(xml)
