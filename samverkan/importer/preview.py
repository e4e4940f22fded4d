"""What the parser understood, as tables: one shape for the command line (rich) and the
preview page (templates), so both show the same."""

from __future__ import annotations

from dataclasses import dataclass

from .parse import ParsedMeeting

ROLE_LABELS = {
    "chair": "Ordförande",
    "vice_chair": "Vice ordförande",
    "member": "Ledamot",
    "substitute": "Ersättare",
}
KIND_LABELS = {
    "attesters": "Val av justerare",
    "approve_agenda": "Fastställande av föredragningslistan",
    "regular": "Ärende",
    "other_business": "Övriga frågor",
}


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


def _time(value: object) -> str:
    return value.strftime("%H:%M") if value else ""  # type: ignore[attr-defined]


def facts(parsed: ParsedMeeting) -> list[tuple[str, str]]:
    rows = [
        ("Typ av handling", parsed.kind_label),
        ("Organ", parsed.body_name),
        ("Kortnamn", parsed.body_short_name or "–"),
        ("Datum", parsed.date.isoformat() if parsed.date else "–"),
        ("Tid", "–".join(filter(None, [_time(parsed.start_time), _time(parsed.end_time)])) or "–"),
        ("Plats", parsed.place or "–"),
    ]
    if parsed.kind == "minutes":
        rows.append(("Justerare", ", ".join(p.name for p in parsed.attesters) or "–"))
        if parsed.attestation_date or parsed.attestation_place:
            rows.append(
                (
                    "Justering",
                    " ".join(
                        filter(
                            None,
                            [
                                parsed.attestation_place,
                                parsed.attestation_date.isoformat()
                                if parsed.attestation_date
                                else "",
                            ],
                        )
                    ),
                )
            )
    return rows


def tables(parsed: ParsedMeeting) -> list[Table]:
    out = [
        Table(
            "Ledamöter och ersättare",
            ["Namn", "Parti", "Roll", "Rad"],
            [
                [p.name, p.party_letters, ROLE_LABELS[role], str(p.line or "")]
                for role, p in parsed.seated
            ],
        )
    ]
    if parsed.kind == "minutes":
        rows = [[p.name, p.party_letters, "Närvarande ledamot", ""] for p in parsed.present_members]
        rows += [
            [p.name, p.party_letters, "Tjänstgörande ersättare", f"ersätter {p.replaces}"]
            for p in parsed.serving_substitutes
        ]
        rows += [
            [p.name, p.party_letters, "Övrig närvarande", p.note] for p in parsed.others_present
        ]
        rows += [[p.name, p.party_letters, "Frånvarande", ""] for p in parsed.absent]
        out.append(Table("Närvaro", ["Namn", "Parti", "Som", "Anteckning"], rows))
    out.append(
        Table(
            "Punkter",
            ["Nr", "§", "Rubrik", "Typ", "Föredragande", "Tid", "Diarienummer"],
            [
                [
                    str(i.number),
                    str(i.section_number or ""),
                    i.title,
                    KIND_LABELS.get(i.kind, i.kind),
                    i.presenters,
                    _time(i.planned_start),
                    i.case_number,
                ]
                for i in parsed.items
            ],
        )
    )
    details = []
    for i in parsed.items:
        for label, value in (
            ("Ärendebeskrivning", i.description),
            ("Förslagsställare", i.proposer),
            ("Förslag till beslut", "\n".join(i.proposed_decision)),
            ("Expedieras till", "\n".join(i.dispatch_to)),
            ("Beslutsunderlag", "\n".join(i.documents)),
            ("Yrkanden", "\n".join(i.motions)),
            ("Propositionsordning", i.procedure),
            ("Beslut", i.decision),
            ("Reservationer", "\n".join(d.text or d.name for d in i.dissents)),
        ):
            if value:
                details.append([str(i.number), label, value])
    if details:
        out.append(Table("Innehåll per punkt", ["Nr", "Vad", "Text"], details))
    return out


def not_understood(parsed: ParsedMeeting) -> Table:
    return Table(
        "Rader som inte förstods", ["Rad", "Text"], [[str(n), t] for n, t in parsed.unparsed]
    )


def set_aside(parsed: ParsedMeeting) -> Table:
    return Table(
        "Rader som lades åt sidan (sidhuvuden, sidnummer, skräptecken)",
        ["Rad", "Text"],
        [[str(n), t] for n, t in sorted(parsed.ignored)],
    )


def persons_table(matches: list[tuple[str, str]]) -> Table:
    """Which names are existing persons of the collaboration and which are created."""
    return Table(
        "Personer",
        ["Namn", "I registret"],
        [
            [name, f"finns redan: {person}" if person else "skapas som ny person"]
            for name, person in matches
        ],
    )
