"""The reading view in the access tests' world: the member and the substitute of RSR sit
for the same party (S), the chair for another (M). The member keeps a private note and a
note shared with the party group on the closed item's document (each carrying its
marker), and watches the search word: a hit on the closed item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samverkan.reading import services
from samverkan.reading.models import Note, WatchHit, WatchWord
from samverkan.structure.models import Membership
from samverkan.structure.services import membership_save

from ...access.tests.world import (
    CHAIR,
    MEMBER,
    MEMBER_OTHER,
    NOTE_PARTY,
    NOTE_PRIVATE,
    SEARCH_WORD,
    SUBSTITUTE,
    m,
)


@dataclass
class ReadingWorld:
    private_note: Note
    party_note: Note
    watch_word: WatchWord
    hits: list[WatchHit]


def reading_build(world: Any) -> ReadingWorld:
    for role, letters in ((MEMBER, "S"), (SUBSTITUTE, "S"), (CHAIR, "M")):
        seat = Membership.objects.get(person=world.persons[role], body=world.rsr)
        seat.party_letters = letters
        membership_save(seat)
    member = world.users[MEMBER]
    document = world.closed_doc.document
    private_note = services.note_create(
        author=member, document=document, page=1, text=m(NOTE_PRIVATE, "note text")
    )
    party_note = services.note_create(
        author=member,
        document=document,
        page=1,
        text=m(NOTE_PARTY, "note text"),
        visibility=Note.Visibility.PARTY,
    )
    watch_word = services.watch_word_add(user=member, word=SEARCH_WORD)
    # Someone outside RSR watches the same word: the closed item is no hit of theirs.
    services.watch_word_add(user=world.users[MEMBER_OTHER], word=SEARCH_WORD)
    hits = services.watch_hits_record_for_item(world.closed_item.pk)
    return ReadingWorld(
        private_note=private_note, party_note=party_note, watch_word=watch_word, hits=hits
    )
