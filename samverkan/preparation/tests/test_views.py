"""The preparation pages, as the users who work in them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.meetings.models import AgendaItem
from samverkan.preparation.models import Preparation, Reviewer


def as_user(client, prep, who):
    client.force_login(prep.users[who])
    return client


def test_an_official_drafts_attaches_and_submits_from_the_pages(client, prep):
    as_user(client, prep, "official")
    response = client.post(
        reverse("preparation:create"),
        {
            "body": prep.body.pk,
            "title": "Plan för barns hälsa",
            "background": "Bakgrunden.",
            "assessment": "Bedömningen.",
            "proposed_decision": "Att godkänna planen.",
            "dispatch_to": "Norrby kommun\nSödertorp kommun",
            "contact": "Tove",
            "is_public": "on",
        },
    )
    draft = Preparation.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.dispatch_list == ["Norrby kommun", "Södertorp kommun"]
    assert "Södertorp kommun" in client.get(draft.get_absolute_url()).content.decode()
    client.post(
        reverse("preparation:document_add", args=[draft.pk]),
        {"title": "Underlag", "file": SimpleUploadedFile("u.txt", b"Underlagets text.")},
    )
    assert draft.documents.count() == 1
    client.post(reverse("preparation:submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Preparation.Status.SUBMITTED
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Inskickat för granskning" in page and "Underlag" in page


def test_the_chair_sends_back_with_a_comment_and_approves_later(client, prep):
    item = prep.submitted()
    as_user(client, prep, "chair")
    overview = client.get(reverse("preparation:overview")).content.decode()
    assert item.title in overview
    client.post(reverse("preparation:review", args=[item.pk]), {"action": "return", "comment": ""})
    item.refresh_from_db()
    assert item.status == Preparation.Status.SUBMITTED  # no comment: nothing happens
    client.post(
        reverse("preparation:review", args=[item.pk]),
        {"action": "return", "comment": "Mer om barn."},
    )
    item.refresh_from_db()
    assert item.status == Preparation.Status.RETURNED
    assert "Mer om barn." in client.get(item.get_absolute_url()).content.decode()


def test_the_secretary_places_from_the_bodys_queue(client, prep):
    item = prep.approved()
    as_user(client, prep, "secretary")
    queue = client.get(reverse("preparation:body", args=[prep.body.slug])).content.decode()
    assert item.title in queue and "Placera på sammanträde" in queue
    response = client.post(
        reverse("preparation:place", args=[item.pk]), {"meeting": prep.meeting.pk}
    )
    assert response["Location"] == reverse("meetings:agenda", args=[prep.meeting.pk])
    assert AgendaItem.objects.filter(meeting=prep.meeting, title=item.title).exists()


def test_a_bad_meeting_choice_is_a_message_not_an_error(client, prep):
    item = prep.approved()
    as_user(client, prep, "secretary")
    for value in ("99999999999999999999", "x", ""):
        response = client.post(reverse("preparation:place", args=[item.pk]), {"meeting": value})
        assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Preparation.Status.APPROVED


def test_an_unknown_case_number_is_a_form_error_and_nothing_is_saved(client, prep):
    as_user(client, prep, "official")
    response = client.post(
        reverse("preparation:create"),
        {"body": prep.body.pk, "title": "Plan", "case_number": "RS/1/2026", "is_public": "on"},
    )
    assert response.status_code == 200
    assert "Det finns inget ärende RS/1/2026" in response.content.decode()
    assert not Preparation.objects.exists()


def test_a_closed_item_without_ground_is_a_form_error(client, prep):
    as_user(client, prep, "official")
    response = client.post(reverse("preparation:create"), {"body": prep.body.pk, "title": "Plan"})
    assert response.status_code == 200
    assert "Ange lagrum" in response.content.decode()


@pytest.mark.parametrize("who", ["member", "other_official"])
def test_others_meet_a_closed_door(client, prep, who):
    item = prep.submitted()
    as_user(client, prep, who)
    assert client.get(item.get_absolute_url()).status_code == 404
    # The other body's official drafts for the other body only.
    expected = 200 if who == "other_official" else 403
    assert client.get(reverse("preparation:create")).status_code == expected
    assert client.get(reverse("preparation:body", args=[prep.body.slug])).status_code == 403
    assert client.get(reverse("preparation:reviewers", args=[prep.body.slug])).status_code == 403


def test_the_secretary_names_reviewers_on_a_page(client, prep):
    as_user(client, prep, "secretary")
    person = prep.users["official"].person
    client.post(
        reverse("preparation:reviewers", args=[prep.body.slug]),
        {"person": person.pk, "role_label": "samverkansledare"},
    )
    reviewer = Reviewer.objects.get(body=prep.body, person=person)
    assert reviewer.role_label == "samverkansledare"
    client.post(reverse("preparation:reviewers", args=[prep.body.slug]), {"remove": reviewer.pk})
    assert not Reviewer.objects.filter(pk=reviewer.pk).exists()


def test_placing_after_the_day_for_cases_tells_the_secretary(client, prep):
    import datetime

    from django.utils import timezone

    from samverkan.meetings.models import Meeting

    soon = timezone.localdate() + datetime.timedelta(days=3)  # cases were due 21 days before
    Meeting.objects.filter(pk=prep.meeting.pk).update(date=soon)
    item = prep.approved()
    as_user(client, prep, "secretary")
    url = reverse("preparation:place", args=[item.pk])
    page = client.post(url, {"meeting": prep.meeting.pk}, follow=True).content.decode()
    assert "Ärendet är placerat på dagordningen" in page
    assert "Ärenden klara" in page and "för sen" in page
