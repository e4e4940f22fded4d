"""What goes into one archive package, as plain data: the aggregations and records of
the ERMS description and the files they refer to. Selectors fill it from the database;
the writers (erms.py, sip.py) turn it into XML and folders. Nothing here reads the
database or the clock, so the same data always gives the same package."""

import datetime
import uuid
from dataclasses import dataclass, field

# The namespace of the package identifiers: uuid5 of a package key (e.g. "case:RS/418/2025")
# under this namespace is the same on every run and every machine.
PACKAGE_NAMESPACE = uuid.UUID("0b7b6d59-5c55-4a8e-9a40-3f4f2a0f7e11")


def stable_uuid(key: str) -> str:
    return str(uuid.uuid5(PACKAGE_NAMESPACE, key))


@dataclass(frozen=True)
class Disposal:
    """A record's disposal rule (from the retention app's information management plan)."""

    rule_code: str
    rule_name: str
    action: str  # "keep" or "dispose"
    years: int | None
    disposal_on: datetime.date | None
    period_start: datetime.date | None  # the case's closing; None while it is open


@dataclass(frozen=True)
class Restriction:
    """Confidentiality (sekretess) under OSL: the ground is the legal provision."""

    ground: str
    explanation: str


@dataclass(frozen=True)
class Agent:
    agent_type: str  # ERMS agentType: sender, receiver, responsible_person, creator, ...
    name: str
    role: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class PackageFile:
    """A file of the package: `path` below representations/rep1/data/."""

    path: str
    content: bytes
    mimetype: str
    original_name: str
    created: datetime.datetime | None = None


@dataclass
class Record:
    system_id: str
    record_type: str
    title: str
    identifications: list[tuple[str, str]] = field(default_factory=list)
    extra_ids: list[tuple[str, str]] = field(default_factory=list)
    running_number: int | None = None
    direction: str = ""  # ERMS directionDefinition, "" for none
    agents: list[Agent] = field(default_factory=list)
    description: str = ""
    dates: list[tuple[str, datetime.datetime]] = field(default_factory=list)
    restrictions: list[Restriction] = field(default_factory=list)
    disposal: Disposal | None = None
    disposal_note: str = ""  # a note when there is no rule or the file was disposed
    notes: list[tuple[str, str]] = field(default_factory=list)  # (noteType, text)
    relations: list[tuple[str, str]] = field(default_factory=list)  # (relationType, target)
    files: list[PackageFile] = field(default_factory=list)


@dataclass
class Aggregation:
    system_id: str
    aggregation_type: str  # caseFile, file, subfile
    title: str
    identifications: list[tuple[str, str]] = field(default_factory=list)
    classification: tuple[str, str] | None = None  # (code, text)
    level_name: str = ""
    status: str = ""  # ERMS status value
    agents: list[Agent] = field(default_factory=list)
    description: str = ""
    dates: list[tuple[str, datetime.datetime]] = field(default_factory=list)
    restrictions: list[Restriction] = field(default_factory=list)
    actions: list[tuple[str, str, datetime.datetime | None]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    aggregations: list["Aggregation"] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)


@dataclass
class Package:
    key: str  # "case:RS/418/2025" or "body-year:rsr:2025"
    name: str  # the folder name, safe on every file system
    label: str  # a human title
    kind: str  # "case" or "body_year"
    created: datetime.datetime  # the export event's time (from the data, or --created)
    agency: str  # the organisation the records come from
    aggregation: Aggregation

    @property
    def object_id(self) -> str:
        return stable_uuid(self.key)

    def files(self) -> list[PackageFile]:
        out: list[PackageFile] = []

        def walk(agg: Aggregation) -> None:
            for r in agg.records:
                out.extend(r.files)
            for a in agg.aggregations:
                walk(a)

        walk(self.aggregation)
        return sorted(out, key=lambda f: f.path)
