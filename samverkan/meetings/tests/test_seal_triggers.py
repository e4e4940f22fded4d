"""Sealed minutes cannot change in the database itself: triggers refuse UPDATE and DELETE
of a sealed meeting's rows (and of an immediately attested §'s rows) whatever path the
write takes — QuerySet.update(), raw SQL — on SQLite and PostgreSQL alike. Also: every
ballot and every (re-)sent notice leaves an audit record."""

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from samverkan.audit import dbtriggers
from samverkan.audit.models import AuditEntry
from samverkan.documents.models import Document
from samverkan.meetings import models as m
from samverkan.meetings import services, triggers
from samverkan.meetings.guards import SEALED, SECTION_ATTESTED

from .conftest import attest_all

# Every table whose rows belong to a meeting (the fixture below puts a row in each).
MEETING_ROWS = [
    m.Meeting,
    m.AgendaItem,
    m.SupportingDocument,
    m.Guest,
    m.Attendance,
    m.Section,
    m.Motion,
    m.Vote,
    m.Ballot,
    m.Dissent,
    m.Statement,
    m.ConflictOfInterest,
    m.Attester,
    m.Attestation,
    m.Dispatch,
    m.AbsenceNotice,
    m.MinutesCorrection,
    m.MinutesCorrectionSignature,
]
SECTION_ROWS = [
    m.Section,
    m.Motion,
    m.Vote,
    m.Ballot,
    m.Dissent,
    m.Statement,
    m.ConflictOfInterest,
    m.Attestation,
]


def _fill(meeting: m.Meeting, people) -> m.Section:
    """A row in every table of the meeting; returns the § with a vote and the rest."""
    sections = services.sections_create_from_agenda(meeting)
    section = sections[4]
    services.section_update(section, decision="Regionens samverkansråd beslutar enligt förslaget.")
    item = section.agenda_item
    assert item is not None
    m.SupportingDocument.objects.create(
        agenda_item=item, document=Document.objects.create(title="Tjänsteskrivelse")
    )
    m.Guest.objects.create(meeting=meeting, name="Gäst Gästsson", role="föredragande")
    chair, attester = people["Jonas Andersson"], people["Therese Kärngard"]
    m.Motion.objects.create(section=section, person=attester, text="Bifall till förslaget.")
    services.vote_record(
        section,
        question="Bifall mot avslag",
        ballots={chair: "yes", attester: "yes", people["Richard Nilsson"]: "no"},
    )
    m.Dissent.objects.create(section=section, person=people["Richard Nilsson"])
    m.Statement.objects.create(section=section, person=attester, text="En anteckning.")
    m.ConflictOfInterest.objects.create(section=section, person=people["Kent Karlsson"])
    m.Dispatch.objects.create(meeting=meeting, kind=m.Dispatch.Kind.NOTICE, recipients="x")
    m.AbsenceNotice.objects.create(meeting=meeting, person=people["Johan Loock"])
    return section


@pytest.fixture
def sealed(held_meeting, people) -> m.Meeting:
    _fill(held_meeting, people)
    services.attesters_choose(held_meeting, [people["Therese Kärngard"]], place="Regionens hus")
    attest_all(held_meeting, people)
    held_meeting.refresh_from_db()
    assert held_meeting.sealed_at is not None
    # A correction note is made after sealing; once made, its rows are as final.
    correction = services.minutes_correction_propose(
        held_meeting,
        section_number=None,
        wrong_text="Regionens hus",
        corrected_text="Regionens hus, Östersund",
        reason="Orten saknades.",
    )
    services.minutes_correction_attest(
        correction,
        people["Jonas Andersson"].user,
        content_sha256=services.correction_content_sha256(correction),
    )
    return held_meeting


@pytest.fixture
def other_meeting(sealed) -> m.Meeting:
    return services.meeting_create(
        body=sealed.body, date=datetime.date(2025, 6, 9), start_time=datetime.time(13, 0)
    )


def _refused(message: str, sql: str, params: list[Any] | None = None) -> None:
    with (
        pytest.raises(IntegrityError, match=message),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params or [])


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def test_every_meeting_table_has_its_triggers(db):
    """A new table that belongs to a meeting gets triggers by itself; add it above (and a
    row of it to the fixture) so the tests below cover it."""
    tables = {(r.table, r.message) for r in triggers.refusals(apps, connection)}
    assert {t for t, msg in tables if msg == SEALED} == {x._meta.db_table for x in MEETING_ROWS}
    assert {t for t, msg in tables if msg == SECTION_ATTESTED} == {
        x._meta.db_table for x in SECTION_ROWS
    }
    installed = dbtriggers.installed()
    for model in MEETING_ROWS:
        for event in ("update", "delete"):
            name = dbtriggers.trigger_name(triggers.GROUP, model._meta.db_table, "sealed", event)
            assert name in installed


def test_raw_sql_cannot_change_or_delete_a_sealed_meetings_rows(sealed):
    for model in MEETING_ROWS:  # one sealing for all tables: rendering the PDF takes time
        assert model.objects.exists(), f"the fixture has no {model.__name__}"
        table = _table(model)
        # Every row gets another id: a change to each row, the sealed meeting's among them.
        _refused(SEALED, f"UPDATE {table} SET id = -id")  # noqa: S608
        _refused(SEALED, f"DELETE FROM {table}")  # noqa: S608


def test_queryset_update_of_sealed_minutes_is_refused(sealed):
    section = m.Section.objects.filter(meeting=sealed, number__gt=0).exclude(decision="").first()
    with pytest.raises(IntegrityError, match=SEALED), transaction.atomic():
        m.Section.objects.filter(pk=section.pk).update(decision="Ändrat i efterhand")
    with pytest.raises(IntegrityError, match=SEALED), transaction.atomic():
        m.Ballot.objects.filter(vote__section=section).update(choice="no")
    with pytest.raises(IntegrityError, match=SEALED), transaction.atomic():
        m.AgendaItem.objects.filter(meeting=sealed).update(title="Ny rubrik")
    with pytest.raises(IntegrityError, match=SEALED), transaction.atomic():
        m.Meeting.objects.filter(pk=sealed.pk).update(place="Annan plats")
    with pytest.raises(IntegrityError, match=SEALED), transaction.atomic():
        m.Meeting.objects.filter(pk=sealed.pk).update(sealed_at=None)
    with pytest.raises(IntegrityError, match=SEALED), transaction.atomic():
        m.Meeting.objects.filter(pk=sealed.pk)._raw_delete(using="default")
    section.refresh_from_db()
    assert section.decision == "Regionens samverkansråd beslutar enligt förslaget."


def test_rows_cannot_be_moved_into_or_out_of_a_sealed_meeting(sealed, other_meeting):
    guest = m.Guest.objects.create(meeting=other_meeting, name="Flyttad gäst")
    with pytest.raises(IntegrityError, match=SEALED), transaction.atomic():
        m.Guest.objects.filter(pk=guest.pk).update(meeting=sealed)
    with pytest.raises(IntegrityError, match=SEALED), transaction.atomic():
        m.Guest.objects.filter(meeting=sealed).update(meeting=other_meeting)
    item = other_meeting.items.first()
    doc = m.SupportingDocument.objects.filter(agenda_item__meeting=sealed).first()
    with pytest.raises(IntegrityError, match=SEALED), transaction.atomic():
        m.SupportingDocument.objects.filter(pk=doc.pk).update(agenda_item=item)
    m.SupportingDocument.objects.create(
        agenda_item=item, document=Document.objects.create(title="Underlag i annat möte")
    )
    _refused(
        SEALED,
        "UPDATE meetings_supportingdocument SET agenda_item_id = %s WHERE agenda_item_id = %s",
        [sealed.items.first().pk, item.pk],
    )


def test_what_may_still_change_on_a_sealed_meeting(sealed):
    today = timezone.localdate()
    changed = m.Meeting.objects.filter(pk=sealed.pk).update(
        posted_on=today,
        posting_ends_on=today + datetime.timedelta(days=21),
        appeal_last_day=today + datetime.timedelta(days=21),
        minutes_kept_at="Regionens kansli",
        public_minutes_sha256="0" * 64,
    )
    assert changed == 1
    fields = {f.name for f in m.AgendaItem._meta.concrete_fields}
    publicity = {"is_public": False}
    if "confidentiality_ground" in fields:
        publicity["confidentiality_ground"] = "OSL 21 kap. 1 §"
    assert m.AgendaItem.objects.filter(meeting=sealed).update(**publicity) > 0
    # Through the ORM too: the posting is saved on the sealed meeting.
    sealed.refresh_from_db()
    sealed.posted_on = today - datetime.timedelta(days=1)
    sealed.save()
    # A write that changes nothing is no change.
    m.Section.objects.filter(meeting=sealed).update(decision=m.models.F("decision"))


@pytest.fixture
def attested_section(held_meeting, people) -> m.Section:
    """A § immediately attested (the column is what the triggers read; the attestation
    flow itself is tested in test_attestation.py)."""
    section = _fill(held_meeting, people)
    m.Section.objects.filter(pk=section.pk).update(attested_at=timezone.now())
    section.refresh_from_db()
    return section


def test_an_immediately_attested_section_and_its_rows_cannot_change(attested_section, people):
    s = attested_section
    with pytest.raises(IntegrityError, match=SECTION_ATTESTED), transaction.atomic():
        m.Section.objects.filter(pk=s.pk).update(decision="Ändrat")
    with pytest.raises(IntegrityError, match=SECTION_ATTESTED), transaction.atomic():
        m.Section.objects.filter(pk=s.pk).update(attested_at=None)
    for model in (m.Motion, m.Vote, m.Dissent, m.Statement, m.ConflictOfInterest):
        table = _table(model)
        _refused(SECTION_ATTESTED, f"DELETE FROM {table} WHERE section_id = %s", [s.pk])  # noqa: S608
        _refused(SECTION_ATTESTED, f"UPDATE {table} SET id = -id WHERE section_id = %s", [s.pk])  # noqa: S608
    with pytest.raises(IntegrityError, match=SECTION_ATTESTED), transaction.atomic():
        m.Ballot.objects.filter(vote__section=s).update(choice="abstain")
    _refused(SECTION_ATTESTED, "DELETE FROM meetings_section WHERE id = %s", [s.pk])
    # Another § of the same meeting is still a draft, and a row cannot move into the §.
    draft = m.Section.objects.filter(meeting=s.meeting).exclude(pk=s.pk).first()
    assert m.Section.objects.filter(pk=draft.pk).update(decision="Utkast ändrat") == 1
    motion = m.Motion.objects.create(section=draft, person=people["Therese Kärngard"], text="Y")
    with pytest.raises(IntegrityError, match=SECTION_ATTESTED), transaction.atomic():
        m.Motion.objects.filter(pk=motion.pk).update(section=s)


def test_sealing_itself_and_extracts_afterwards_still_work(sealed):
    # The fixture sealed through the attestation flow with the triggers in place; a new
    # dispatch row (an extract, a re-sent notice) is an insert, never refused.
    assert m.Dispatch.objects.create(meeting=sealed, kind=m.Dispatch.Kind.EXTRACT, recipients="y")


# --- Audit of meeting writes --------------------------------------------------------------


def test_every_ballot_is_audited(held_meeting, people):
    section = services.sections_create_from_agenda(held_meeting)[4]
    before = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(m.Ballot))
    count = before.count()
    vote = services.vote_record(
        section,
        question="Bifall mot avslag",
        ballots={people["Jonas Andersson"]: "yes", people["Therese Kärngard"]: "no"},
    )
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(m.Ballot), action="create"
    )
    assert entries.count() == count + 2
    assert {e.after["choice"] for e in entries} == {"yes", "no"}
    assert {e.after["vote_id"] for e in entries} == {vote.pk}


def test_resending_the_notice_of_a_sealed_meeting_is_recorded(sealed, smtp):
    notice_sent_at = sealed.notice_sent_at
    dispatch_type = ContentType.objects.get_for_model(m.Dispatch)
    dispatch = services.notice_send(sealed)
    assert smtp.messages
    assert m.Dispatch.objects.filter(pk=dispatch.pk, kind=m.Dispatch.Kind.NOTICE).exists()
    entry = AuditEntry.objects.get(content_type=dispatch_type, object_id=str(dispatch.pk))
    assert entry.action == "create" and entry.after["meeting_id"] == sealed.pk
    sealed.refresh_from_db()
    assert sealed.notice_sent_at == notice_sent_at  # the attested minutes keep theirs


def test_every_resending_of_a_notice_is_recorded(rsr_meeting, smtp):
    first = services.notice_send(rsr_meeting)
    second = services.notice_send(rsr_meeting)
    assert first.pk != second.pk
    dispatch_type = ContentType.objects.get_for_model(m.Dispatch)
    logged = AuditEntry.objects.filter(content_type=dispatch_type, action="create")
    assert {e.object_id for e in logged} >= {str(first.pk), str(second.pk)}
