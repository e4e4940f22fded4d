"""The meeting's PDFs are archive-grade and accessible (PDF/A-2a + PDF/UA-1 as far as
pikepdf can see), the sealed minutes are signed, and `samverkan verify` finds a changed or
missing sealed file."""

import io
import os

import pytest
from django.core.management import CommandError, call_command

from samverkan.access.policy import PUBLIC
from samverkan.documents import pdf as archive_pdf
from samverkan.documents.tests.pdf_checks import archive_problems, signature_coverage_problems
from samverkan.meetings import render, selectors, services
from samverkan.meetings.models import Meeting

from .conftest import attest_all
from .test_public_versions import closed_item


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path  # the tests change and remove stored files


@pytest.fixture
def sealed(held_meeting, people) -> Meeting:
    """RSR 2025-05-05 sealed with one closed item (so there is a public version) and an
    attested correction."""
    closed_item(held_meeting)
    sections = services.sections_create_from_agenda(held_meeting)
    services.section_update(sections[0], decision="Beslutar enligt förslaget.")
    services.attesters_choose(held_meeting, [people["Therese Kärngard"]], place="Regionens hus")
    attest_all(held_meeting, people)
    held_meeting.refresh_from_db()
    assert held_meeting.sealed_at is not None
    return held_meeting


def _read(field) -> bytes:
    with field.open("rb") as fh:
        return fh.read()


def test_every_pdf_of_a_meeting_is_pdfa_tagged_and_the_sealed_ones_signed(sealed, people):
    minutes = _read(sealed.minutes_pdf)
    public = _read(sealed.public_minutes_pdf)
    for signed in (minutes, public):
        assert archive_problems(signed) == []
        assert signature_coverage_problems(signed) == []
        assert archive_pdf.signature_check(signed).valid
    correction = services.minutes_correction_propose(
        sealed,
        section_number=None,
        wrong_text="Regionens hus",
        corrected_text="Regionens hus, Östersund",
        reason="Orten saknades.",
    )
    cut = selectors.sealed_sections(sealed, [1])
    body = sealed.body
    rendered = {
        "notice": render.notice_pdf(sealed, PUBLIC),
        "extract": render.extract_pdf(sealed, cut.sections, certified_sha256=cut.certified_sha256),
        "correction": render.correction_pdf(
            sealed, correction, minutes_sha256=sealed.minutes_sha256
        ),
        "plan": render.meeting_plan_pdf(
            body, 2025, selectors.meeting_plan(body, 2025), selectors.meeting_rules_for(body)
        ),
    }
    assert {name: archive_problems(data) for name, data in rendered.items()} == {
        name: [] for name in rendered
    }


def test_the_pdf_metadata_name_the_body_and_the_document(sealed):
    import pikepdf

    document = pikepdf.open(io.BytesIO(_read(sealed.minutes_pdf)))
    info = document.docinfo
    assert str(info["/Title"]) == "Protokoll RSR 2025-05-05"
    assert str(info["/Author"]) == sealed.body.name
    assert "Protokoll från sammanträde" in str(info["/Subject"])


def test_verify_passes_and_fails_on_one_changed_byte_naming_the_meeting(sealed):
    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "1 kontrollerade, 1 giltiga, 0 fel" in out.getvalue()
    path = sealed.minutes_pdf.path
    data = bytearray(_read(sealed.minutes_pdf))
    data[len(data) // 3] ^= 0x01
    with open(path, "wb") as fh:
        fh.write(data)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 av 1"):
        call_command("verify", stdout=out)
    text = out.getvalue()
    assert "RSR 2025-05-05" in text and "SHA-256 stämmer inte" in text
    assert "filen är ändrad" in text


def test_verify_fails_on_a_missing_file(sealed):
    os.remove(sealed.public_minutes_pdf.path)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify", stdout=out)
    assert "Offentlig version" in out.getvalue() and "saknas" in out.getvalue()


def test_verify_with_no_sealed_minutes_says_all_is_valid(db):
    out = io.StringIO()
    call_command("verify", stdout=out)
    assert "Allt är giltigt" in out.getvalue()


def test_a_signing_certificate_that_cannot_be_used_stops_the_sealing_with_a_message(
    held_meeting, people, settings
):
    from django.core.exceptions import ValidationError

    settings.SAMVERKAN_SIGNING_KEY = ""  # half a configuration
    sections = services.sections_create_from_agenda(held_meeting)
    services.section_update(sections[0], decision="Beslutar enligt förslaget.")
    services.attesters_choose(held_meeting, [people["Therese Kärngard"]], place="Regionens hus")
    with pytest.raises(ValidationError, match="kunde inte signeras"):
        attest_all(held_meeting, people)
    held_meeting.refresh_from_db()
    assert held_meeting.sealed_at is None and not held_meeting.minutes_pdf
