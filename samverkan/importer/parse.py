"""Read a Swedish meeting notice (kallelse, föredragningslista, dagordning) or minutes
(protokoll) from text or PDF into a structured result. Pure functions, no database.

Swedish municipal documents share conventions but not one layout: the headings
(Ordförande, Ledamöter, Ersättare; Ärendebeskrivning, Förslag till beslut, Expedieras
till, Beslutsunderlag; Beslut, Reservation, Justerare) and the shape of a person (name
and party letters in parentheses) are what the parser keys on, never the line positions
of one document. Every line is either used, set aside as page noise, or reported back as
not understood (with its line number), so a reader can see what the import would drop."""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

MAX_BYTES = 5 * 1024 * 1024


# A notice or minutes is a few pages; more text than this is not one.
MAX_PDF_CHARS = 500_000
# No body has more seats than this, and no meeting more items.
MAX_PEOPLE, MAX_ITEMS = 300, 300


class ParseError(ValueError):
    """The file is not a notice or minutes the parser can read (message in Swedish)."""


@dataclass
class ParsedPerson:
    name: str
    party_letters: str = ""
    note: str = ""  # "ersätter Johan Loock", "sekreterare", "§ 3–5"
    replaces: str = ""  # the member a serving substitute replaces
    line: int = 0


@dataclass
class ParsedDissent:
    name: str
    party_letters: str = ""
    text: str = ""


@dataclass
class ParsedItem:
    number: int
    title: str
    kind: str = "regular"  # attesters, approve_agenda, regular, other_business
    section_number: int | None = None
    presenters: str = ""
    planned_start: datetime.time | None = None
    case_number: str = ""
    description: str = ""
    proposer: str = ""
    proposed_decision: list[str] = field(default_factory=list)
    dispatch_to: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    decision: str = ""
    motions: list[str] = field(default_factory=list)
    dissents: list[ParsedDissent] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    procedure: str = ""  # propositionsordning / beslutsgång
    line: int = 0


@dataclass
class ParsedMeeting:
    kind: str = "notice"  # notice or minutes
    body_name: str = ""
    body_short_name: str = ""
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    place: str = ""
    chair: ParsedPerson | None = None
    vice_chair: ParsedPerson | None = None
    members: list[ParsedPerson] = field(default_factory=list)
    substitutes: list[ParsedPerson] = field(default_factory=list)
    # Minutes: attendance.
    present_members: list[ParsedPerson] = field(default_factory=list)
    serving_substitutes: list[ParsedPerson] = field(default_factory=list)
    others_present: list[ParsedPerson] = field(default_factory=list)
    absent: list[ParsedPerson] = field(default_factory=list)
    attesters: list[ParsedPerson] = field(default_factory=list)
    secretary: str = ""
    attestation_place: str = ""
    attestation_date: datetime.date | None = None
    items: list[ParsedItem] = field(default_factory=list)
    unparsed: list[tuple[int, str]] = field(default_factory=list)
    ignored: list[tuple[int, str]] = field(default_factory=list)  # page headers, noise
    warnings: list[str] = field(default_factory=list)
    read: set[int] = field(default_factory=set)  # the line numbers used for the result

    @property
    def accounted(self) -> set[int]:
        """Every line number the result accounts for: read, not understood or set aside."""
        return self.read | {n for n, _ in self.unparsed} | {n for n, _ in self.ignored}

    @property
    def kind_label(self) -> str:
        return "Protokoll" if self.kind == "minutes" else "Kallelse/föredragningslista"

    @property
    def seated(self) -> list[tuple[str, ParsedPerson]]:
        """Everyone with a seat, in the order of the document, with the role the
        structure records (chair, vice_chair, member, substitute)."""
        rows: list[tuple[str, ParsedPerson]] = []
        if self.chair:
            rows.append(("chair", self.chair))
        for p in self.members:
            if self.vice_chair and p.name == self.vice_chair.name:
                rows.append(("vice_chair", p))
            else:
                rows.append(("member", p))
        if self.vice_chair and all(p.name != self.vice_chair.name for p in self.members):
            rows.append(("vice_chair", self.vice_chair))
        rows.extend(("substitute", p) for p in self.substitutes)
        return rows


# --- Reading the file ----------------------------------------------------------------------


def text_from_pdf(data: bytes) -> str:
    """The text of a PDF, page by page (a form feed between pages), read the way the
    document store reads uploads: bounded in pages and time, and any breakage of the file
    is a clear refusal."""
    from django.core.exceptions import ValidationError

    from samverkan.documents.services import pdf_text

    try:
        text = pdf_text(data, MAX_PDF_CHARS, separator="\n\f\n")
    except ValidationError as exc:
        raise ParseError("PDF-filen är skadad och kan inte läsas.") from exc
    if not text.strip():
        raise ParseError(
            "PDF-filen innehåller ingen text (en inskannad bild?). Tolka den med OCR först "
            "och läs in texten."
        )
    return text


def text_from_bytes(data: bytes) -> str:
    """Text from an uploaded or named file: a PDF, or text in UTF-8 or Windows-1252."""
    if not data or not data.strip():
        raise ParseError("Filen är tom.")
    if len(data) > MAX_BYTES:
        raise ParseError(f"Filen är för stor (högst {MAX_BYTES // (1024 * 1024)} MB).")
    if data.startswith(b"%PDF-"):
        return text_from_pdf(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    bad = controls + text.count("\ufffd")
    if b"\x00" in data or bad > max(3, len(text) // 50):
        raise ParseError("Filen är inte en läsbar text eller PDF (binärt innehåll).")
    return text


def parse_bytes(data: bytes) -> ParsedMeeting:
    return parse_text(text_from_bytes(data))


# --- Cleaning the text -----------------------------------------------------------------------

PAGE_NUMBER = re.compile(
    r"^\s*(?:sida|sid\.?|page)\s*\d+\s*(?:\(\s*\d+\s*\)|(?:av|/|of)\s*\d+)?\s*$"
    r"|^\s*\d+\s*\(\s*\d+\s*\)\s*$|^\s*-\s*\d+\s*-\s*$",
    re.IGNORECASE,
)
NOISE = re.compile(r"^[\s\W_]{1,4}$")
BULLET = re.compile(r"^\s*(?:[•·▪◦●■□*–—-]|o\s)\s*")
JOINERS = {"och", "eller", "samt", "till", "respektive"}


def _unspace(line: str) -> str:
    """'K a l l e l s e / f ö r e d r a g' → 'Kallelse/föredrag' (letter-spaced titles);
    two or more spaces stay a word gap."""
    stripped = line.strip()
    tokens = stripped.split()
    if len(tokens) < 4 or sum(1 for t in tokens if len(t) == 1) < 0.8 * len(tokens):
        return line
    words = re.split(r"\s{2,}", stripped)
    return " ".join(w.replace(" ", "") for w in words)


OCR_DIGITS = str.maketrans("lIOo", "1100")


def _ocr_digits(line: str) -> str:
    """Scanned text reads 1 as l or I and 0 as O: mend them where digits are meant."""
    line = re.sub(r"^(\s*)[lI]([.)]\s)", r"\g<1>1\2", line)  # "l. Val av justerare"
    line = re.sub(r"(§\s*)[lI](?=[\dlIO]*\b)", r"\g<1>1", line)

    def mend(match: re.Match[str]) -> str:
        token = match[0]
        if not re.search(r"\d", token):
            return token
        return token.translate(OCR_DIGITS)

    # Tokens that are digits with a stray l/I/O inside: "2O25-O3-l0", "l3:00", "§ l2".
    return re.sub(
        r"(?<![A-Za-zÅÄÖåäö])[\dlIOo][\dlIOo:.\-/]*[\dlIOo](?![A-Za-zÅÄÖåäö])", mend, line
    )


def clean_lines(
    text: str,
    too_long: list[tuple[int, str]] | None = None,
    joined: dict[int, list[int]] | None = None,
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The lines to read (line number, text) and the lines set aside as page noise.
    Line numbers are those of the original text, so a reader finds them in the file.
    Lines longer than MAX_LINE are not read at all: they go to too_long (shortened)."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    raw = text.split("\n")
    ignored: list[tuple[int, str]] = []
    lines: list[tuple[int, str]] = []
    for number, original in enumerate(raw, start=1):
        if len(original) > MAX_LINE:
            if too_long is not None:
                too_long.append((number, original.strip()[:200] + " …"))
            lines.append((number, ""))
            continue
        line = original.replace("\xa0", " ").replace("\u00ad", "").replace("\ufeff", "")
        if "\f" in line:
            line = line.replace("\f", "")
            lines.append((number, "\f"))
            if not line.strip():
                continue
        line = _unspace(line.rstrip())
        line = _ocr_digits(line)
        if PAGE_NUMBER.match(line):
            ignored.append((number, original.strip()))
            lines.append((number, "\f"))
            continue
        if line.strip() and NOISE.match(line) and not BULLET.match(line + " x"):
            ignored.append((number, original.strip()))
            continue
        lines.append((number, line))
    lines = _drop_running_heads(lines, ignored)
    lines = _join_hyphenated(lines, joined if joined is not None else {})
    return lines, ignored


def _drop_running_heads(
    lines: list[tuple[int, str]], ignored: list[tuple[int, str]]
) -> list[tuple[int, str]]:
    """A line repeated next to page breaks is a running header or footer: the first one
    stays (it may name the body), the repeats are set aside."""
    near: dict[str, int] = {}
    for i, (_, line) in enumerate(lines):
        if line != "\f":
            continue
        for j in (*range(i - 2, i), *range(i + 1, i + 3)):
            if 0 <= j < len(lines) and lines[j][1].strip() and lines[j][1] != "\f":
                key = lines[j][1].strip()
                near[key] = near.get(key, 0) + 1
    heads = {key for key, n in near.items() if n >= 2}
    seen: set[str] = set()
    kept = []
    for number, line in lines:
        key = line.strip()
        if key in heads:
            if key in seen:
                ignored.append((number, key))
                continue
            seen.add(key)
        kept.append((number, line))
    return [(n, "" if line == "\f" else line) for n, line in kept]


def _join_hyphenated(
    lines: list[tuple[int, str]], joined: dict[int, list[int]]
) -> list[tuple[int, str]]:
    """'genomföran-' + 'de' → 'genomförande'; 'hälso-' + 'och sjukvård' keeps its hyphen."""
    out: list[tuple[int, str]] = []
    for number, line in lines:
        if out:
            prev_number, prev = out[-1]
            stripped = line.strip()
            match = re.search(r"([a-zåäö])-$", prev.rstrip())
            if match and stripped[:1].islower():
                first = stripped.split()[0]
                if first.rstrip(",.") not in JOINERS:
                    out[-1] = (prev_number, prev.rstrip()[:-1] + stripped)
                    joined.setdefault(prev_number, []).append(number)
                    continue
        out.append((number, line))
    return out


# --- Small recognisers -------------------------------------------------------------------------

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
ISO_DATE = re.compile(r"\b(20\d{2}|19\d{2})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})\b")
TEXT_DATE = re.compile(
    r"\b(\d{1,2})\s*(?:e|a|:e|:a)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)
TIME = r"(?:kl\.?\s*)?([01]?\d|2[0-3])[:.]([0-5]\d)"
TIME_SPAN = re.compile(TIME + r"\s*(?:-|–|—|till)\s*" + TIME, re.IGNORECASE)
ONE_TIME = re.compile(TIME, re.IGNORECASE)
TRAILING_TIME = re.compile(r"(?:kl\.?\s*)?(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)\s*$")
MAX_LINE = 2000  # longer lines are not read (reported as not understood)


@dataclass
class _Trailing:
    rest: str
    h: str
    m: str

    def __getitem__(self, key: str) -> str:
        return str(getattr(self, key))


def trailing_time(text: str) -> _Trailing | None:
    """'Anna Berg, kl 13.30' → rest 'Anna Berg' and the time. An anchored search, not a
    lazy match before a repeated class (which backtracks without end on long blank runs)."""
    match = TRAILING_TIME.search(text)
    if match is None:
        return None
    return _Trailing(text[: match.start()].rstrip(" ,\t"), match["h"], match["m"])


# RS/418/2025, KS 2025/123, Dnr 2025-123, Dnr: 2025/123, Diarienummer RS 2025.123
SERIES_CASE = re.compile(r"\b([A-ZÅÄÖ]{1,8})\s*/\s*(\d{1,6})\s*/\s*(\d{4})\b")
DNR = re.compile(
    r"\b(?:dnr|diarienr|diarienummer|diarie-?nr)\.?\s*:?\s*"
    r"([A-ZÅÄÖ]{0,8}\s*[\d]{1,6}\s*[-/.:]\s*[\d]{1,6}(?:\s*[-/.:]\s*\d{1,6})?)",
    re.IGNORECASE,
)
PARTY = r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3}"
KNOWN_PARTIES = {"S", "M", "C", "V", "KD", "L", "SD", "MP", "FP", "FI", "NYD", "PP", "ÅP", "SPI"}
NAME_WORD = r"[A-ZÅÄÖÉÜ][\w'’.\-]*"
NAME = rf"{NAME_WORD}(?:\s+(?:(?:von|van|af|de|da|del|der)\s+)?{NAME_WORD}){{1,4}}"
PERSON_PAREN = re.compile(rf"^(?P<name>{NAME})\s*\(\s*(?P<party>{PARTY})\s*\)\s*(?P<rest>.*)$")
PERSON_PLAIN = re.compile(rf"^(?P<name>{NAME})\s*(?:(?:,|–|-)\s*(?P<rest>.*))?$")
NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(?P<text>\S.*)?$")
ARENDE = re.compile(
    r"^\s*(?:ärende|punkt)\s*(?:nr\.?\s*)?(\d{1,3})\b\s*[.:–—-]?\s*(?P<text>.*)$", re.I
)
TABLE_ROW = re.compile(r"^\s*(\d{1,3})(?:\t+|\s{2,})(?P<text>\S.*)$")
SERIES_YEAR_CASE = re.compile(r"\b([A-ZÅÄÖ]{1,8})\s+(\d{4})\s*/\s*(\d{1,6})\b")
PARAGRAPH = re.compile(r"^\s*§\s*(\d{1,4})\b\s*[.:–—-]?\s*(?P<text>.*)$")


def find_date(text: str) -> datetime.date | None:
    for match in ISO_DATE.finditer(text):
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    found = TEXT_DATE.search(text)
    if found:
        try:
            return datetime.date(int(found[3]), MONTHS[found[2].lower()], int(found[1]))
        except ValueError:
            return None
    return None


def _time(h: str, m: str) -> datetime.time:
    return datetime.time(int(h), int(m))


def find_times(text: str) -> tuple[datetime.time | None, datetime.time | None]:
    span = TIME_SPAN.search(text)
    if span:
        return _time(span[1], span[2]), _time(span[3], span[4])
    one = ONE_TIME.search(text)
    if one and ("kl" in text.lower() or re.search(r"\d[:.]\d\d", text)):
        return _time(one[1], one[2]), None
    return None, None


def normalise_case_number(raw: str) -> str:
    """SERIES/number/YEAR when the series is given (as the registry writes it); otherwise
    the number as the document writes it."""
    raw = re.sub(r"\s+", " ", raw.strip().rstrip(".,;)"))
    match = SERIES_CASE.search(raw)
    if match:
        return f"{match[1].upper()}/{int(match[2])}/{match[3]}"
    match = re.match(r"^([A-ZÅÄÖ]{1,8})\s*(\d{4})\s*[-/.:]\s*(\d{1,6})$", raw, re.IGNORECASE)
    if match:  # KS 2025/123 → KS/123/2025
        return f"{match[1].upper()}/{int(match[3])}/{match[2]}"
    return raw


def find_case_number(text: str) -> tuple[str, str]:
    """(case number, the text without it)."""
    match = DNR.search(text)
    if match:
        rest = (text[: match.start()] + text[match.end() :]).strip(" ,;:–-")
        rest = re.sub(r"\(\s*\)", "", rest).strip()
        return normalise_case_number(match[1]), rest
    match = SERIES_CASE.search(text)
    if match:
        rest = (text[: match.start()] + text[match.end() :]).strip()
        rest = re.sub(r"\(\s*\)", "", rest).strip(" ,;:–-")
        return normalise_case_number(match[0]), rest
    match = SERIES_YEAR_CASE.search(text)
    if match:
        rest = (text[: match.start()] + text[match.end() :]).strip()
        rest = re.sub(r"\(\s*\)", "", rest).strip(" ,;:–-")
        return f"{match[1].upper()}/{int(match[3])}/{match[2]}", rest
    return "", text


def parse_person(line: str) -> ParsedPerson | None:
    """'Jonas Andersson (S)', 'Niklas Daoson (S), vice ordförande', 'Kent Karlsson (M)
    ersätter Johan Loock (M)', and table rows 'Jonas Andersson <tab> S <tab> Ordförande'."""
    text = BULLET.sub("", line).strip()
    if not text:
        return None
    cells = [c.strip() for c in re.split(r"\t+|\s{2,}|\s+\|\s+", text) if c.strip()]
    if len(cells) >= 2:
        name = cells[0]
        party = next((c for c in cells[1:] if c.upper() in KNOWN_PARTIES), "")
        rest = ", ".join(c for c in cells[1:] if c != party)
        if re.fullmatch(NAME, name) and (party or rest):
            return _person(name, party.upper() if len(party) > 1 else party, rest)
    match = PERSON_PAREN.match(text)
    if match:
        return _person(match["name"], match["party"], match["rest"])
    return None


def parse_plain_person(line: str) -> ParsedPerson | None:
    """A name without party letters, perhaps with a role: 'Anna Berg, sekreterare'."""
    person = parse_person(line)
    if person:
        return person
    text = BULLET.sub("", line).strip()
    match = PERSON_PLAIN.match(text)
    if match and len(match["name"].split()) <= 5:
        return _person(match["name"], "", match["rest"] or "")
    return None


def _person(name: str, party: str, rest: str) -> ParsedPerson:
    rest = rest.strip(" ,;–-")
    replaces = ""
    found = re.search(
        rf"(?:ersätter|ersättare för|tjänstgör för|för)\s+(?P<who>{NAME})", rest, re.IGNORECASE
    )
    if found:
        replaces = found["who"]
    return ParsedPerson(
        name=re.sub(r"\s+", " ", name).strip(), party_letters=party, note=rest, replaces=replaces
    )


def _names_only(text: str) -> bool:
    """'Berit Eriksson, Jennie Söderberg' or 'Anna Berg och Per Ek': presenters."""
    parts = [p.strip() for p in re.split(r",|\boch\b|&", text) if p.strip()]
    return bool(parts) and all(
        re.fullmatch(rf"{NAME}(?:\s*\(\s*{PARTY}\s*\))?(?:,?\s+[a-zåäö][\w\s-]{{0,40}})?", p)
        for p in parts
    )


# --- Headings ---------------------------------------------------------------------------------


def _key(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip().rstrip(":").strip()).lower()


LIST_HEADINGS = {
    "ordförande": "chair",
    "vice ordförande": "vice_chair",
    "1:e vice ordförande": "vice_chair",
    "förste vice ordförande": "vice_chair",
    "ledamöter": "member",
    "ledamot": "member",
    "ordinarie ledamöter": "member",
    "kallade ledamöter": "member",
    "beslutande": "present_member",
    "beslutande ledamöter": "present_member",
    "närvarande ledamöter": "present_member",
    "ersättare": "substitute",
    "kallade ersättare": "substitute",
    "tjänstgörande ersättare": "serving_substitute",
    "närvarande ersättare": "present_substitute",
    "ej tjänstgörande ersättare": "present_substitute",
    "övriga närvarande": "other",
    "övriga deltagare": "other",
    "övriga deltagande": "other",
    "övriga närvarande tjänstepersoner": "other",
    "närvarande tjänstepersoner": "other",
    "tjänstepersoner": "other",
    "övriga": "other",
    "sekreterare": "secretary",
    "frånvarande": "absent",
    "frånvarande ledamöter": "absent",
    "anmält förhinder": "absent",
    "förhinder": "absent",
    "justerare": "attesters",
    "justerande": "attesters",
    "utses att justera": "attesters",
}
SUB_HEADINGS = {
    "ärendebeskrivning": "description",
    "beskrivning": "description",
    "sammanfattning": "description",
    "bakgrund": "description",
    "ärendet": "description",
    "förslag till beslut": "proposal",
    "beslutsförslag": "proposal",
    "föreslaget beslut": "proposal",
    "förslag": "proposal",
    "expedieras till": "dispatch",
    "expediering": "dispatch",
    "beslutet expedieras till": "dispatch",
    "beslutet skickas till": "dispatch",
    "skickas till": "dispatch",
    "beslutsunderlag": "documents",
    "handlingar": "documents",
    "underlag": "documents",
    "bilagor": "documents",
    "beslut": "decision",
    "beslutet": "decision",
    "reservation": "dissent",
    "reservationer": "dissent",
    "yrkande": "motion",
    "yrkanden": "motion",
    "protokollsanteckning": "statement",
    "protokollsanteckningar": "statement",
    "föredragande": "presenters",
    "propositionsordning": "procedure",
    "beslutsgång": "procedure",
    "proposition": "procedure",
}
# Labels whose value holds the meeting's date and times.
TIME_LABELS = (
    "tid",
    "klockan",
    "tidpunkt",
    "mötestid",
    "datum och tid",
    "tid och plats",
    "plats och tid",
    "datum",
    "sammanträdesdatum",
    "mötesdatum",
    "när",
)
HEADER_LABELS = (
    *TIME_LABELS,
    "plats",
    "lokal",
    "mötesplats",
    "var",
    "organ",
    "nämnd",
    "styrelse",
    "grupp",
    "mötesgrupp",
    "forum",
    "justeringens plats och tid",
    "justering",
    "justeringens tid och plats",
    "justeras",
    "plats och tid för justering",
    "paragrafer",
    "§§",
    "paragraf",
    "anslag",
    "anslaget",
    "protokollet förvaras",
    "underskrifter",
    "sekreterare",
    "ordförande",
    "utses att justera",
)
KNOWN_LABELS = frozenset(HEADER_LABELS) | frozenset(LIST_HEADINGS)
# "Beslutande           Gunnar Ström (KD)": a known label, then a run of blanks.
SPACE_LABEL = re.compile(
    r"^\s*(?P<label>[A-Za-zÅÄÖåäö§][A-Za-zÅÄÖåäö§ ]{1,40}?)(?:\t+|\s{2,})(?P<value>\S.*)$"
)
SIGNATURE_ROLES = frozenset(
    {
        "ordförande",
        "vice ordförande",
        "sekreterare",
        "justerare",
        "justerande",
        "mötessekreterare",
        "nämndsekreterare",
        "protokollförare",
        "mötesordförande",
    }
)
PERSON_IN_TEXT = re.compile(rf"(?P<name>{NAME})\s*\(\s*(?P<party>{PARTY})\s*\)")


def _cells(line: str) -> list[str]:
    """Columns of a line laid out with runs of blanks or tabs."""
    return [c.strip() for c in re.split(r"\t+|\s{3,}", line.strip()) if c.strip()]


def _is_plain_name(text: str) -> bool:
    return bool(re.fullmatch(NAME, text)) and 2 <= len(text.split()) <= 4


NOTICE_WORDS = ("kallelse", "föredragningslista", "dagordning")
MINUTES_WORDS = ("protokoll", "sammanträdesprotokoll", "mötesprotokoll")
BODY_WORDS = re.compile(
    r"(råd|rådet|nämnd|nämnden|styrelse|styrelsen|grupp|gruppen|arena|arenan|utskott|"
    r"utskottet|beredning|beredningen|forum|forumet|fullmäktige|samverkan|kommitté|"
    r"kommittén|presidium|presidiet)\b",
    re.IGNORECASE,
)
LABEL = re.compile(r"^\s*(?P<label>[A-Za-zÅÄÖåäö][A-Za-zÅÄÖåäö .:]{1,40}?)\s*:\s*(?P<value>\S.*)?$")
TAB_LABEL = re.compile(r"^\s*(?P<label>[A-Za-zÅÄÖåäö][A-Za-zÅÄÖåäö ]{1,30}?)\t+(?P<value>\S.*)$")
TABLE_HEADER = re.compile(
    r"^\s*(nr|punkt|§)\s+(ärende|rubrik)\b.*$|^\s*namn\s+(parti|roll)\b.*$", re.IGNORECASE
)
DECIDES = re.compile(r"\b(beslutar|beslöt|beslutade)\b", re.IGNORECASE)


def _item_kind(title: str) -> str:
    lower = title.lower()
    if ("justerare" in lower and ("val" in lower or "utse" in lower)) or "justering" in lower:
        return "attesters"
    if ("fastställ" in lower or "godkänn" in lower) and (
        "föredragningslist" in lower or "dagordning" in lower
    ):
        return "approve_agenda"
    if lower.startswith("övriga frågor") or lower == "övrigt":
        return "other_business"
    return "regular"


# --- The parser ---------------------------------------------------------------------------------


class _Parser:
    def __init__(
        self,
        lines: list[tuple[int, str]],
        ignored: list[tuple[int, str]],
        joined: dict[int, list[int]] | None = None,
    ) -> None:
        self.lines = lines
        self.joined = joined or {}
        self.trailer = False  # after the items: lists, labels and signatures, no more items
        self.columns: tuple[int, str, str] | None = None  # two-column list: split, roles
        self.pending_label: tuple[int, str] | None = None  # "Justeringens plats" / "och tid"
        self.signatures: dict[int, str] = {}  # line number → role word or name
        self.raw_line: str | None = None
        self.result = ParsedMeeting(ignored=ignored)
        self.used: set[int] = set()
        self.list_role: str | None = None
        self.item: ParsedItem | None = None
        self.block: str | None = None  # the item's current sub-heading
        self.block_lines: list[tuple[int, str]] = []
        self.title_open = False  # the item's title may go on on the next line
        self.title_adjacent = False  # the previous line was part of the title
        self.after_title = False  # nothing but blank lines since the title
        self.header_plain: list[tuple[int, str]] = []
        self.minutes_mode = False
        self.agenda_table = False  # a "Nr  Ärende  Föredragande  Tid" table was seen

    # Helpers
    def use(self, number: int) -> None:
        self.used.add(number)
        self.used.update(self.joined.get(number, ()))

    def warn(self, text: str) -> None:
        self.result.warnings.append(text)

    def run(self) -> ParsedMeeting:
        self._detect_kind()
        self._find_signatures()
        for number, line in self.lines:
            self._line(number, line)
        self._close_item()
        self._header_finish()
        self._finish()
        return self.result

    def _find_signatures(self) -> None:
        """A closing block: names on one line, their roles (Ordförande, Sekreterare) on the
        next, perhaps side by side: signatures, not part of the last item."""
        rows = [(n, line) for n, line in self.lines if line.strip()]
        for (n1, first), (n2, second) in itertools.pairwise(rows):
            names, roles = _cells(first), _cells(second)
            if (
                names
                and len(names) == len(roles)
                and all(_is_plain_name(c) for c in names)
                and all(_key(r) in SIGNATURE_ROLES for r in roles)
            ):
                self.signatures[n1] = first
                self.signatures[n2] = second

    def _signature(self, number: int, line: str) -> None:
        self.use(number)
        for cell in _cells(line):
            if _key(cell) in SIGNATURE_ROLES:
                continue
            # The role is on the next signature line, at the same position.
            later = sorted(n for n in self.signatures if n > number)
            if later:
                names = _cells(line)
                roles = _cells(self.signatures[later[0]])
                role = _key(roles[names.index(cell)]) if len(roles) == len(names) else ""
                if "sekreterare" in role or role == "protokollförare":
                    self.result.secretary = self.result.secretary or cell

    def _detect_kind(self) -> None:
        head = " ".join(line.lower() for _, line in self.lines[:15])
        words = re.findall(r"[a-zåäö]+", head)
        if any(w in MINUTES_WORDS for w in words) or (
            not any(w in NOTICE_WORDS for w in words)
            and any(PARAGRAPH.match(line) for _, line in self.lines)
        ):
            self.result.kind = "minutes"
        self.minutes_mode = self.result.kind == "minutes"

    # --- Items
    def _expected_number(self) -> int | None:
        return self.item.number + 1 if self.item else None

    def _item_start(self, line: str) -> tuple[int, str, int | None] | None:
        """(item number, rest of the line, § number) when the line opens an item."""
        match = PARAGRAPH.match(line)
        if match:
            section = int(match[1])
            number = (self.item.number + 1) if self.item else 1
            return number, match["text"].strip(), section
        match = ARENDE.match(line)
        if match:
            return int(match[1]), match["text"].strip(), None
        match = TABLE_ROW.match(line)
        if self.agenda_table and match:
            return int(match[1]), match["text"].strip(), None
        match = NUMBERED.match(line)
        if match and match["text"]:
            n = int(match[1])
            text = match["text"].strip()
            expected = self._expected_number()
            if self.item is None:
                # The first item: a numbered line after the header's lists, not a person.
                if n > 3 or parse_person(text) or find_date(text):
                    return None
                return n, text, None
            if n != expected:
                return None
            if self.block in ("proposal", "decision", "description", "motion"):
                # A numbered point of a decision list goes on (1. 2. 3.), an item does not
                # repeat the list's next number right after it.
                last = self._block_list_last()
                if last is not None and last == n - 1:
                    return None
            return n, text, None
        return None

    def _block_list_last(self) -> int | None:
        last = None
        for _, text in self.block_lines:
            match = NUMBERED.match(text)
            if match:
                last = int(match[1])
        return last

    def _open_item(self, number: int, text: str, section: int | None, line_no: int) -> None:
        self._close_item()
        self.list_role = None
        if not self.result.items and self.result.items == []:
            self._header_finish()
        item = ParsedItem(number=number, title="", section_number=section, line=line_no)
        self.item = item
        self.block = None
        self.block_lines = []
        self.after_title = True
        self.title_open = True
        self._title_text(text, line_no)
        if not item.title:
            self.title_open = True  # "Ärende 3" / "§ 12" with the title on the next line

    def _title_text(self, text: str, line_no: int) -> None:
        assert self.item is not None
        item = self.item
        text = text.strip()
        if not text:
            return
        # A table row: cells for title, presenters, time, case number.
        cells = [c.strip() for c in re.split(r"\t+|\s{3,}", text) if c.strip()]
        if len(cells) > 1:
            rest = []
            for cell in cells:
                if self._meta_cell(cell):
                    continue
                rest.append(cell)
            if rest:
                text = rest[0]
                for cell in rest[1:]:
                    if _names_only(cell):
                        item.presenters = ", ".join(filter(None, [item.presenters, cell]))
                    else:
                        text += " " + cell
            else:
                text = ""
        number, text = find_case_number(text)
        if number:
            item.case_number = number
        text = re.sub(r"\s+([.,])", r"\1", text)
        text = self._inline_labels(text)
        trailing = trailing_time(text)
        if trailing and item.title and _names_only(trailing["rest"]):
            item.presenters = trailing["rest"].strip()
            item.planned_start = _time(trailing["h"], trailing["m"])
            self.title_open = False
            return
        item.title = f"{item.title} {text}".strip() if item.title else text
        item.title = re.sub(r"\s+", " ", item.title).strip(" .")
        self.title_adjacent = True
        last = text.split()[-1].lower() if text.split() else ""
        self.title_open = (
            last in JOINERS
            or last in {"för", "av", "i", "om", "mellan", "med", "på", "inom", "avseende"}
            or text.endswith((",", "-", "–"))
            or text.count("(") > text.count(")")
        )

    def _inline_labels(self, text: str) -> str:
        """'Kulturstipendium. Föredragande: Ulla Berg. Förslag till beslut: ...' in one
        line: the title, then the labelled parts where they belong."""
        assert self.item is not None
        item = self.item
        labels = "|".join(re.escape(k) for k in sorted(SUB_HEADINGS, key=len, reverse=True))
        parts = re.split(rf"(?:^|(?<=[.;])\s+)({labels})\s*:\s*", text, flags=re.IGNORECASE)
        if len(parts) < 3:
            return text
        for label, value in zip(parts[1::2], parts[2::2], strict=True):
            value = value.strip()
            block = SUB_HEADINGS[_key(label)]
            if block == "presenters":
                item.presenters = ", ".join(filter(None, [item.presenters, value.rstrip(".")]))
            elif block == "proposal":
                item.proposed_decision.append(value)
            elif block == "description":
                item.description = "\n\n".join(filter(None, [item.description, value]))
            elif block == "dispatch":
                item.dispatch_to.extend(
                    p.strip() for p in value.rstrip(".").split(",") if p.strip()
                )
            elif block == "documents":
                item.documents.append(value.rstrip("."))
            else:
                parts[0] = f"{parts[0]} {label}: {value}"
        return parts[0].strip()

    def _meta_cell(self, cell: str) -> bool:
        """A table cell with a time, a case number or 'Föredragande: ...'."""
        assert self.item is not None
        if re.fullmatch(TIME, cell, re.IGNORECASE):
            match = ONE_TIME.search(cell)
            assert match is not None
            self.item.planned_start = _time(match[1], match[2])
            return True
        number, rest = find_case_number(cell)
        if number and not rest:
            self.item.case_number = number
            return True
        label = re.match(r"^föredragande\s*:?\s*(.+)$", cell, re.IGNORECASE)
        if label:
            self.item.presenters = label[1].strip()
            return True
        return False

    def _close_item(self) -> None:
        if self.item is None:
            return
        self._close_block()
        item = self.item
        if not item.title:
            self.warn(f"Punkt {item.number} saknar rubrik.")
            item.title = f"Punkt {item.number}"
        item.kind = _item_kind(item.title)
        self.result.items.append(item)
        self.item = None

    # --- Item blocks
    def _close_block(self) -> None:
        if self.item is None or self.block is None:
            self.block_lines = []
            return
        item, lines = self.item, self.block_lines
        texts = [t for _, t in lines]
        if self.block == "description":
            item.description = _join_paragraphs(texts, item.description)
        elif self.block == "proposal":
            proposer, points = _points(texts, intro=re.compile(r"\bföresl[åa]", re.I))
            item.proposer = item.proposer or proposer
            item.proposed_decision.extend(points)
        elif self.block == "decision":
            intro, points = _points(texts, intro=DECIDES)
            decision = "\n".join(([intro] if intro else []) + points)
            item.decision = f"{item.decision}\n{decision}".strip()
        elif self.block == "dispatch":
            for text in texts:
                item.dispatch_to.extend(
                    p.strip()
                    for p in re.split(r";|,(?![^()]*\))", BULLET.sub("", text))
                    if p.strip()
                )
        elif self.block == "documents":
            for text in texts:
                title = BULLET.sub("", text).strip()
                if title:
                    item.documents.append(title)
        elif self.block == "dissent":
            for paragraph, numbers in _numbered_paragraphs(lines):
                who = re.split(r"\s(?:reserverar|reserverade)\b", paragraph)[0]
                named = list(PERSON_IN_TEXT.finditer(who))
                person = None if named else parse_plain_person(who.strip())
                if named:
                    for match in named:
                        item.dissents.append(
                            ParsedDissent(match["name"], match["party"], paragraph.strip())
                        )
                elif person and len(who) < 120:
                    item.dissents.append(
                        ParsedDissent(person.name, person.party_letters, paragraph.strip())
                    )
                else:
                    for n in numbers:
                        self.used.discard(n)
        elif self.block == "motion":
            item.motions.extend(_by_person(texts))
        elif self.block == "statement":
            item.statements.extend(_paragraphs(texts))
        elif self.block == "procedure":
            item.procedure = _join_paragraphs(texts, item.procedure)
        elif self.block == "presenters":
            names = ", ".join(t.strip() for t in texts if t.strip())
            item.presenters = ", ".join(filter(None, [item.presenters, names]))
        self.block = None
        self.block_lines = []

    def _open_block(self, block: str, inline: str, number: int) -> None:
        self._close_block()
        self.block = block
        self.block_lines = []
        self.title_open = False
        self.after_title = False
        if inline:
            self.block_lines.append((number, inline))

    # --- One line
    def _line(self, number: int, raw: str) -> None:
        self.raw_line = raw
        line = raw.strip()
        if not line:
            self.columns = None
            self.title_adjacent = False
            if self.item is not None:
                self.title_open = self.title_open and not self.item.title
                if self.block:
                    self.block_lines.append((number, ""))
            elif self.list_role:
                pass
            return
        if number in self.signatures and (self.item is not None or self.trailer):
            self._signature(number, line)
            return
        if self.columns is not None and self._column_line(number, raw):
            return
        self.columns = None
        if self.trailer or (self.item is not None and self._trailer_starts(line)):
            start = self._item_start(line) if self.trailer else None
            if start is None:
                if not self.trailer:
                    self._close_block()
                    self.trailer = True
                self._trailer_line(number, line)
                return
            self.trailer = False
        if TABLE_HEADER.match(line):
            self.use(number)
            if re.match(r"^\s*namn\b", line, re.IGNORECASE):
                self.list_role = "present_member" if self.minutes_mode else "member"
            else:
                self.agenda_table = True
            return
        start = self._item_start(line)
        if start is not None:
            self.use(number)
            self._open_item(start[0], start[1], start[2], number)
            return
        if self.item is None:
            self._header_line(number, line)
        else:
            self._item_line(number, line)

    def _trailer_starts(self, line: str) -> bool:
        """After the last item: the members listed, or 'Justerare: ...' in minutes."""
        if self.block == "dissent" and PERSON_IN_TEXT.search(line) and "reserver" in line:
            return False
        cell = _cells(line)[0]
        label = LABEL.match(cell)
        key = _key(label["label"]) if label else _key(cell)
        if key in SUB_HEADINGS or key not in LIST_HEADINGS:
            return False
        # A bare "Ordförande" in a § is text, not a list.
        return not (label is None and self.minutes_mode)

    def _trailer_line(self, number: int, line: str) -> None:
        cells = _cells(line)
        if len(cells) > 1 and all(
            (m := LABEL.match(c)) and _key(m["label"]) in KNOWN_LABELS for c in cells
        ):
            for cell in cells:
                self._header_line(number, cell)
            return
        self._header_line(number, line)

    def _column_line(self, number: int, raw: str) -> bool:
        """A row of a two-column list (members left, substitutes right)."""
        assert self.columns is not None
        split, left_role, right_role = self.columns
        text = raw.expandtabs(8).rstrip()
        starts = [m.end() for m in re.finditer(r"\s+", text) if 0 < m.end() < len(text)]
        near = [b for b in starts if abs(b - split) <= 4]
        if len(text) <= split - 2:
            parts = [(left_role, text)]
        elif near:
            b = min(near, key=lambda b: abs(b - split))
            parts = [(left_role, text[:b]), (right_role, text[b:])]
        elif text[: split - 2].strip() == "":
            parts = [(right_role, text)]
        else:
            return False
        found = False
        for role, part in parts:
            if not part.strip():
                continue
            self.list_role = role
            found = self._list_person(number, part.strip()) or found
        self.list_role = None
        return found

    def _item_line(self, number: int, line: str) -> None:
        assert self.item is not None
        item = self.item
        adjacent, self.title_adjacent = self.title_adjacent, False
        key = _key(line)
        # A heading alone, or "Heading: inline text".
        label = LABEL.match(line)
        heading = SUB_HEADINGS.get(key)
        inline = ""
        if heading is None and label and _key(label["label"]) in SUB_HEADINGS:
            heading = SUB_HEADINGS[_key(label["label"])]
            inline = label["value"] or ""
        if heading is None:
            decides = re.match(r"^(.{3,80}?)\s+(beslutar|beslöt|beslutade)\s*(:|att\b)?", line)
            if decides and self.minutes_mode and self.block != "decision":
                heading, inline = "decision", line
        if heading is not None:
            self.use(number)
            if heading == "presenters" and inline:
                self._close_block()
                self._presenters_inline(inline)
                return
            self._open_block(heading, inline, number)
            return
        if label:
            lab = _key(label["label"])
            value = (label["value"] or "").strip()
            if lab in ("dnr", "diarienummer", "diarienr", "ärendenummer") and value:
                item.case_number = normalise_case_number(value)
                self.use(number)
                return
            if lab in ("tid", "klockan", "kl", "planerad tid", "tidpunkt") and value:
                start, _ = find_times(value)
                if start:
                    item.planned_start = start
                    self.use(number)
                    return
            if lab in ("rubrik", "ärende", "titel") and value:
                item.title = ""
                self._title_text(value, number)
                self.use(number)
                return
        # Straight after the title: the title goes on, or presenters and time, or a time.
        if self.after_title and self.block is None:
            if re.fullmatch(TIME, line, re.IGNORECASE):
                match = ONE_TIME.search(line)
                assert match is not None
                item.planned_start = _time(match[1], match[2])
                self.use(number)
                return
            trailing = trailing_time(line)
            if trailing and item.title and _names_only(trailing["rest"]):
                item.presenters = ", ".join(
                    filter(None, [item.presenters, trailing["rest"].strip()])
                )
                item.planned_start = _time(trailing["h"], trailing["m"])
                self.title_open = False
                self.use(number)
                return
            case, rest = find_case_number(line)
            if case and not rest.strip("() "):
                item.case_number = case
                self.use(number)
                return
            goes_on = adjacent and (line[:1].islower() or line.startswith("("))
            if (
                not item.title
                or goes_on
                or (self.title_open and len(item.title) < 200 and not line.endswith("."))
            ):
                self._title_text(line, number)
                self.use(number)
                return
            if item.title and _names_only(line) and not item.presenters and len(line) < 80:
                item.presenters = line
                self.use(number)
                return
            # Free text after the title: the item's description.
            self._open_block("description", line, number)
            self.use(number)
            return
        if self.block is None:
            self._open_block("description", line, number)
            self.use(number)
            return
        self.block_lines.append((number, line))
        self.use(number)

    def _presenters_inline(self, value: str) -> None:
        assert self.item is not None
        trailing = trailing_time(value)
        if trailing and trailing["rest"].strip():
            value = trailing["rest"].strip(" ,")
            self.item.planned_start = _time(trailing["h"], trailing["m"])
        self.item.presenters = ", ".join(filter(None, [self.item.presenters, value.strip()]))

    # --- The header (before the first item)
    def _header_line(self, number: int, line: str) -> None:
        result = self.result
        if self.pending_label is not None:
            first_number, first = self.pending_label
            self.pending_label = None
            joined = f"{first} {line.strip()}"
            label = SPACE_LABEL.match(joined) or LABEL.match(joined)
            if label and _key(label["label"]) in KNOWN_LABELS:
                self.use(first_number)
                self._header_line(number, joined)
                return
        key = _key(line)
        lower = line.lower()
        words = re.findall(r"[a-zåäö]+", lower.replace("0", "o"))  # OCR: PR0T0K0LL
        columns = _cells(line)
        if (
            len(columns) == 2
            and all(_key(c) in LIST_HEADINGS for c in columns)
            and self.raw_line is not None
        ):
            raw = self.raw_line.expandtabs(8)
            split = raw.index(columns[1])
            self.columns = (split, LIST_HEADINGS[_key(columns[0])], LIST_HEADINGS[_key(columns[1])])
            self.list_role = None
            self.use(number)
            return
        if key in LIST_HEADINGS:
            self.list_role = LIST_HEADINGS[key]
            self.use(number)
            return
        if key in ("närvarande", "deltagare", "kallade", "närvarolista"):
            self.list_role = "present_member" if self.minutes_mode else "member"
            self.use(number)
            return
        label = LABEL.match(line) or TAB_LABEL.match(line)
        spaced = SPACE_LABEL.match(line)
        if (
            spaced
            and _key(spaced["label"]) in KNOWN_LABELS
            and (label is None or _key(label["label"]) not in KNOWN_LABELS)
        ):
            label = spaced
        if label:
            lab = _key(label["label"])
            value = (label["value"] or "").strip()
            if lab in LIST_HEADINGS:
                self.list_role = LIST_HEADINGS[lab]
                self.use(number)
                if value:
                    for part in _split_people(value):
                        self._list_person(number, part)
                return
            if self._header_label(lab, value, number):
                return
        if (
            label is None
            and len(key) > 3
            and key not in KNOWN_LABELS
            and any(k.startswith(key + " ") for k in KNOWN_LABELS)
        ):
            self.pending_label = (number, line.strip())  # the label goes on on the next line
            return
        if any(w in NOTICE_WORDS or w in MINUTES_WORDS for w in words) and len(words) <= 12:
            self.use(number)
            self._body_from_title(line)
            if result.date is None:
                result.date = find_date(line)
                if result.date is not None and result.start_time is None:
                    rest = ISO_DATE.sub(" ", TEXT_DATE.sub(" ", line))
                    result.start_time, result.end_time = find_times(rest)
            return
        if self.list_role and self._list_person(number, line):
            return
        if result.date is None and find_date(line) and len(words) <= 8:
            result.date = find_date(line)
            start, end = find_times(line.replace(str(result.date), ""))
            result.start_time = result.start_time or start
            result.end_time = result.end_time or end
            self.use(number)
            return
        if result.start_time is None and re.match(r"^\s*(kl\.?|klockan)\s*\d", line, re.I):
            result.start_time, result.end_time = find_times(line)
            self.use(number)
            return
        self.header_plain.append((number, line))

    def _header_label(self, lab: str, value: str, number: int) -> bool:
        result = self.result
        if lab in TIME_LABELS:
            start, end = find_times(value)
            result.start_time = result.start_time or start
            result.end_time = result.end_time or end
            day = find_date(value)
            result.date = result.date or day
            if "plats" in lab:
                place = value
                for pattern in (TIME_SPAN, ONE_TIME, ISO_DATE, TEXT_DATE):
                    place = pattern.sub("", place)
                place = re.sub(
                    r"\b(måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(en)?\b|\bden\b",
                    "",
                    place,
                    flags=re.I,
                )
                place = re.sub(r"^[\s,.–-]+|[\s,.–-]+$", "", re.sub(r"\s{2,}", " ", place))
                result.place = result.place or place
            self.use(number)
            return True
        if lab in ("plats", "lokal", "mötesplats", "var"):
            result.place = value
            self.use(number)
            return True
        if lab in ("organ", "nämnd", "styrelse", "grupp", "mötesgrupp", "forum"):
            self._body_name(value)
            self.use(number)
            return True
        if lab in (
            "justeringens plats och tid",
            "justering",
            "justeringens tid och plats",
            "justeras",
            "plats och tid för justering",
        ):
            result.attestation_date = find_date(value)
            place = ISO_DATE.sub("", TEXT_DATE.sub("", value))
            result.attestation_place = place.strip(" ,.–-")
            self.use(number)
            return True
        if lab in (
            "paragrafer",
            "§§",
            "paragraf",
            "anslag",
            "anslaget",
            "protokollet förvaras",
            "underskrifter",
            "sekreterare",
            "ordförande",
            "utses att justera",
        ):
            self.use(number)
            if lab == "sekreterare" and value:
                result.secretary = value
            return True
        return False

    def _body_from_title(self, line: str) -> None:
        """'Kallelse till sammanträde med Socialnämnden', 'Protokoll Barnarenan'."""
        match = re.search(
            r"(?:sammanträde|möte)\s+(?:med|i|för)\s+(.+?)(?:\s+\d|\s*$)|"
            r"(?:protokoll|kallelse|dagordning|föredragningslista)\s+(?:från|för|till)?\s*(.+?)(?:\s+\d|\s*$)",
            line,
            re.IGNORECASE,
        )
        if match:
            name = (match[1] or match[2] or "").strip(" ,.–-:")
            name = re.sub(r"^(?:sammanträde|möte)\s+(?:med|i|för)\s+", "", name, flags=re.I)
            if name and BODY_WORDS.search(name) and not find_date(name):
                self._body_name(name)

    def _body_name(self, value: str) -> None:
        value = re.sub(r"\s+", " ", value).strip(" ,.")
        short = re.search(r"\(([A-ZÅÄÖ][A-Za-zÅÄÖåäö0-9 -]{1,20})\)\s*$", value)
        if short:
            self.result.body_short_name = short[1].strip()
            value = value[: short.start()].strip(" –-")
        else:
            dash = re.match(r"^(.+?)\s+[–-]\s+([A-ZÅÄÖ]{2,10})$", value)
            if dash:
                value, self.result.body_short_name = dash[1], dash[2]
        if not self.result.body_name:
            self.result.body_name = value

    def _list_person(self, number: int, line: str) -> bool:
        role = self.list_role
        result = self.result
        if role in ("other", "secretary", "attesters"):
            person = parse_plain_person(line)
        else:
            person = parse_person(line)
            if person is None and role in ("chair", "vice_chair", "absent"):
                person = parse_plain_person(line)
        if person is None:
            return False
        person.line = number
        self.use(number)
        note = person.note.lower()
        if role in ("member", "present_member") and re.search(r"\bersättare\b", note):
            role = (
                "serving_substitute"
                if (person.replaces or "tjänstgör" in note)
                else ("present_substitute" if role == "present_member" else "substitute")
            )
        if role == "member" or role == "present_member":
            target = result.present_members if role == "present_member" else result.members
            if "vice ordförande" in note or "vice ordf" in note:
                result.vice_chair = person
                target.append(person)
            elif re.search(r"\bordförande\b|\bordf\b", note):
                result.chair = person
                if role == "present_member":
                    target.append(person)
            else:
                target.append(person)
        elif role == "chair":
            if result.chair is None:
                result.chair = person
                if self.minutes_mode:
                    result.present_members.append(person)
            elif result.vice_chair is None and "vice" in note:
                result.vice_chair = person
        elif role == "vice_chair":
            result.vice_chair = person
            if self.minutes_mode:
                result.present_members.append(person)
            else:
                result.members.append(person)
        elif role == "substitute":
            if "tjänstgör" in note or person.replaces:
                result.serving_substitutes.append(person)
            else:
                result.substitutes.append(person)
        elif role == "serving_substitute":
            result.serving_substitutes.append(person)
        elif role == "present_substitute":
            result.substitutes.append(person)
            person.note = person.note or "ersättare"
            result.others_present.append(person)
        elif role == "other":
            if "sekreterare" in note and not result.secretary:
                result.secretary = person.name
            result.others_present.append(person)
        elif role == "secretary":
            result.secretary = result.secretary or person.name
            person.note = person.note or "sekreterare"
            result.others_present.append(person)
        elif role == "absent":
            result.absent.append(person)
        elif role == "attesters":
            result.attesters.append(person)
        return True

    def _header_finish(self) -> None:
        """The plain header lines: the date in a sentence ('kallas till sammanträde
        måndagen den 3:e mars 2025 klockan 18.00 i Biblioteket'), and the body's name is
        the first of them that reads like one; the rest are not understood."""
        result = self.result
        for number, line in self.header_plain:
            if result.date is not None:
                break
            day = find_date(line)
            if day is None:
                continue
            result.date = day
            rest = ISO_DATE.sub(" ", TEXT_DATE.sub(" ", line))
            start, end = find_times(rest)
            result.start_time = result.start_time or start
            result.end_time = result.end_time or end
            time_match = TIME_SPAN.search(rest) or ONE_TIME.search(rest)
            after = rest[time_match.end() :] if time_match else rest
            place = re.match(r"^\s*,?\s*(?:i|på)\s+(?P<place>[A-ZÅÄÖ].*?)[\s.]*$", after)
            if place and not result.place:
                result.place = place["place"]
            self.use(number)
        for number, line in self.header_plain:
            if not self.result.body_name and number not in self.used:
                self._body_from_title(line)
                if self.result.body_name:
                    self.use(number)
            if (
                not self.result.body_name
                and len(line) <= 120
                and (BODY_WORDS.search(line) or len(self.used) <= 3)
                and not find_date(line)
            ):
                self._body_name(line)
                self.use(number)
        self.header_plain = []

    def _finish(self) -> None:
        result = self.result
        if self.minutes_mode:
            # In minutes the seats are known from the attendance.
            seated = {p.name for p in result.members}
            for p in [*result.present_members, *result.absent]:
                if p.name not in seated and (result.chair is None or p.name != result.chair.name):
                    result.members.append(p)
                    seated.add(p.name)
            for p in result.serving_substitutes:
                if p.name not in {s.name for s in result.substitutes}:
                    result.substitutes.append(p)
            result.others_present = [
                p
                for p in result.others_present
                if p.name not in {s.name for s in result.substitutes}
            ] + [p for p in result.others_present if p.name in {s.name for s in result.substitutes}]
        numbers = [i.number for i in result.items]
        for a, b in itertools.pairwise(numbers):
            if b != a + 1:
                result.warnings.append(f"Numreringen hoppar från punkt {a} till {b}.")
        for i in result.items:
            if result.kind == "minutes" and i.section_number is None:
                result.warnings.append(f"Punkt {i.number} har inget paragrafnummer (§).")
            if i.case_number and not SERIES_CASE.fullmatch(i.case_number):
                result.warnings.append(
                    f"Diarienumret {i.case_number} (punkt {i.number}) anger ingen diarieserie."
                )
        if result.start_time is None:
            result.warnings.append("Sammanträdets starttid hittades inte.")
        if not result.place:
            result.warnings.append("Sammanträdets plats hittades inte.")
        all_people = {
            p.name: p.party_letters
            for p in [
                *result.members,
                *result.substitutes,
                *([result.chair] if result.chair else []),
            ]
        }
        for p in result.attesters:
            if not p.party_letters and all_people.get(p.name):
                p.party_letters = all_people[p.name]
        if self.pending_label is not None:
            self.pending_label = None
        result.unparsed = [
            (n, line.strip()) for n, line in self.lines if line.strip() and n not in self.used
        ]
        result.read = set(self.used)


def _paragraphs(texts: list[str]) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for text in texts:
        if not text.strip():
            if current:
                out.append(" ".join(current))
                current = []
            continue
        current.append(text.strip())
    if current:
        out.append(" ".join(current))
    return [re.sub(r"\s+", " ", p).strip() for p in out if p.strip()]


def _by_person(texts: list[str]) -> list[str]:
    """Motions and statements: a new one starts with each person named first."""
    out: list[str] = []
    for text in texts:
        if not text.strip():
            continue
        if PERSON_PAREN.match(text.strip()) or not out:
            out.append(text.strip())
        else:
            out[-1] = f"{out[-1]} {text.strip()}"
    return out


def _join_paragraphs(texts: list[str], before: str = "") -> str:
    joined = "\n\n".join(_paragraphs(texts))
    return f"{before}\n\n{joined}".strip() if before else joined


def _points(texts: list[str], *, intro: re.Pattern[str]) -> tuple[str, list[str]]:
    """A decision list: an introducing line ("X föreslår Y"), then numbered points that
    may wrap (over blank lines too); without numbers, each paragraph is a point."""
    lines = [t for t in texts]
    first = next((t.strip() for t in lines if t.strip()), "")
    lead = ""
    numbered_follow = any(NUMBERED.match(t) or BULLET.match(t) for t in lines[1:])
    if (
        first
        and numbered_follow
        and intro.search(first)
        and not NUMBERED.match(first)
        and len(first) < 200
    ):
        lead = first.rstrip(":")
        lines = lines[lines.index(next(t for t in lines if t.strip())) + 1 :]
    numbered = [t for t in lines if NUMBERED.match(t) or BULLET.match(t)]
    points: list[str] = []
    if numbered:
        for t in lines:
            if not t.strip():
                continue
            match = NUMBERED.match(t)
            if match and match["text"]:
                points.append(match["text"].strip())
            elif BULLET.match(t):
                points.append(BULLET.sub("", t).strip())
            elif points:
                points[-1] = f"{points[-1]} {t.strip()}"
            else:
                points.append(t.strip())
    else:
        points = _paragraphs(lines)
    return lead, [re.sub(r"\s+", " ", p).strip() for p in points if p.strip()]


def _split_people(value: str) -> list[str]:
    """'Anna Berg (S), ordf, Per Ek (M)' → two people, each with what follows their party
    letters; a comma inside a role stays."""
    found = list(PERSON_IN_TEXT.finditer(value))
    if found and not value[: found[0].start()].strip(" ,;"):
        bounds = [m.start() for m in found] + [len(value)]
        return [value[a:b].strip(" ,;") for a, b in itertools.pairwise(bounds)]
    parts = re.split(r"(?<=\))\s*[,;]\s*", value)
    return [p for p in parts if p.strip()]


def _numbered_paragraphs(lines: list[tuple[int, str]]) -> list[tuple[str, list[int]]]:
    """Paragraphs (blank-line separated) with the line numbers they came from."""
    out: list[tuple[str, list[int]]] = []
    texts: list[str] = []
    numbers: list[int] = []
    for number, text in [*lines, (0, "")]:
        if text.strip():
            texts.append(text.strip())
            numbers.append(number)
        elif texts:
            out.append((re.sub(r"\s+", " ", " ".join(texts)), numbers))
            texts, numbers = [], []
    return out


def parse_text(text: str) -> ParsedMeeting:
    """Parse a notice or minutes; ParseError (in Swedish) when it is neither."""
    if not text or not text.strip():
        raise ParseError("Filen är tom.")
    too_long: list[tuple[int, str]] = []
    joined: dict[int, list[int]] = {}
    lines, ignored = clean_lines(text, too_long, joined)
    result = _Parser(lines, ignored, joined).run()
    if too_long:
        result.unparsed = sorted([*result.unparsed, *too_long])
        result.warnings.append(
            f"{len(too_long)} rader var längre än {MAX_LINE} tecken och lästes inte."
        )
    people = len(result.members) + len(result.substitutes) + (1 if result.chair else 0)
    if result.date is None and not result.items:
        raise ParseError(
            "Texten ser inte ut som en kallelse eller ett protokoll: inget sammanträdesdatum "
            "och inga numrerade punkter hittades."
        )
    if not result.items and people == 0:
        raise ParseError(
            "Texten ser inte ut som en kallelse eller ett protokoll: inga punkter och inga "
            "ledamöter hittades."
        )
    if result.date is None:
        raise ParseError("Sammanträdets datum hittades inte i texten.")
    if people > MAX_PEOPLE or len(result.items) > MAX_ITEMS:
        raise ParseError(
            f"Filen räknar upp {people} personer och {len(result.items)} punkter; en kallelse "
            f"eller ett protokoll har högst {MAX_PEOPLE} personer och {MAX_ITEMS} punkter. "
            "Dela upp filen eller läs in personerna med CSV-importen."
        )
    if not result.body_name:
        raise ParseError("Organets namn hittades inte i texten.")
    return result
