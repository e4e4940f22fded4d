"""Layouts a reviewer found the parser failing on: space-aligned minutes labels, a letter
with the date in a sentence, a start time on the title line, a closing signature block,
two-column member lists, and labels after the last §. And no line is ever dropped."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from samverkan.importer.parse import parse_text

DATA = Path(__file__).parent / "data"
SEED = Path(settings.BASE_DIR) / "samverkan" / "testdata" / "seeds" / "kallelse-rsr-2025-05-05.txt"


def _parse(name: str):
    return parse_text((DATA / name).read_text(encoding="utf-8"))


def test_space_aligned_minutes_labels() -> None:
    parsed = _parse("protokoll-skr-kolumner.txt")
    assert parsed.kind == "minutes"
    assert (parsed.start_time, parsed.end_time) == (datetime.time(13), datetime.time(15, 45))
    assert parsed.place == "Stadshuset, rum 301"
    assert parsed.chair is not None and parsed.chair.name == "Gunnar Ström"
    assert [p.name for p in parsed.present_members] == ["Gunnar Ström", "Lena Ek", "Omar Haddad"]
    assert [(p.name, p.replaces) for p in parsed.serving_substitutes] == [("Pia Wall", "Rolf Ahl")]
    assert [p.name for p in parsed.others_present] == ["Therese Nyman", "Kim Lind"]
    assert parsed.secretary == "Kim Lind"
    assert [p.name for p in parsed.attesters] == ["Lena Ek"]
    assert parsed.attestation_date == datetime.date(2024, 11, 25)
    assert parsed.attestation_place == "Stadshuset"
    building = parsed.items[1]
    assert building.motions == [
        "Omar Haddad (S) yrkar avslag på ansökan.",
        "Gunnar Ström (KD) yrkar bifall till förvaltningens förslag.",
    ]
    assert building.procedure.startswith("Ordföranden ställer proposition")
    assert [d.name for d in building.dissents] == ["Omar Haddad", "Lena Ek"]
    assert parsed.unparsed == []


def test_letter_with_the_date_in_a_sentence_and_members_after_the_items() -> None:
    parsed = _parse("kallelse-brev.txt")
    assert parsed.body_name == "Kultur- och fritidsnämnden"
    assert parsed.date == datetime.date(2025, 3, 3)
    assert (parsed.start_time, parsed.end_time) == (datetime.time(18), datetime.time(20, 30))
    assert parsed.place == "Biblioteket, Stora salen"
    assert len(parsed.items) == 7
    assert parsed.chair is not None and parsed.chair.name == "Anders Lövgren"
    assert [p.name for p in parsed.members] == ["Sofia Hedlund", "Peter Åberg"]
    assert [p.name for p in parsed.substitutes] == ["Nina Karlsson", "Olof Berg"]
    stipend = parsed.items[3]
    assert stipend.title == "Kulturstipendium 2025"
    assert stipend.presenters == "Ulla Berg"
    assert stipend.case_number == "KFN/4/2025"
    assert stipend.proposed_decision == ["Nämnden utser Sara Lind till stipendiat."]
    assert parsed.items[-1].title == "Mötets avslutande"


def test_start_time_on_the_title_line() -> None:
    parsed = _parse("kallelse-rubrikrad-tid.txt")
    assert parsed.body_name == "Socialnämnden"
    assert parsed.date == datetime.date(2025, 1, 1)
    assert parsed.start_time == datetime.time(10)


def test_two_columns_of_members_and_a_closing_signature_block() -> None:
    parsed = _parse("kallelse-tvaspalt-signatur.txt")
    assert parsed.chair is not None and parsed.chair.name == "Maria Johansson"
    assert parsed.vice_chair is not None and parsed.vice_chair.name == "Lars Nilsson"
    assert [p.name for p in parsed.members] == ["Lars Nilsson", "Kerstin Lund"]
    assert [(p.name, p.party_letters) for p in parsed.substitutes] == [
        ("Erik Persson", "S"),
        ("Birgitta Olsson", "M"),
        ("Johan Ek", "SD"),
    ]
    last = parsed.items[-1]
    assert (last.title, last.presenters, last.description) == ("Övriga frågor", "", "")
    assert parsed.secretary == "Anna Grahn"
    assert parsed.unparsed == []


def test_labels_after_the_last_paragraph_are_read_not_swallowed() -> None:
    parsed = _parse("protokoll-ocr-justerare.txt")
    assert [p.name for p in parsed.attesters] == ["Ida Rahm"]
    assert parsed.secretary == "Karl Ohm"
    assert [d.name for d in parsed.items[-1].dissents] == ["Bo Lind"]


# orelaterad.txt is not a notice (the parser refuses it).
DOCUMENTS = [SEED, *sorted(p for p in DATA.glob("*.txt") if p.name != "orelaterad.txt")]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_line_is_accounted_for(path: Path) -> None:
    """Each non-empty line is used, reported as not understood, or set aside as noise."""
    text = path.read_text(encoding="utf-8")
    parsed = parse_text(text)
    lines = text.replace("\r\n", "\n").split("\n")
    non_empty = {n for n, line in enumerate(lines, start=1) if line.strip(" \t\f\xa0")}
    assert parsed.accounted == non_empty
