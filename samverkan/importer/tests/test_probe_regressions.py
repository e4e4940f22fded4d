"""What an attacker's probe found: broken PDFs, floods of names, addresses in another
collaboration."""

import io

import pytest
from pypdf import PdfWriter

from samverkan.importer.parse import MAX_PEOPLE, ParseError, parse_text, text_from_pdf


def _pdf_with_contents(n: int) -> bytes:
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    streams = []
    for _ in range(n):
        s = DecodedStreamObject()
        s.set_data(b"BT ET")
        streams.append(writer._add_object(s))
    page[NameObject("/Contents")] = ArrayObject(streams)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>",
        b"%PDF-1.4\n" + b"\x00\xff" * 500,
        _pdf_with_contents(10_001),
    ],
)
def test_a_broken_pdf_is_a_clear_refusal(data):
    with pytest.raises(ParseError):
        text_from_pdf(data)


def test_a_flood_of_names_is_refused():
    names = "\n".join(f"Person{n} Efternamn (S)" for n in range(MAX_PEOPLE + 10))
    text = f"Kallelse\nRegionens samverkansråd\n2025-05-05\nTid: kl. 13:00\nLedamöter\n{names}\n1. Val av justerare\n"
    with pytest.raises(ParseError, match="högst"):
        parse_text(text)


@pytest.mark.django_db
def test_an_address_held_in_another_collaboration_is_neither_matched_nor_told():
    import datetime

    from samverkan.access.policy import audience_for
    from samverkan.accounts.models import Role
    from samverkan.accounts.services import user_create
    from samverkan.importer import services
    from samverkan.structure.models import Collaboration, Membership, Person
    from samverkan.structure.tests import factories as f

    home = f.home_collaboration()
    body = f.body(name="Arenan", short_name="AR", slug="arenan", collaboration=home)
    other = Collaboration.objects.create(name="Annan", slug="annan")
    elsewhere = f.body(name="Annat organ", short_name="AO", slug="annat", collaboration=other)
    stranger = f.person(name="Jonas Andersson", email="jonas@exempel.invalid")
    f.membership(
        person=stranger,
        body=elsewhere,
        role=Membership.Role.MEMBER,
        start=datetime.date(2024, 1, 1),
    )
    admin = user_create(username="adm", password="x-Lösen-123", roles=[Role.ADMINISTRATOR])
    csv = "namn;e-post;parti;organ;roll;från;till\nFalsk Namnsson;jonas@exempel.invalid;S;AR;ledamot;2025-01-01;\n"
    rows, errors = services.persons_csv_read(csv, collaboration=home, audience=audience_for(admin))
    assert errors == []
    counts, errors = services.persons_import(rows, audience=audience_for(admin), user=admin)
    assert errors == [] and "Jonas" not in str(counts)
    assert Membership.objects.filter(body=body, person__name="Falsk Namnsson").exists()
    assert not Membership.objects.filter(body=body, person=stranger).exists()
    assert Person.objects.filter(email__iexact="jonas@exempel.invalid").count() == 2


NOTICES = sorted(
    p
    for p in (__import__("pathlib").Path(__file__).parent / "data").glob("*.txt")
    if p.name != "orelaterad.txt"
)


@pytest.mark.django_db
@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.name)
def test_every_layout_of_ours_is_saved_into_an_empty_database(path):
    from samverkan.access.policy import Audience
    from samverkan.importer import services
    from samverkan.importer.parse import parse_bytes
    from samverkan.meetings.models import Meeting

    parsed = parse_bytes(path.read_bytes())
    result = services.notice_import(
        parsed,
        collaboration=services.import_collaboration(),
        user=None,
        audience=Audience(is_admin=True),
    )
    meeting = Meeting.objects.get(pk=result.meeting.pk)
    assert [i.title for i in meeting.items.order_by("position")] == [
        i.title[:300] for i in parsed.items
    ]
