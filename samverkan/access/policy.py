"""Who may see and change what: the one place that answers it.

Every answer comes from the user's role and the person's memberships on the day. Each
hideable model has a queryset method `visible_to(audience)` that applies the conditions
built here; views, renderers, feeds, search and exports read through those methods and
never look at flags themselves.

The conditions are built with a *lookup prefix* (Open Zaak's habit): the rule for "may
read what a meeting holds" is written once, for a meeting, and an agenda item, a §, a
document link or a search entry reuses it through the path to its meeting
(`"meeting__"`, `"agenda_item__meeting__"`). So this module needs to know bodies and
people only, not the apps above it.

The roles (kommunallagen and OSL practice as the collaboration runs it):
- administrator: everything.
- secretary of a body (a current secretary membership): keeps the body's meetings, reads
  their drafts and closed items, and reads confidential documents of cases the body
  handles.
- chair, vice chair, member, substitute of a body: read everything a meeting of the body
  holds when they held the seat on the meeting day (closed items, their documents, the
  whole bundle), and attested minutes in full; the chair and the chosen attesters read
  the draft minutes they are to sign.
- official (role) with an official's membership in a body (collaboration lead,
  coordinator, adjunct official): reads what the body's meetings hold, like a member.
- registrar of a case series: registers in the series and reads its confidential parts.
- archivist (role, installation-wide like the administrator's): exports records to the
  e-archive — closed items and confidential documents included, each marked with its
  restriction, since the archive must receive the whole record — and prepares and
  confirms disposal. On the site's pages the archivist reads like everyone else (a
  confidential title is masked on the disposal pages too); the export is the one door.
- anonymous and everyone else: what is public.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass, field

from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from samverkan.accounts.models import Role
from samverkan.accounts.permissions import has_role, is_administrator
from samverkan.structure.models import Body, Membership
from samverkan.structure.parties import same_party_group
from samverkan.structure.selectors import memberships_with_effective_period

OFFICIAL_ROLES = (
    Membership.Role.COLLABORATION_LEAD,
    Membership.Role.COORDINATOR,
    Membership.Role.ADJUNCT_OFFICIAL,
)

Period = tuple[int, datetime.date | None, datetime.date | None]


@dataclass(frozen=True)
class Audience:
    """Who is asking, reduced to the facts the rules need."""

    user_id: int | None = None
    person_id: int | None = None
    is_admin: bool = False
    managed_body_ids: frozenset[int] = frozenset()
    # (body, first day, last day) of each seat or official's membership.
    insider_periods: tuple[Period, ...] = field(default_factory=tuple)
    # Bodies where an official (role) holds an official's place today: they prepare its
    # items (beredning).
    official_body_ids: frozenset[int] = frozenset()
    # The archivist (role): takes the records to the e-archive and runs disposal.
    is_archivist: bool = False

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def is_staff_anywhere(self) -> bool:
        return self.is_admin or bool(self.managed_body_ids)


PUBLIC = Audience()


def member_of(body_id: int) -> Audience:
    """The audience of someone called as member or substitute of the body (the notice
    e-mailed to those called, who may have no account)."""
    return Audience(insider_periods=((body_id, None, None),))


def audience_for(user: object, today: datetime.date | None = None) -> Audience:
    """The audience of a user (cached on the user object for the request)."""
    if isinstance(user, Audience):
        return user
    if user is None or not getattr(user, "is_authenticated", False):
        return PUBLIC
    if not getattr(user, "is_active", False):
        return PUBLIC
    cached = getattr(user, "_samverkan_audience", None)
    if cached is not None and today is None:
        return cached
    today = today or timezone.localdate()
    # The roles below are read from the user's groups: one query for all of them.
    with contextlib.suppress(AttributeError, TypeError):
        prefetch_related_objects([user], "groups")  # type: ignore[type-var]
    person = getattr(user, "person", None)
    managed: set[int] = set()
    officials: set[int] = set()
    periods: list[Period] = []
    if person is not None:
        official = has_role(user, Role.OFFICIAL)  # type: ignore[arg-type]
        for m in memberships_with_effective_period().filter(person=person):
            start = m.effective_start_on  # type: ignore[attr-defined]
            end = m.effective_end_on  # type: ignore[attr-defined]
            if m.role == Membership.Role.SECRETARY:
                # The secretariat reads as keeper of the body, and only while it is one.
                if (start is None or start <= today) and (end is None or today <= end):
                    managed.add(m.body_id)
            elif m.role in Membership.SEAT_ROLES or (official and m.role in OFFICIAL_ROLES):
                periods.append((m.body_id, start, end))
                if m.role in OFFICIAL_ROLES and _in_period(today, start, end):
                    officials.add(m.body_id)
    # A collaboration's own administrators keep every body of that collaboration (and
    # only that one): roles are per collaboration.
    managed.update(
        Body.objects.filter(collaboration__administrators=user.pk).values_list(  # type: ignore[attr-defined]
            "pk", flat=True
        )
    )
    audience = Audience(
        user_id=user.pk,  # type: ignore[attr-defined]
        person_id=person.pk if person is not None else None,
        is_admin=is_administrator(user),  # type: ignore[arg-type]
        managed_body_ids=frozenset(managed),
        insider_periods=tuple(periods),
        official_body_ids=frozenset(officials),
        is_archivist=has_role(user, Role.ARCHIVIST),  # type: ignore[arg-type]
    )
    with contextlib.suppress(AttributeError):  # a user object that takes no attributes
        user._samverkan_audience = audience  # type: ignore[attr-defined]
    return audience


def may_share_page(audience: Audience, *, personal: bool) -> bool:
    """Whether a request may be answered from, and its answer kept in, the shared page
    cache (core.pagecache): only the public's, and only a request that carries nothing
    of its own (no session, no API token, no cookie but the CSRF cookie), so what is kept
    is exactly what anybody may read."""
    return audience.is_anonymous and not personal


def _nothing() -> Q:
    return Q(pk__in=[])


def _everything() -> Q:
    # Not an empty Q(): an empty Q vanishes when OR-ed with another condition.
    return Q(pk__isnull=False)


# --- Bodies --------------------------------------------------------------------------


def may_manage_body(audience: Audience, body_id: int | None) -> bool:
    """Administrators, and the body's current secretaries, keep its meetings."""
    return audience.is_admin or (body_id is not None and body_id in audience.managed_body_ids)


def managed_bodies_q(audience: Audience, body: str = "body") -> Q:
    if audience.is_admin:
        return _everything()
    return Q(**{f"{body}_id__in": list(audience.managed_body_ids)})


# --- Meetings --------------------------------------------------------------------------


def _in_period(day: datetime.date, start: datetime.date | None, end: datetime.date | None) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


def meeting_insider_q(audience: Audience, meeting: str = "") -> Q:
    """Meetings whose closed content the audience reads: those it keeps, and those of a
    body where it held a seat (or an official's place) on the meeting day."""
    if audience.is_admin:
        return _everything()
    q = Q(**{f"{meeting}body_id__in": list(audience.managed_body_ids)})
    for body_id, start, end in audience.insider_periods:
        cond = Q(**{f"{meeting}body_id": body_id})
        if start is not None:
            cond &= Q(**{f"{meeting}date__gte": start})
        if end is not None:
            cond &= Q(**{f"{meeting}date__lte": end})
        q |= cond
    return q


def may_read_closed(audience: Audience, body_id: int, day: datetime.date) -> bool:
    """The Python twin of meeting_insider_q, for one meeting already loaded."""
    if may_manage_body(audience, body_id):
        return True
    return any(b == body_id and _in_period(day, s, e) for b, s, e in audience.insider_periods)


def draft_minutes_reader_q(audience: Audience, meeting: str = "") -> Q:
    """Who reads the minutes before they are attested: the secretariat, and the chair and
    attesters who are to sign them."""
    if audience.is_admin:
        return _everything()
    q = Q(**{f"{meeting}body_id__in": list(audience.managed_body_ids)})
    if audience.person_id is not None:
        q |= Q(**{f"{meeting}chair_id": audience.person_id})
        q |= Q(**{f"{meeting}attesters__person_id": audience.person_id})
    return q


def may_read_draft_minutes(
    audience: Audience, body_id: int, chair_id: int | None, attester_ids: set[int]
) -> bool:
    if may_manage_body(audience, body_id):
        return True
    return audience.person_id is not None and (
        audience.person_id == chair_id or audience.person_id in attester_ids
    )


def may_read_meeting_record(
    audience: Audience,
    body_id: int,
    day: datetime.date,
    *,
    sealed: bool,
    chair_id: int | None,
    attester_ids: set[int],
) -> bool:
    """Who was there (attendance, the guests present) and how far the attestation has
    come belong to the minutes: public once the minutes are sealed; before that for
    those who read the meeting's closed items (those called, the secretariat) and the
    draft minutes' readers."""
    return (
        sealed
        or may_read_closed(audience, body_id, day)
        or may_read_draft_minutes(audience, body_id, chair_id, attester_ids)
    )


# --- Cases and documents -----------------------------------------------------------------


def case_confidential_reader_q(audience: Audience, case: str = "") -> Q:
    """Who reads a case's confidential parts: administrators, the registrars of its series
    and the secretaries of bodies that handle the case."""
    if audience.is_admin:
        return _everything()
    if audience.is_anonymous:
        return _nothing()
    return Q(**{f"{case}series__registrars": audience.user_id}) | Q(
        **{f"{case}handlings__body_id__in": list(audience.managed_body_ids)}
    )


def case_linkable_q(audience: Audience, body_id: int, case: str = "") -> Q:
    """Which cases a body's agenda may refer to: a case whose flow passes the body or that
    the body already handles; any case for an administrator or the series' registrars.
    (A reference makes the body a handler of the case, and its secretariat a reader of
    the case's confidential documents: it is not the secretariat's to take.)"""
    if audience.is_admin:
        return _everything()
    q = Q(**{f"{case}case_type__steps__body_id": body_id}) | Q(
        **{f"{case}handlings__body_id": body_id}
    )
    if audience.user_id is not None:
        q |= Q(**{f"{case}series__registrars": audience.user_id})
    return q


def document_editor_q(audience: Audience, document: str = "") -> Q:
    """Who gives a document a new version: administrators, the registrars of a series it
    is registered in, and the secretariat of a body whose unsealed meeting holds it."""
    if audience.is_admin:
        return _everything()
    if audience.is_anonymous:
        return _nothing()
    return Q(**{f"{document}registry_entries__case__series__registrars": audience.user_id}) | Q(
        **{
            f"{document}agenda_links__agenda_item__meeting__body_id__in": list(
                audience.managed_body_ids
            ),
            f"{document}agenda_links__agenda_item__meeting__sealed_at__isnull": True,
        }
    )


# --- Follow-up (uppföljning) ---------------------------------------------------------------


def may_manage_assignments(audience: Audience, body_id: int | None) -> bool:
    """Assignments are given and changed by whoever keeps the body that follows them up."""
    return may_manage_body(audience, body_id)


def may_report_progress(audience: Audience, body_id: int, owner_person_id: int | None) -> bool:
    """Progress is reported by the body's keepers and by the person who owns the
    assignment."""
    return may_manage_body(audience, body_id) or (
        owner_person_id is not None and audience.person_id == owner_person_id
    )


# --- Import of existing documents --------------------------------------------------------


def may_import_meeting(audience: Audience, body_id: int | None) -> bool:
    """Who imports an existing notice or minutes: those who keep the body's meetings
    (may_manage_body); an import that would create a new body, administrators only."""
    if body_id is None:
        return audience.is_admin
    return may_manage_body(audience, body_id)


def may_use_import(audience: Audience) -> bool:
    """The import pages (notices, minutes, persons) are for administrators and the
    secretariat of some body; what each may save is then asked per body."""
    return audience.is_staff_anywhere


# --- The archive ------------------------------------------------------------------------


def may_archive(audience: Audience) -> bool:
    """Who exports records to the e-archive (closed and confidential parts included, marked
    as such) and prepares and confirms disposal runs: the archivist and administrators."""
    return audience.is_admin or audience.is_archivist


# --- The meeting in the room --------------------------------------------------------------


def may_run_live(audience: Audience, body_id: int, chair_id: int | None) -> bool:
    """Who runs the meeting in the room (opens it, moves between items, records who comes
    and goes, opens and closes votes, writes the decisions): the body's secretariat and
    administrators, and the meeting's chair."""
    return may_manage_body(audience, body_id) or (
        audience.person_id is not None and audience.person_id == chair_id
    )


def may_follow_live(
    audience: Audience, body_id: int, day: datetime.date, *, open_to_public: bool
) -> bool:
    """Who follows the meeting as it is held: those who read its closed items (those
    called, the secretariat: may_read_closed) with everything; everyone else only through
    the public web-cast of a meeting open to the public, which never shows a closed item
    (may_read_live_item)."""
    return open_to_public or may_read_closed(audience, body_id, day)


def may_read_live_item(
    audience: Audience, body_id: int, day: datetime.date, is_public: bool
) -> bool:
    """An item on a live screen is shown as it is only to those who read the meeting's
    closed items; anyone else sees a closed item as "Punkten behandlas inom stängda
    dörrar" with no title, case or document."""
    return is_public or may_read_closed(audience, body_id, day)


def may_read_live_decision(audience: Audience, body_id: int, day: datetime.date) -> bool:
    """The decision being written into the draft minutes is shown on the room's own
    screens (those who read the meeting's closed items); the public web-cast does not
    show it: the draft minutes are not public until attested (draft_minutes_reader_q)."""
    return may_read_closed(audience, body_id, day)


# --- The API ------------------------------------------------------------------------------


def may_manage_api_tokens(audience: Audience) -> bool:
    """Tokens for the parties' systems are made, listed and revoked by administrators."""
    return audience.is_admin


def may_register_party_response(token_party_id: int | None, response_party_id: int) -> bool:
    """A party's system answers a recommendation for its own party only."""
    return token_party_id is not None and token_party_id == response_party_id


# --- Preparation (beredning) ----------------------------------------------------------------


def may_prepare_for(audience: Audience, body_id: int | None) -> bool:
    """Who drafts items (tjänsteskrivelser) for a body: administrators, its secretariat and
    the officials who hold an official's place in it today."""
    return may_manage_body(audience, body_id) or (
        body_id is not None and body_id in audience.official_body_ids
    )


def preparing_bodies_q(audience: Audience) -> Q:
    """The Python twin of may_prepare_for, on bodies (the body choices of a new draft)."""
    if audience.is_admin:
        return _everything()
    return Q(pk__in=sorted(audience.managed_body_ids | audience.official_body_ids))


def preparation_reader_q(audience: Audience, preparation: str = "") -> Q:
    """Who reads an item in preparation: its author, those who prepare for its body (the
    secretariat, the body's officials), the body's named reviewers and administrators.
    Never the public: a draft is not yet a document anyone else may read."""
    if audience.is_admin:
        return _everything()
    if audience.is_anonymous:
        return _nothing()
    q = Q(**{f"{preparation}author_id": audience.user_id}) | Q(
        **{
            f"{preparation}body_id__in": sorted(
                audience.managed_body_ids | audience.official_body_ids
            )
        }
    )
    if audience.person_id is not None:
        q |= Q(**{f"{preparation}body__reviewers__person_id": audience.person_id})
    return q


def may_read_preparation(
    audience: Audience, body_id: int, author_id: int | None, reviewer_ids: set[int]
) -> bool:
    """The Python twin of preparation_reader_q, for one item already loaded."""
    if may_edit_preparation(audience, body_id, author_id):
        return True
    return audience.person_id is not None and audience.person_id in reviewer_ids


def may_edit_preparation(audience: Audience, body_id: int, author_id: int | None) -> bool:
    """Who changes a draft or a returned item: its author and those who prepare for its
    body."""
    if audience.is_anonymous:
        return False
    return (author_id is not None and author_id == audience.user_id) or may_prepare_for(
        audience, body_id
    )


def may_review_preparation(
    audience: Audience, author_id: int | None, reviewer_ids: set[int]
) -> bool:
    """Who approves or sends back: the body's named reviewers, never the item's own
    author (two pairs of eyes)."""
    if audience.person_id is None or audience.person_id not in reviewer_ids:
        return False
    return author_id is None or author_id != audience.user_id


# --- Parties ------------------------------------------------------------------------------


def may_change_party_address(audience: Audience) -> bool:
    """A party's registry address decides where extracts and recommendations to the
    party go. Administrators and the registry staff (the registrars of a case series)
    keep it; a body's secretariat sends to it but does not change it."""
    if audience.is_admin:
        return True
    if audience.user_id is None:
        return False
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(pk=audience.user_id, registrar_series__isnull=False)
        .exists()
    )


# --- Persons -------------------------------------------------------------------------------


def may_change_person(audience: Audience, person: object) -> bool:  # a Person or its id
    """A person's name and e-mail address decide where the notices of every body the
    person sits in go. Administrators change anyone; the secretariat of some bodies a
    person all of whose memberships (ever) are in bodies it keeps, or who has none yet.
    Everyone else, no one."""
    if audience.is_admin:
        return True
    if not audience.managed_body_ids:
        return False
    from samverkan.structure.services import person_within_bodies

    person_id = person if isinstance(person, int) else getattr(person, "pk", None)
    return person_within_bodies(person_id, audience.managed_body_ids)


# --- Meeting load and fee basis (workload) -------------------------------------------------


def may_read_fee_basis(audience: Audience) -> bool:
    """Per-person meeting hours and the fee basis (arvodesunderlag) are payroll data:
    administrators, and the secretariat (each only for the bodies it keeps, see
    fee_basis_q). Members and the public see per-party figures only."""
    return audience.is_admin or bool(audience.managed_body_ids)


def fee_basis_q(audience: Audience, body: str = "meeting__body") -> Q:
    """The attendance rows a reader of the fee basis gets: those of the bodies kept."""
    return managed_bodies_q(audience, body)


def public_attendance_q(meeting: str = "meeting__") -> Q:
    """Attendance is public with the attested minutes: figures for everyone count only
    meetings whose minutes are sealed."""
    return Q(**{f"{meeting}sealed_at__isnull": False})


# --- Shared costs --------------------------------------------------------------------------


def may_change_costs(audience: Audience, collaboration_id: int | None) -> bool:
    """Cost allocations between public authorities are public records: everyone reads
    them. Population figures, keys, cost items and allocations are kept by the
    collaboration's secretariat (a current secretary of one of its bodies) and its
    administrators (who keep all its bodies); administrators of the installation too."""
    if audience.is_admin:
        return True
    if collaboration_id is None or not audience.managed_body_ids:
        return False
    return Body.objects.filter(
        collaboration_id=collaboration_id, pk__in=audience.managed_body_ids
    ).exists()


# --- Notes on documents (the reading view) -------------------------------------------------


def party_group_person_ids(person_id: int | None, today: datetime.date | None = None) -> set[int]:
    """The person's party group today: everyone holding a seat (chair, vice chair, member,
    substitute) in a body where the person holds a seat today, for the same party. The
    person is in it while holding a seat; someone whose seats have ended has no group."""
    if person_id is None:
        return set()
    from samverkan.structure.selectors import memberships_in_force

    today = today or timezone.localdate()
    seats = memberships_in_force(today).filter(role__in=Membership.SEAT_ROLES)
    own = list(
        seats.filter(person_id=person_id).values_list("body_id", "party_id", "party_letters")
    )
    if not own:
        return set()
    group: set[int] = set()
    others = seats.filter(body_id__in={b for b, _, _ in own}).values_list(
        "person_id", "body_id", "party_id", "party_letters"
    )
    for other, body_id, party_id, letters in others:
        if any(b == body_id and same_party_group(p, lt, party_id, letters) for b, p, lt in own):
            group.add(other)
    return group


def note_reader_q(audience: Audience, note: str = "") -> Q:
    """Who reads a note written on a page of a document: its author; a note shared with
    the party group (visibility "party") also the author's party group today
    (party_group_person_ids). No one else, administrators included: a note is a
    member's working paper, never a public document. (That the reader may still read
    the document is asked of the document: Note.objects.visible_to.)"""
    if audience.user_id is None:
        return _nothing()
    q = Q(**{f"{note}author_id": audience.user_id})
    if audience.person_id is not None:
        # The group is symmetric: those in my group are those whose group I am in.
        peers = party_group_person_ids(audience.person_id) - {audience.person_id}
        if peers:
            q |= Q(**{f"{note}visibility": "party", f"{note}author__person__in": sorted(peers)})
    return q


def may_read_note(
    audience: Audience, author_id: int, author_person_id: int | None, visibility: str
) -> bool:
    """The Python twin of note_reader_q, for one note already loaded."""
    if audience.user_id is None:
        return False
    if audience.user_id == author_id:
        return True
    return (
        visibility == "party"
        and audience.person_id is not None
        and author_person_id is not None
        and author_person_id in party_group_person_ids(audience.person_id)
    )


def may_change_note(audience: Audience, author_id: int) -> bool:
    """A note is changed and deleted by its author only."""
    return audience.user_id is not None and audience.user_id == author_id


def may_share_with_party(audience: Audience) -> bool:
    """A note is shared with a party group only by someone who holds a seat today."""
    return bool(party_group_person_ids(audience.person_id))


def may_use_reading_view(audience: Audience) -> bool:
    """The reading view (läsplattan) is for those called to a body's meetings or keeping
    them: a seat, an official's place or a secretary's membership (the navigation link;
    the pages themselves are open to anyone signed in, and list what the policy lets
    them read)."""
    return bool(audience.insider_periods or audience.managed_body_ids)
