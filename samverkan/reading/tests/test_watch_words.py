"""Watch words: a member is told when a matching item or case appears, if the member
may read it."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from samverkan.meetings import services as meetings
from samverkan.reading import services
from samverkan.reading.models import WatchHit
from samverkan.reading.rules import watch_word_matches
from samverkan.structure.tests import factories as f

from .factories import room

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("word", "text", "found"),
    [
        ("barn", "Barnens hälsa i länet", True),
        ("barn", "Barnrättsbaserat arbetssätt", True),
        ("barn", "Skolbarn i glesbygd", False),
        ("barn och unga", "Plan för barn   och unga 2027", True),
        ("vårdplats", "Vårdplatser i regionen", True),
        ("vård", "Omvårdnad", False),
    ],
)
def test_a_watch_word_matches_the_beginning_of_a_word_in_any_case(word, text, found):
    assert watch_word_matches(word, text) is found


def test_a_watch_word_is_kept_once_in_lower_case():
    r = room()
    word = services.watch_word_add(user=r.users["member"], word="  Barn  och Unga ")
    assert word.word == "barn och unga"
    with pytest.raises(ValidationError):
        services.watch_word_add(user=r.users["member"], word="barn och unga")
    with pytest.raises(ValidationError):
        services.watch_word_add(user=r.users["member"], word="x")


def test_a_closed_item_is_a_hit_for_those_called_only_and_its_mail_names_nothing(
    django_capture_on_commit_callbacks,
):
    r = room()
    for key in ("member", "outsider"):
        services.watch_word_add(user=r.users[key], word="uppsägning")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item = meetings.agenda_item_add(
            r.meeting,
            title="Uppsägning av avtal med en enskild",
            is_public=False,
            confidentiality_ground="OSL 21 kap. 1 §",
        )
    hits = WatchHit.objects.filter(agenda_item=item)
    assert [h.watch_word.user for h in hits] == [r.users["member"]]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@exempel.invalid"]
    assert "Uppsägning" not in mail.outbox[0].subject + mail.outbox[0].body
    # The hit is listed for the member, and not made again when the item changes.
    assert WatchHit.objects.visible_to(r.users["member"]).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        meetings.agenda_item_update(item, description="Uppsägning igen.")
    assert WatchHit.objects.filter(agenda_item=item).count() == 1


def test_an_open_item_and_a_case_are_hits_for_anyone_watching(django_capture_on_commit_callbacks):
    from samverkan.cases import services as cases
    from samverkan.cases.models import CaseSeries

    r = room()
    r.users["outsider"].email = "utanfor@exempel.invalid"
    r.users["outsider"].save()
    services.watch_word_add(user=r.users["outsider"], word="kollektivtrafik")
    series = CaseSeries.objects.create(code="RS", name="Regionstyrelsen", organisation=f.party())
    with django_capture_on_commit_callbacks(execute=True):
        meetings.agenda_item_add(r.meeting, title="Kollektivtrafiken i länet")
        cases.case_register(
            series=series, title="Kollektivtrafikplan 2027", registered_on=datetime.date.today()
        )
    assert WatchHit.objects.visible_to(r.users["outsider"]).count() == 2
    bodies = " ".join(message.body for message in mail.outbox)
    assert "Kollektivtrafiken i länet" in bodies and "Kollektivtrafikplan 2027" in bodies
