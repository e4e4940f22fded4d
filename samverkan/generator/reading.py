"""The reading view in the demo: a member with an account keeps a private note and a note
shared with the party group on a document of the member's next (or last) meeting, and
watches two words. Deterministic: the first such member by user name, the first document
in agenda order; made once."""

from __future__ import annotations

import datetime

from samverkan.access.policy import audience_for, may_share_with_party
from samverkan.reading import selectors as reading_selectors
from samverkan.reading import services as reading
from samverkan.reading.models import Note, WatchWord
from samverkan.structure.models import Membership
from samverkan.structure.selectors import memberships_in_force

from .world import Names

WATCH_WORDS = ("barn och unga", "vårdplats")


def reading_demo_ensure(names: Names, as_of: datetime.date) -> int:
    """The notes and watch words of the demo member; returns how many were made."""
    seats = (
        memberships_in_force(as_of)
        .filter(
            body__collaboration__slug=names.slug,
            role__in=Membership.VOTING_ROLES,
            person__user__is_active=True,
        )
        .exclude(party_letters="")
        .order_by("person__user__username")
    )
    seat = seats.first()
    if seat is None:
        return 0
    user = seat.person.user
    if Note.objects.filter(author=user).exists() or WatchWord.objects.filter(user=user).exists():
        return 0
    made = 0
    for word in WATCH_WORDS:
        reading.watch_word_add(user=user, word=word)
        made += 1
    kept = reading_selectors.offline_set(audience_for(user))
    document = next(iter(kept.documents), None)
    if document is None:
        return made
    reading.note_create(
        author=user,
        document=document.document,
        page=1,
        text="Fråga förvaltningen om kostnaden för förslaget före sammanträdet.",
    )
    if not may_share_with_party(audience_for(user)):
        return made + 1
    reading.note_create(
        author=user,
        document=document.document,
        page=1,
        text="Gruppen: vi stödjer förslaget men vill se en uppföljning om ett år.",
        visibility=Note.Visibility.PARTY,
    )
    return made + 2
