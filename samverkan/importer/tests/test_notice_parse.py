"""The parser reads notices and minutes in the common Swedish layouts: the seed notice
exactly as the demo's hand-made data has it, and our own documents in other layouts."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.importer.parse import ParseError, parse_bytes, parse_text

DATA = Path(__file__).parent / "data"
SEED = Path(settings.BASE_DIR) / "samverkan" / "testdata" / "seeds" / "kallelse-rsr-2025-05-05.txt"


def _demo_meeting() -> dict:
    data = json.loads(Path(settings.SAMVERKAN_DEMO_MEETINGS).read_text(encoding="utf-8"))
    return next(m for m in data["meetings"] if m["body"] == "rsr" and m["date"] == "2025-05-05")


def _demo_seats() -> set[tuple[str, str, str]]:
    data = json.loads(Path(settings.SAMVERKAN_DEMO_DATA).read_text(encoding="utf-8"))
    return {
        (m["person"], m["role"], m["party_letters"])
        for m in data["memberships"]
        if m["body"] == "rsr" and m["role"] in ("chair", "vice_chair", "member", "substitute")
    }


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def test_seed_notice_is_understood_as_the_demo_has_it() -> None:
    parsed = parse_bytes(SEED.read_bytes())
    demo = _demo_meeting()
    assert parsed.kind == "notice"
    assert parsed.body_name == "Regionens samverkansråd"
    assert parsed.date == datetime.date(2025, 5, 5)
    assert parsed.start_time == _time(demo["start_time"])
    assert parsed.end_time == _time(demo["end_time"])
    assert parsed.place == demo["place"]
    assert {(p.name, role, p.party_letters) for role, p in parsed.seated} == _demo_seats()
    assert len(parsed.items) == len(demo["items"])
    for got, want in zip(parsed.items, demo["items"], strict=True):
        assert got.title == want["title"]
        assert got.kind == want.get("kind", "regular")
        assert got.presenters == want.get("presenters", "")
        assert got.planned_start == _time(want.get("planned_start"))
        assert got.case_number == want.get("case_number", "")
        assert got.description == want.get("description", "")
        assert got.proposer == want.get("proposer", "")
        assert "\n".join(got.proposed_decision) == want.get("proposed_decision", "")
        assert "\n".join(got.dispatch_to) == want.get("dispatch_to", "")
        assert got.documents == want.get("documents", [])
    assert parsed.unparsed == []
    assert parsed.warnings == []


def test_dagordning_with_arende_labels_dnr_and_foredragande() -> None:
    parsed = parse_bytes((DATA / "dagordning-socialnamnden.txt").read_bytes())
    assert (parsed.body_name, parsed.body_short_name) == ("Socialnämnden", "SN")
    assert parsed.date == datetime.date(2025, 3, 12)
    assert (parsed.start_time, parsed.end_time) == (datetime.time(9), datetime.time(11, 30))
    assert parsed.chair and parsed.chair.name == "Eva Lind" and parsed.chair.party_letters == "C"
    assert parsed.vice_chair and parsed.vice_chair.name == "Olle Berg"
    assert [p.party_letters for p in parsed.substitutes] == ["S", "KD", "L", "MP"]
    assert [i.title for i in parsed.items] == [
        "Val av justerare",
        "Godkännande av dagordningen",
        "Budgetuppföljning februari 2025",
        "Riktlinjer för hemtjänst",
        "Övriga frågor",
    ]
    budget = parsed.items[2]
    assert budget.case_number == "2025/123"
    assert budget.presenters == "Anna Svensson, ekonomichef"
    assert budget.planned_start == datetime.time(9, 15)
    assert budget.dispatch_to == ["Kommunstyrelsen", "Ekonomiavdelningen"]
    assert budget.documents == [
        "Tjänsteskrivelse budgetuppföljning februari",
        "Bilaga, prognos per verksamhet",
    ]
    assert parsed.items[3].proposed_decision == [
        "Socialnämnden antar riktlinjerna för hemtjänst.",
        "Riktlinjerna gäller från och med den 1 maj 2025.",
    ]
    assert parsed.unparsed == []
    # A case number without its series is told, not guessed.
    assert any("2025/123" in w for w in parsed.warnings)


def test_minutes_with_paragraphs_decisions_reservations_and_attendance() -> None:
    parsed = parse_bytes((DATA / "protokoll-barnarenan.txt").read_bytes())
    assert parsed.kind == "minutes"
    assert parsed.body_name == "Barnarenan"
    assert parsed.chair and parsed.chair.name == "Maria Åkesson"
    assert [p.name for p in parsed.present_members] == [
        "Maria Åkesson",
        "Tomas Lund",
        "Helena Pers",
        "Björn Åberg",
        "Elin Sjö",
    ]
    assert [(p.name, p.replaces) for p in parsed.serving_substitutes] == [
        ("Rolf Nyman", "Ulla Kvist")
    ]
    assert [p.name for p in parsed.absent] == ["Ulla Kvist"]
    assert [(p.name, p.note) for p in parsed.others_present] == [
        ("Kerstin Dahl", "sekreterare"),
        ("Johan Mark", "förvaltningschef"),
    ]
    assert [p.name for p in parsed.attesters] == ["Helena Pers"]
    assert parsed.attestation_date == datetime.date(2025, 2, 21)
    assert [i.section_number for i in parsed.items] == [12, 13, 14, 15]
    plan = parsed.items[2]
    assert plan.case_number == "BA/7/2025"
    assert plan.decision.splitlines() == [
        "Barnarenan beslutar",
        "att anta handlingsplanen,",
        "att ge arbetsgruppen i uppdrag att följa upp planen i december 2025.",
    ]
    assert [d.name for d in plan.dissents] == ["Tomas Lund"]
    assert len(plan.motions) == 2
    assert parsed.unparsed == []


def test_table_layout_with_tabs_and_column_spacing() -> None:
    parsed = parse_bytes((DATA / "kallelse-tabell.txt").read_bytes())
    assert (parsed.body_name, parsed.body_short_name) == ("Tekniska nämnden", "TN")
    assert parsed.place == "Stadshuset, rum 301"
    assert parsed.chair and parsed.chair.name == "Kjell Strand"
    assert parsed.vice_chair and parsed.vice_chair.party_letters == "M"
    assert [p.name for p in parsed.substitutes] == ["Alva Rydberg", "Nils Kron"]
    rows = [(i.number, i.title, i.presenters, i.planned_start, i.case_number) for i in parsed.items]
    assert rows[2] == (
        3,
        "Trafiksäkerhetsplan 2025–2027",
        "Emma Vik",
        datetime.time(8, 40),
        "TN/31/2025",
    )
    assert rows[3][4] == "TN/47/2025"
    assert rows[5][1] == "Övriga frågor" and parsed.items[5].kind == "other_business"
    assert parsed.unparsed == []


def test_text_dates_inline_lists_and_labels() -> None:
    parsed = parse_bytes((DATA / "kallelse-textdatum.txt").read_bytes())
    assert parsed.body_name == "Hälso- och sjukvårdsnämnden"
    assert parsed.date == datetime.date(2025, 3, 10)
    assert parsed.place == "Regionens hus, Östersund"
    assert [p.name for p in parsed.members][-2:] == ["Birgitta Ny", "Erik Stål"]
    assert [p.name for p in parsed.substitutes] == ["Nora Lidén", "Pelle Björn"]
    access, fees = parsed.items[2], parsed.items[3]
    assert access.case_number == "HSN/45/2025"
    assert access.planned_start == datetime.time(9, 15)
    assert fees.case_number == "HSN/12/2025" and fees.title == "Avgifter för hjälpmedel 2025"
    assert fees.planned_start == datetime.time(10, 30)
    assert fees.dispatch_to == ["Regionfullmäktige", "Hjälpmedelscentralen"]
    assert fees.documents == ["Tjänsteskrivelse avgifter hjälpmedel 2025", "Bilaga avgiftslista"]
    assert parsed.unparsed == []


def test_scanned_text_noise_is_mended_or_set_aside() -> None:
    parsed = parse_bytes((DATA / "protokoll-ocr.txt").read_bytes())
    assert parsed.kind == "minutes"
    assert parsed.body_short_name == "KFN"
    assert parsed.date == datetime.date(2025, 4, 15)  # "2O25-O4-l5"
    assert (parsed.start_time, parsed.end_time) == (datetime.time(13), datetime.time(16, 30))
    assert [i.section_number for i in parsed.items] == [18, 19, 20, 21]  # "§ l8"
    grant = parsed.items[2]
    assert grant.case_number == "KFN/14/2025"
    # Ligatures and hyphenated line breaks.
    assert "fördelning av bidragen" in grant.description
    assert "finansiella ramen är oförändrad" in grant.description
    assert "flickidrott" in grant.description
    assert "Sida 2 av 3" not in grant.description + grant.decision
    ignored = [text for _, text in parsed.ignored]
    assert "Sida 3 av 3" in ignored and "|" in ignored
    assert ignored.count("Kultur- och fritidsnämnden    Protokoll 2025-04-15") == 2
    assert parsed.unparsed == []


def test_lines_not_understood_are_reported_with_their_line_numbers() -> None:
    text = (DATA / "dagordning-socialnamnden.txt").read_text(encoding="utf-8")
    text = text.replace("Ledamöter\n", "Ledamöter\nDetta är en rad utan mening @@\n")
    parsed = parse_text(text)
    assert (12, "Detta är en rad utan mening @@") in parsed.unparsed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "tom"),
        (b"   \n\n ", "tom"),
        (bytes(range(256)) * 8, "binärt"),
        ((DATA / "orelaterad.txt").read_bytes(), "inte ut som en kallelse"),
        (b"%PDF-1.4 trasig", "PDF-filen är skadad"),
    ],
)
def test_unparseable_files_get_a_swedish_error(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_bytes(data)


def test_a_pdf_notice_is_read_like_its_text(tmp_path: Path) -> None:
    from weasyprint import HTML

    text = (DATA / "dagordning-socialnamnden.txt").read_text(encoding="utf-8")
    html = (
        "<html lang='sv'><body><pre style='font-family: sans-serif'>"
        + (text.replace("&", "&amp;").replace("<", "&lt;"))
        + "</pre></body></html>"
    )
    pdf = HTML(string=html).write_pdf()
    parsed = parse_bytes(pdf)
    from_text = parse_text(text)
    assert parsed.body_name == from_text.body_name
    assert [(i.title, i.case_number, i.presenters) for i in parsed.items] == [
        (i.title, i.case_number, i.presenters) for i in from_text.items
    ]
    assert len(parsed.members) == len(from_text.members)
