"""The package's descriptive metadata as CITS ERMS v3 (E-ARK, the basis of FGS
Ärendehantering 2.0): the case file or the body-year as aggregations, the registry
entries, decisions, agenda items and minutes as records, with confidentiality as
restrictions (the OSL ground as regulation) and the disposal rule per record.

Element order follows ERMS_v3.xsd (samverkan/archive/data/); the writer emits elements
in the schema's sequence and leaves out what the data does not have."""

import datetime

from lxml import etree

from .package import Agent, Aggregation, Disposal, Package, Record, Restriction

NS = "https://DILCIS.eu/XML/ERMS"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SOFTWARE = "Samverkan"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    e = etree.SubElement(parent, _q(tag), {k: v for k, v in attrs.items() if v != ""})
    if text is not None:
        e.text = text
    return e


def iso(at: datetime.datetime) -> str:
    """xs:dateTime in UTC with a Z (no microseconds: stable text)."""
    return at.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dates(parent: etree._Element, dates: list[tuple[str, datetime.datetime]]) -> None:
    if not dates:
        return
    box = _el(parent, "dates")
    for kind, at in dates:
        _el(box, "date", iso(at), dateType=kind)


def _agent(parent: etree._Element, agent: Agent, tag: str = "agent") -> None:
    known = agent.agent_type != "other"
    e = _el(
        parent,
        tag,
        agentType=agent.agent_type,
        otherAgentType="" if known else (agent.role or "annan"),
    )
    _el(e, "name", agent.name)
    if agent.organisation:
        _el(e, "organisation", agent.organisation)
    if agent.role:
        _el(e, "role", agent.role)


def _agents(parent: etree._Element, agents: list[Agent]) -> None:
    if agents:
        box = _el(parent, "agents")
        for a in agents:
            _agent(box, a)


def _restrictions(parent: etree._Element, restrictions: list[Restriction]) -> None:
    for r in restrictions:
        e = _el(parent, "restriction", restrictionType="confidential")
        _el(e, "explanatoryText", r.explanation)
        _el(e, "regulation", r.ground)


def _disposal(parent: etree._Element, d: Disposal, fallback: datetime.datetime | None) -> None:
    keep = d.action == "keep"
    e = _el(parent, "disposal", disposable="false" if keep else "true")
    _el(e, "disposalScheduleId", d.rule_code)
    _el(e, "disposalAction", "bevaras" if keep else "gallras")
    if not keep and d.years is not None:
        _el(e, "disposalPeriod", f"{d.years} år efter att ärendet avslutats")
    _el(e, "disposalDescription", d.rule_name)
    if d.period_start is None and not keep:
        box = _el(e, "disposalComments")
        _el(box, "disposalComment", "Ärendet är inte avslutat; fristen börjar när det avslutas.")
    dates = _el(e, "dates")
    start = d.period_start
    if start is not None:
        _el(
            dates,
            "disposalDate",
            iso(datetime.datetime(start.year, start.month, start.day, tzinfo=datetime.UTC)),
            dateType="retention_period_start",
        )
    if d.disposal_on is not None:
        on = d.disposal_on
        _el(
            dates,
            "disposalDate",
            iso(datetime.datetime(on.year, on.month, on.day, tzinfo=datetime.UTC)),
            dateType="disposal_date",
        )
    if start is None and d.disposal_on is None:
        # The schema wants a date: the record's own date, named for what it is.
        _el(
            dates,
            "disposalDate",
            iso(fallback or datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)),
            dateType="other_date",
            otherDisposalDateType="handlingens datum",
        )


def _notes(parent: etree._Element, notes: list[tuple[str, str]]) -> None:
    if notes:
        box = _el(parent, "notes")
        for kind, text in notes:
            _el(box, "note", text, noteType=kind)


def _appendices(parent: etree._Element, record: Record) -> None:
    if not record.files:
        return
    box = _el(parent, "additionalInformation")
    for f in record.files:
        _el(
            box,
            "appendix",
            name=f.original_name,
            description=record.title,
            fileFormat=f.mimetype,
            path=f"representations/rep1/data/{f.path}",
        )


def _record(parent: etree._Element, r: Record) -> None:
    e = _el(parent, "record", systemIdentifier=r.system_id, recordType=r.record_type)
    e.set("recordPhysicalOrDigital", "digital" if r.files else "does_not_apply")
    _el(e, "objectId", r.system_id)
    for kind, value in r.extra_ids:
        _el(e, "extraId", value, extraIdType=kind)
    for kind, value in r.identifications:
        _el(e, "identification", value, identificationType=kind)
    _el(e, "title", r.title)
    if r.running_number is not None:
        _el(e, "runningNumber", str(r.running_number))
    for kind, target in r.relations:
        _el(e, "relation", target, relationType=kind)
    _restrictions(e, r.restrictions)
    if r.disposal is not None:
        _disposal(e, r.disposal, r.dates[0][1] if r.dates else None)
    if r.direction:
        _el(e, "direction", directionDefinition=r.direction)
    _agents(e, r.agents)
    if r.description:
        _el(e, "description", r.description)
    _dates(e, r.dates)
    notes = list(r.notes)
    if r.disposal_note:
        notes.append(("gallring", r.disposal_note))
    _notes(e, notes)
    _appendices(e, r)


def _aggregation(parent: etree._Element, a: Aggregation) -> None:
    e = _el(parent, "aggregation", systemIdentifier=a.system_id, aggregationType=a.aggregation_type)
    _el(e, "objectId", a.system_id)
    for kind, value in a.identifications:
        _el(e, "identification", value, identificationType=kind)
    if a.classification is not None:
        code, text = a.classification
        _el(e, "classification", text, classificationCode=code)
    if a.level_name:
        _el(e, "levelName", a.level_name)
    _el(e, "title", a.title)
    if a.status:
        _el(e, "status", value=a.status)
    _restrictions(e, a.restrictions)
    _agents(e, a.agents)
    if a.description:
        _el(e, "description", a.description)
    _dates(e, a.dates)
    for text, kind, at in a.actions:
        act = _el(e, "action")
        _el(act, "actionText", text)
        _el(act, "actionType", kind)
        if at is not None:
            box = _el(act, "dates")
            _el(box, "actionDate", iso(at), dateType="decision" if kind == "Beslut" else "created")
    _notes(e, a.notes)
    for sub in a.aggregations:
        _aggregation(e, sub)
    for r in a.records:
        _record(e, r)


def erms_document(package: Package) -> etree._Element:
    root = etree.Element(_q("erms"), nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} ../../schemas/ERMS_v3.xsd")
    control = _el(root, "control")
    _el(control, "identification", package.object_id, identificationType="uuid")
    _el(control, "identification", package.key, identificationType="samverkan")
    _dates(control, [("created", package.created)])
    maintenance = _el(control, "maintenanceInformation")
    _el(maintenance, "maintenanceStatus", value="new")
    agency = _el(maintenance, "maintenanceAgency")
    _el(agency, "agencyName", package.agency)
    history = _el(maintenance, "maintenanceHistory")
    event = _el(history, "maintenanceEvent")
    _el(event, "eventType", value="created")
    _el(event, "eventDateTime", iso(package.created))
    _agent(event, Agent(agent_type="creator", name=SOFTWARE, role="e-arkivexport"))
    aggregations = _el(root, "aggregations")
    _aggregation(aggregations, package.aggregation)
    return root


def erms_bytes(package: Package) -> bytes:
    return serialize(erms_document(package))


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
