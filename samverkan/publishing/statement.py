"""The accessibility statement (tillgänglighetsredogörelse) as data, following the
structure of DIGG's model statement: who runs the site, how far it complies, what is not
accessible and why, how to report a problem, enforcement, how it was tested, and the
dates. The page renders this; when a deviation is fixed or found, change it here and
move REVIEWED_ON."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# The day the statement was last reviewed against the site (the assessment of
# compliance and the last update are the same review).
REVIEWED_ON = datetime.date(2026, 11, 26)
FIRST_PUBLISHED_ON = datetime.date(2026, 11, 26)

# "helt förenlig", "delvis förenlig" or "inte förenlig" (DIGG's wording).
COMPLIANCE = "delvis förenlig"
STANDARD = "EN 301 549 V3.2.1 (WCAG 2.1 nivå AA)"

# DIGG's reporting function for shortcomings in digital public service.
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"


@dataclass(frozen=True)
class Deviation:
    situation: str  # the use situation DIGG's template lists problems by
    what: str  # what is not accessible
    why: str  # why, and what to do meanwhile
    criteria: str = ""  # WCAG success criteria concerned


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "Användning utan synförmåga",
        "Handlingar som parterna och andra laddar upp (PDF, Word) kan sakna taggar, "
        "rubrikstruktur och alternativtexter.",
        "Vi skapar inte dessa filer själva och kan inte rätta dem. Be om en tillgänglig "
        "version via kontaktuppgifterna nedan.",
        "1.1.1, 1.3.1, 2.4.2",
    ),
    Deviation(
        "Användning utan synförmåga",
        "Äldre protokoll och handlingar som skannats in är bilder utan text.",
        "De skannades innan tjänsten fanns. Vi tar fram en textversion på begäran.",
        "1.1.1, 1.4.5",
    ),
    Deviation(
        "Användning med nedsatt syn",
        "Protokoll och kallelser som PDF skapas av tjänsten och har text och rubriker, "
        "men är inte fullt taggade för skärmläsare (PDF/UA).",
        "Samma innehåll finns alltid som webbsida på sammanträdets sida.",
        "1.3.1",
    ),
    Deviation(
        "Användning med nedsatt syn",
        "Strukturdiagrammet på startsidan är en SVG-bild där rutor och pilar kan vara svåra "
        "att följa vid stor förstoring.",
        "Samma innehåll (organen och vem som rapporterar till vem) finns som text under "
        "diagrammet.",
        "1.1.1, 1.4.11",
    ),
)

TESTING = (
    "Varje sida som tjänsten visar granskas automatiskt vid varje ändring av koden: "
    "med axe (WCAG 2.1 A och AA) i en riktig webbläsare och med Nu Html Checker (W3C:s "
    "validator) för korrekt HTML.",
    "Ingen manuell granskning med enbart tangentbord eller med skärmläsare har gjorts ännu.",
    "Granskningen är en självskattning; ingen extern part har granskat webbplatsen.",
)


@dataclass(frozen=True)
class Statement:
    operator: str
    site_name: str
    contact_email: str
    contact_phone: str
    compliance: str
    standard: str
    deviations: tuple[Deviation, ...]
    testing: tuple[str, ...]
    reviewed_on: datetime.date
    first_published_on: datetime.date
    digg_report_url: str


def statement_for(collaboration: object) -> Statement:
    """The statement for the collaboration in view: it runs the site and takes reports."""
    return Statement(
        operator=getattr(collaboration, "name", "") or "Samverkansstrukturen",
        site_name=getattr(collaboration, "short_name", "") or "Samverkan",
        contact_email=getattr(collaboration, "contact_email", "") or "",
        contact_phone=getattr(collaboration, "contact_phone", "") or "",
        compliance=COMPLIANCE,
        standard=STANDARD,
        deviations=DEVIATIONS,
        testing=TESTING,
        reviewed_on=REVIEWED_ON,
        first_published_on=FIRST_PUBLISHED_ON,
        digg_report_url=DIGG_REPORT_URL,
    )
