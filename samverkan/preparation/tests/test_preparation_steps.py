"""The steps of an item's preparation, each with its rule (services.py)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverkan.audit.models import AuditEntry
from samverkan.cases.models import CaseSeries
from samverkan.cases.services import case_register
from samverkan.meetings import services as meetings
from samverkan.meetings.models import SupportingDocument
from samverkan.preparation import services
from samverkan.preparation.models import Preparation, PreparationEvent
from samverkan.structure.tests import factories as f

Status = Preparation.Status
Kind = PreparationEvent.Kind


def kinds(preparation: Preparation) -> list[str]:
    return list(preparation.events.values_list("kind", flat=True))


# --- preparation_create ------------------------------------------------------------------


def test_an_official_with_a_place_in_the_body_drafts_an_item(prep):
    draft = prep.draft()
    assert draft.status == Status.DRAFT
    assert draft.author == prep.users["official"]
    assert kinds(draft) == [Kind.CREATED]
    assert AuditEntry.objects.for_object(draft).exists()


def test_the_secretary_drafts_for_the_body_too(prep):
    draft = services.preparation_create(
        body=prep.body, author=prep.users["secretary"], title="Sekreterarens ärende"
    )
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("who", ["member", "chair", "other_official"])
def test_members_and_officials_of_other_bodies_do_not_draft(prep, who):
    with pytest.raises(ValidationError, match="bereder inte"):
        services.preparation_create(body=prep.body, author=prep.users[who], title="Försök")
    assert not Preparation.objects.exists()


def test_a_draft_needs_a_title(prep):
    with pytest.raises(ValidationError) as error:
        prep.draft(title="  ")
    assert "title" in error.value.message_dict


def test_a_closed_item_needs_its_legal_ground(prep):
    with pytest.raises(ValidationError) as error:
        prep.draft(is_public=False)
    assert "confidentiality_ground" in error.value.message_dict
    closed = prep.draft(is_public=False, confidentiality_ground="OSL 21 kap. 1 §")
    assert closed.confidentiality_ground == "OSL 21 kap. 1 §"


def test_an_open_item_keeps_no_ground(prep):
    assert (
        prep.draft(is_public=True, confidentiality_ground="OSL 21 kap. 1 §").confidentiality_ground
        == ""
    )


def test_the_case_must_pass_the_body(prep):
    series = CaseSeries.objects.create(code="RS", name="Regionstyrelsen", organisation=f.party())
    case = case_register(series=series, title="Ärende", registered_on=datetime.date(2026, 1, 2))
    with pytest.raises(ValidationError) as error:
        prep.draft(case=case)
    assert "case" in error.value.message_dict


# --- preparation_update and documents ----------------------------------------------------


def test_the_author_edits_a_draft_and_the_history_says_what_changed(prep):
    draft = prep.draft()
    services.preparation_update(draft, by=prep.users["official"], assessment="Ny bedömning.")
    draft.refresh_from_db()
    assert draft.assessment == "Ny bedömning."
    edited = draft.events.get(kind=Kind.EDITED)
    assert "bedömning" in edited.comment


@pytest.mark.parametrize("who", ["member", "chair", "other_official"])
def test_others_do_not_edit(prep, who):
    draft = prep.draft()
    with pytest.raises(ValidationError):
        services.preparation_update(draft, by=prep.users[who], title="Ändrad")
    draft.refresh_from_db()
    assert draft.title == "Gemensam plan för barns hälsa"


def test_a_submitted_item_is_not_edited(prep):
    item = prep.submitted()
    with pytest.raises(ValidationError, match="kan inte ändras"):
        services.preparation_update(item, by=prep.users["official"], title="Ändrad")


def test_an_attached_document_goes_into_the_one_store(prep):
    draft = prep.draft()
    link = services.preparation_document_add(
        draft,
        title="Underlag",
        data=b"Text om planen.",
        filename="underlag.txt",
        by=prep.users["official"],
    )
    assert link.document.current.sha256
    assert kinds(draft)[-1] == Kind.DOCUMENT_ADDED


def test_a_broken_upload_attaches_nothing(prep):
    draft = prep.draft()
    with pytest.raises(ValidationError):
        services.preparation_document_add(
            draft, title="Tom", data=b"", filename="tom.txt", by=prep.users["official"]
        )
    assert not draft.documents.exists()


# --- preparation_submit ------------------------------------------------------------------


def test_submitting_sends_the_item_to_the_reviewers(prep):
    item = prep.submitted()
    assert item.status == Status.SUBMITTED
    assert [m.to for m in mail.outbox] == [["ordf@exempel.invalid"]]
    assert "Gemensam plan" in mail.outbox[0].subject


def test_an_item_without_background_or_proposal_is_not_submitted(prep):
    draft = prep.draft(background="", proposed_decision="")
    with pytest.raises(ValidationError) as error:
        services.preparation_submit(draft, by=prep.users["official"])
    assert set(error.value.message_dict) == {"background", "proposed_decision"}
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_body_without_reviewers_gets_no_submissions(prep):
    prep.body.reviewers.all().delete()
    with pytest.raises(ValidationError, match="inga granskare"):
        prep.submitted()


def test_a_closed_items_title_stays_out_of_the_mail(prep):
    prep.submitted(title="Hemlig rubrik", is_public=False, confidentiality_ground="OSL 21 kap. 1 §")
    assert "Hemlig" not in mail.outbox[0].subject + mail.outbox[0].body


# --- preparation_approve / preparation_return --------------------------------------------


def test_a_named_reviewer_approves_and_the_author_hears_of_it(prep):
    item = prep.approved()
    assert item.status == Status.APPROVED
    assert mail.outbox[-1].to == ["tjp@exempel.invalid"]
    assert kinds(item) == [Kind.CREATED, Kind.SUBMITTED, Kind.APPROVED]


@pytest.mark.parametrize("who", ["secretary", "member", "admin", "official"])
def test_only_named_reviewers_approve(prep, who):
    item = prep.submitted()
    with pytest.raises(ValidationError):
        services.preparation_approve(item, by=prep.users[who])
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_the_author_does_not_review_their_own_item(prep):
    services.reviewer_add(
        prep.body,
        prep.users["official"].person,
        role_label="samverkansledare",
        by=prep.users["secretary"],
    )
    item = prep.submitted()
    with pytest.raises(ValidationError, match="själv"):
        services.preparation_approve(item, by=prep.users["official"])


def test_sending_back_needs_a_comment_and_reaches_the_author(prep):
    item = prep.submitted()
    with pytest.raises(ValidationError):
        services.preparation_return(item, by=prep.users["chair"], comment=" ")
    returned = services.preparation_return(
        item, by=prep.users["chair"], comment="Lägg till kostnaderna."
    )
    assert returned.status == Status.RETURNED
    assert returned.events.last().comment == "Lägg till kostnaderna."
    assert "Återsänt" in mail.outbox[-1].subject


def test_a_returned_item_is_edited_and_submitted_again(prep):
    item = services.preparation_return(prep.submitted(), by=prep.users["chair"], comment="Mer.")
    services.preparation_update(
        item, by=prep.users["official"], consequences_parties="Kostnad 10 kr."
    )
    again = services.preparation_submit(item, by=prep.users["official"])
    assert again.status == Status.SUBMITTED


def test_a_draft_is_not_approved_before_it_is_submitted(prep):
    with pytest.raises(ValidationError, match="väntar inte"):
        services.preparation_approve(prep.draft(), by=prep.users["chair"])


# --- preparation_place ---------------------------------------------------------------------


def test_the_secretary_places_an_approved_item_on_the_agenda(prep):
    item = prep.approved(
        consequences_children="Barn får bättre vård.",
        is_public=False,
        confidentiality_ground="OSL 25 kap. 1 §",
    )
    agenda_item = services.preparation_place(item, prep.meeting, by=prep.users["secretary"])
    item.refresh_from_db()
    assert item.status == Status.PLACED and item.agenda_item == agenda_item
    assert agenda_item.meeting == prep.meeting
    assert agenda_item.proposed_decision == "Att godkänna planen.\nAtt följa upp den om ett år."
    assert agenda_item.presenters == "Tove Tjänsteperson, samverkansledare"
    assert "Parterna har sett behov" in agenda_item.description
    assert "Konsekvenser för barn: Barn får bättre vård." in agenda_item.description
    assert not agenda_item.is_public and agenda_item.confidentiality_ground == "OSL 25 kap. 1 §"
    # It goes before the closing item (övriga frågor).
    assert prep.meeting.items.order_by("position").last().kind == "other_business"
    assert kinds(item)[-1] == Kind.PLACED


def test_the_dispatch_list_goes_with_the_item_onto_the_agenda(prep):
    item = prep.approved(dispatch_to="Norrby kommun\nRegionen <registrator@region.invalid>")
    agenda_item = services.preparation_place(item, prep.meeting, by=prep.users["secretary"])
    assert agenda_item.dispatch_list == ["Norrby kommun", "Regionen <registrator@region.invalid>"]


def test_the_attached_documents_become_supporting_documents(prep):
    draft = prep.draft()
    link = services.preparation_document_add(
        draft,
        title="Underlag",
        data=b"Text om planen.",
        filename="underlag.txt",
        by=prep.users["official"],
    )
    services.preparation_submit(draft, by=prep.users["official"])
    services.preparation_approve(draft, by=prep.users["chair"])
    agenda_item = services.preparation_place(draft, prep.meeting, by=prep.users["secretary"])
    assert list(
        SupportingDocument.objects.filter(agenda_item=agenda_item).values_list(
            "document_id", flat=True
        )
    ) == [link.document_id]


@pytest.mark.parametrize("who", ["official", "chair", "admin"])
def test_only_the_secretariat_places(prep, who):
    item = prep.approved()
    if who == "admin":
        services.preparation_place(item, prep.meeting, by=prep.users["admin"])
        return
    with pytest.raises(ValidationError, match="sekreterare"):
        services.preparation_place(item, prep.meeting, by=prep.users[who])


def test_an_item_not_approved_is_not_placed(prep):
    with pytest.raises(ValidationError, match="godkänt"):
        services.preparation_place(prep.submitted(), prep.meeting, by=prep.users["secretary"])


def test_an_item_goes_on_its_own_bodys_coming_meeting_only(prep):
    item = prep.approved()
    other = meetings.meeting_create(
        body=prep.other, date=prep.meeting.date, start_time=datetime.time(13)
    )
    with pytest.raises(ValidationError, match="annat organ"):
        services.preparation_place(item, other, by=prep.users["secretary"])
    held = meetings.meeting_create(
        body=prep.body,
        date=timezone.localdate() - datetime.timedelta(days=3),
        start_time=datetime.time(9),
    )
    with pytest.raises(ValidationError, match="hållet"):
        services.preparation_place(item, held, by=prep.users["secretary"])
    item.refresh_from_db()
    assert item.status == Status.APPROVED and item.agenda_item is None


# --- reviewers -----------------------------------------------------------------------------


def test_the_secretary_names_and_removes_reviewers(prep):
    official = prep.users["official"].person
    reviewer = services.reviewer_add(
        prep.body, official, role_label="samverkansledare", by=prep.users["secretary"]
    )
    with pytest.raises(ValidationError, match="redan"):
        services.reviewer_add(prep.body, official, by=prep.users["secretary"])
    services.reviewer_remove(reviewer, by=prep.users["secretary"])
    assert not prep.body.reviewers.filter(person=official).exists()


@pytest.mark.parametrize("who", ["official", "chair", "member"])
def test_only_the_secretariat_names_reviewers(prep, who):
    with pytest.raises(ValidationError):
        services.reviewer_add(prep.body, f.person(), by=prep.users[who])


def test_an_item_removed_from_the_agenda_may_be_placed_again(prep):
    item = prep.approved()
    agenda_item = services.preparation_place(item, prep.meeting, by=prep.users["secretary"])
    meetings.agenda_item_remove(agenda_item)
    item.refresh_from_db()
    assert item.status == Status.PLACED and item.agenda_item is None
    assert Preparation.objects.placeable().filter(pk=item.pk).exists()
    again = services.preparation_place(item, prep.meeting, by=prep.users["secretary"])
    item.refresh_from_db()
    assert item.agenda_item == again
