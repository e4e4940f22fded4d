"""Disposal in the fictional collaboration: an information management plan (demo rules),
its documents classified, the first year's cases closed a fortnight after their last
registry entry, and an archivist's account. A disposal run on the demo then lists the
received documents of temporary value in cases closed over a year ago; nothing is
disposed of until the archivist confirms. Everything goes through the services."""

import datetime

from samverkan.accounts.models import Role, User
from samverkan.cases import services as cases
from samverkan.cases.models import Case, RegistryEntry
from samverkan.retention import services
from samverkan.retention.models import DocumentClassification, RetentionRule
from samverkan.structure.models import Collaboration, Person

from .names import NameSource, seeded
from .world import Names, _account, _person

DEMO_NOTE = "Påhittad regel i exempeldatan."
PLAN = (
    ("1.1", "Protokoll med bilagor", "keep", None, "Bevaras (RA-FS 1991:6)"),
    ("1.2", "Kallelser och föredragningslistor", "keep", None, ""),
    ("2.1", "Beslutsunderlag och skrivelser i ärenden", "keep", None, ""),
    (
        "2.2",
        "Inkomna handlingar av tillfällig eller ringa betydelse",
        "dispose",
        1,
        "Gallringsbeslut i exempeldatan",
    ),
    (
        "2.3",
        "Handlingar med personuppgifter i ärenden",
        "dispose",
        2,
        "Gallringsbeslut i exempeldatan",
    ),
)
ARCHIVIST = "arkivarie"


def _rule_for(entry: RegistryEntry, rules: dict[str, RetentionRule]) -> RetentionRule:
    if entry.confidentiality_ground:
        return rules["2.3"]
    if entry.direction == RegistryEntry.Direction.RECEIVED:
        return rules["2.2"]
    return rules["2.1"]


def generated_disposal_ensure(
    names: Names, as_of: datetime.date, first_year: int, password: str, seed: int
) -> int:
    """The plan, classification and closed cases (idempotent); returns the number of
    documents classified now."""
    collaboration = Collaboration.objects.get(slug=names.slug)
    rules = {r.code: r for r in RetentionRule.objects.filter(collaboration=collaboration)}
    for code, name, action, years, basis in PLAN:
        if code not in rules:
            rules[code] = services.retention_rule_create(
                collaboration=collaboration,
                code=code,
                name=name,
                action=action,
                years=years,
                legal_basis=basis,
                note=DEMO_NOTE,
                is_demo=True,
            )
    first_year_cases = Case.objects.filter(
        series__collaboration=collaboration, year=first_year, closed_on__isnull=True
    ).prefetch_related("entries")
    for case in first_year_cases:
        last = max((e.date for e in case.entries.all()), default=None)
        if last is None:
            continue
        closed = last + datetime.timedelta(days=14)
        if closed <= as_of - datetime.timedelta(days=30):
            cases.case_update(
                case,
                title=case.title,
                description=case.description,
                case_type=case.case_type,
                case_officer=case.case_officer,
                closed_on=closed,
                today=as_of,
            )
    made = 0
    classified = set(
        DocumentClassification.objects.filter(rule__collaboration=collaboration).values_list(
            "document_id", flat=True
        )
    )
    entries = RegistryEntry.objects.filter(
        case__series__collaboration=collaboration, document__isnull=False
    ).order_by("pk")
    for entry in entries.select_related("document"):
        document = entry.document
        if document is None or document.pk in classified:
            continue
        services.document_classify(document, _rule_for(entry, rules))
        classified.add(document.pk)
        made += 1
    if not User.objects.filter(username=f"{names.key}-{ARCHIVIST}").exists():
        taken = set(Person.objects.values_list("name", flat=True))
        source = NameSource(seeded(seed, names.key, ARCHIVIST), excluded=taken)
        person = _person(names, source, party=None, title="Arkivarie, regionarkivet")
        _account(person, f"{names.key}-{ARCHIVIST}", password, [Role.ARCHIVIST])
    return made
