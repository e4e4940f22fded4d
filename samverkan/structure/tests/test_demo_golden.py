"""Golden tests: the demo data says what the seed documents say."""

import datetime
import re

from django.core.management import call_command

from samverkan.audit.models import AuditEntry
from samverkan.structure.models import Body, Membership, Party
from samverkan.structure.selectors import body_view

NOTICE_DAY = datetime.date(2025, 5, 5)
NAME_LINE = re.compile(r"^\s*(?P<name>[^\d()][^()]*?)\s+\((?P<letters>[A-ZÅÄÖ]+)\)(?P<rest>.*)$")


def parse_notice_roster(text: str) -> list[tuple[str, str, str]]:
    """(name, party letters, role) for the chair, members and substitutes of the notice."""
    roster: list[tuple[str, str, str]] = []
    section: str | None = None
    headings = {"Ordförande": "chair", "Ledamöter": "member", "Ersättare": "substitute"}
    for raw in text.splitlines():
        line = raw.strip()
        if line in headings:
            section = headings[line]
            continue
        if section is None:
            continue
        match = NAME_LINE.match(line)
        if not match:
            if roster and line and line[0].isdigit():
                break  # the agenda items begin
            continue
        role = "vice_chair" if "vice ordförande" in match["rest"] else section
        roster.append((match["name"].strip(), match["letters"], role))
    return roster


def test_the_notice_parser_reads_the_seed(seeds_dir):
    roster = parse_notice_roster((seeds_dir / "kallelse-rsr-2025-05-05.txt").read_text())
    assert len(roster) == 19
    assert roster[0] == ("Jonas Andersson", "S", "chair")
    assert ("Niklas Daoson", "S", "vice_chair") in roster


def test_demo_rsr_on_the_notice_day_has_exactly_the_members_and_substitutes_of_the_notice(
    demo, seeds_dir
):
    expected = parse_notice_roster((seeds_dir / "kallelse-rsr-2025-05-05.txt").read_text())
    view = body_view(Body.objects.get(short_name="RSR"), NOTICE_DAY)
    actual = [
        (m.person.name, m.party_letters, m.role)
        for group in view.seat_groups
        for m in group.memberships
    ]
    assert sorted(actual) == sorted(expected)
    assert view.voting_count == 11
    assert view.substitute_count == 8


def test_demo_rsr_has_eleven_seats_three_for_the_region_and_one_per_municipality(demo):
    rsr = Body.objects.get(short_name="RSR")
    seats = {p.party.kind: [] for p in rsr.participations.all()}
    for p in rsr.participations.select_related("party"):
        seats[p.party.kind].append(p.seats)
    assert seats == {"region": [3], "municipality": [1] * 8}
    assert rsr.meetings_per_year == 8
    assert rsr.decision_power == Body.DecisionPower.CONSULTATION
    assert rsr.founded_on.year == 2014


def test_demo_parties_are_the_region_eight_municipalities_and_the_association(demo):
    kinds = sorted(Party.objects.values_list("kind", flat=True))
    assert kinds.count("municipality") == 8
    assert kinds.count("region") == 1
    assert kinds.count("association") == 1


def test_every_body_the_seeds_name_is_in_the_demo_data(demo):
    names = set(Body.objects.values_list("short_name", flat=True))
    assert {
        "RSR",
        "SVOM",
        "Barnarenan",
        "BUZ",
        "SocSam",
        "Fredagsgruppen",
        "SamReKo HSI",
        "LAKO",
        "PaHSU",
        "TaHSU",
    } <= names
    assert Body.objects.filter(kind=Body.Kind.JOINT_COMMITTEE).exists()
    tahsu = Body.objects.get(short_name="TaHSU")
    assert {"Samverkansledare", "Koordinatorer"} <= set(
        tahsu.support_functions.values_list("name", flat=True)
    )


def test_assumed_dates_are_marked_as_demo_data(demo):
    for short in ("PaHSU", "TaHSU", "SVOM", "Barnarenan"):
        body = Body.objects.get(short_name=short)
        assert body.is_demo and body.demo_note
    assert not Body.objects.get(short_name="RSR").is_demo


def test_the_seeds_do_not_say_which_party_an_rsr_member_represents(demo):
    assert not Membership.objects.filter(body__short_name="RSR", party__isnull=False).exists()


def test_loading_the_demo_twice_keeps_the_data_and_its_edits(demo):
    call_command("load_demo", verbosity=0)  # what the fixture leaves out: costs, follow-up
    rsr = Body.objects.get(short_name="RSR")
    rsr.secretariat = "Ändrat av sekretariatet"
    rsr.save()
    entries = AuditEntry.objects.count()
    call_command("load_demo", verbosity=0)
    rsr.refresh_from_db()
    assert rsr.secretariat == "Ändrat av sekretariatet"
    assert Membership.objects.filter(body=rsr).count() == 19
    assert AuditEntry.objects.count() == entries
