"""What OParl shows: the public data of one collaboration, read through the access policy
with the PUBLIC audience only, with each row's created/modified from the audit log.

Each OParl list is a queryset of one model ordered by primary key, so a client paging
with `after=<pk>` neither skips nor repeats a row while rows are added or removed (new
rows get higher keys; a removed row does not move the others)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, F, Min, OuterRef, Q, Subquery, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from samverkan.access.policy import PUBLIC
from samverkan.audit.models import AuditEntry
from samverkan.cases.models import Case, Handling, RegistryEntry
from samverkan.documents.models import Document
from samverkan.meetings.models import AgendaItem, Meeting, Section, SupportingDocument
from samverkan.structure.models import Body, Collaboration, Membership, Person, Term

# A row the audit log knows nothing of (loaded before the log existed) gets this instant
# as both created and modified: OParl requires the fields, and an old date never makes
# a client's modified_since walk miss a later change (every change is logged).
UNKNOWN_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def built_once(build: Callable[..., models.QuerySet]) -> Callable[..., models.QuerySet]:
    """A queryset built once per process for its arguments and handed out as a copy.

    Building the PUBLIC audience's querysets (the access policy's EXISTS tests, the audit
    log's times) cost an OParl list page more than reading its rows: at national scale
    most of a page's time was Python building queries, not SQL. Only for what is the same
    on every call with the same arguments: the PUBLIC audience's conditions hold no date
    and no person (access.policy), and a content type's key is among the arguments where
    the queryset holds it. The kept queryset is never evaluated: each caller gets a copy
    (`.all()`) with its own results."""
    kept = functools.lru_cache(maxsize=1024)(build)

    @functools.wraps(build)
    def copy(*args: object) -> models.QuerySet:
        return kept(*args).all()

    return copy


def with_times(
    qs: models.QuerySet, model: type[models.Model] | None = None, key: str = "pk"
) -> models.QuerySet:
    """Annotate `oparl_created` (first audit entry) and `oparl_modified` (last one) of
    the row, or of the `model` row its field `key` names (a link's document)."""
    ct = ContentType.objects.get_for_model(model or qs.model)
    entries = AuditEntry.objects.filter(
        content_type=ct, object_id=Cast(OuterRef(key), models.CharField())
    )
    first = entries.order_by("occurred_at", "pk").values("occurred_at")[:1]
    last = entries.order_by("-occurred_at", "-pk").values("occurred_at")[:1]
    return qs.annotate(
        oparl_created=Coalesce(Subquery(first), Value(UNKNOWN_TIME)),
        oparl_modified=Coalesce(Subquery(last), Value(UNKNOWN_TIME)),
    )


def changed_since(model: type[models.Model], moment: datetime.datetime) -> models.QuerySet:
    """The keys of the model's rows with an audit entry at or after the moment.

    A row's modified is its last entry, so after UNKNOWN_TIME these are the only rows a
    modified_since walk can return: read first, through the log's index on its time,
    they spare computing every row's last change (an incremental walk with no changes
    reads no row of the list)."""
    ct = ContentType.objects.get_for_model(model)
    return (
        AuditEntry.objects.filter(content_type=ct, occurred_at__gte=moment)
        .annotate(key=Cast("object_id", models.BigIntegerField()))
        .values("key")
    )


def _was_logged(model: type[models.Model], **after: object) -> Exists:
    """Whether the audit log shows the row once in this state (e.g. public)."""
    ct = ContentType.objects.get_for_model(model)
    return Exists(
        AuditEntry.objects.filter(
            content_type=ct,
            object_id=Cast(OuterRef("pk"), models.CharField()),
            **{f"after__{k}": v for k, v in after.items()},
        )
    )


def agenda_items_gone(c: Collaboration | None = None) -> models.QuerySet[AuditEntry]:
    """Public agenda items removed from a meeting of the collaboration, as the audit log
    keeps them (one delete entry each): listed as deleted under modified_since. Their
    created is the item's first entry, their modified the removal."""
    ct = ContentType.objects.get_for_model(AgendaItem)
    first = (
        AuditEntry.objects.filter(content_type=ct, object_id=OuterRef("object_id"))
        .order_by("occurred_at", "pk")
        .values("occurred_at")[:1]
    )
    entries = AuditEntry.objects.filter(
        content_type=ct, action=AuditEntry.Action.DELETE, before__is_public=True
    ).annotate(oparl_created=Subquery(first), oparl_modified=F("occurred_at"))
    if c is None:
        return entries
    meetings = Meeting.objects.filter(body__collaboration=c).values("pk")
    return entries.annotate(
        oparl_meeting=Cast(KeyTextTransform("meeting_id", "before"), models.IntegerField())
    ).filter(oparl_meeting__in=meetings)


def collaborations() -> models.QuerySet[Collaboration]:
    return with_times(Collaboration.objects.order_by("pk"))


# --- Public rows of a collaboration ---------------------------------------------------


@built_once
def public_agenda_items() -> models.QuerySet[AgendaItem]:
    return AgendaItem.objects.visible_to(PUBLIC)


@built_once
def public_sections() -> models.QuerySet[Section]:
    return Section.objects.public()


@built_once
def public_documents() -> models.QuerySet[Document]:
    """Public documents whose files exist: a disposed one (gallrad) is shown as deleted."""
    return Document.objects.visible_to(PUBLIC).filter(disposed_at__isnull=True)


@built_once
def public_handlings() -> models.QuerySet[Handling]:
    return Handling.objects.visible_to(PUBLIC)


@built_once
def public_supporting_documents() -> models.QuerySet[SupportingDocument]:
    return SupportingDocument.objects.visible_to(PUBLIC)


@built_once
def _timed(build: Callable[[], models.QuerySet], content_type: int) -> models.QuerySet:
    return with_times(build())


def timed(build: Callable[[], models.QuerySet]) -> models.QuerySet:
    """`with_times(build())`, built once (built_once): the key its times are read by is
    part of the kept queryset's arguments."""
    model = build().model
    return _timed(build, ContentType.objects.get_for_model(model).pk)


def _closed_items_of_meeting() -> Exists:
    return Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"), is_public=False))


@built_once
def meetings_with_public_minutes() -> models.QuerySet[Meeting]:
    """Sealed meetings whose minutes the public reads: the version cut for the public,
    or the sealed original when no item was closed (as meetings' minutes_pdf serves it)."""
    return (
        Meeting.objects.filter(sealed_at__isnull=False)
        .exclude(minutes_pdf="")
        .filter(~Q(public_minutes_pdf="") | ~_closed_items_of_meeting())
    )


def documents_of(collaboration: Collaboration) -> models.QuerySet[Document]:
    """Documents registered in the collaboration's cases or on its meetings' agendas, as
    one set (read whole: to count them, or to find the first of them)."""
    by_case = Document.objects.filter(
        registry_entries__case__series__collaboration=collaboration
    ).values("pk")
    by_meeting = Document.objects.filter(
        agenda_links__agenda_item__meeting__body__collaboration=collaboration
    ).values("pk")
    return Document.objects.filter(Q(pk__in=by_case) | Q(pk__in=by_meeting))


def of_collaboration(collaboration: Collaboration) -> Q:
    """The same documents as `documents_of`, as a test of each document by its links:
    for a page's rows, tried one by one, instead of the whole set built first (a national
    collaboration's 88 000 documents, 200 ms a page on SQLite)."""
    by_case = RegistryEntry.objects.filter(
        document=OuterRef("pk"), case__series__collaboration=collaboration
    )
    by_meeting = SupportingDocument.objects.filter(
        document=OuterRef("pk"), agenda_item__meeting__body__collaboration=collaboration
    )
    return Q(Exists(by_case)) | Q(Exists(by_meeting))


@dataclass(frozen=True)
class Kind:
    """One OParl list: its public rows, and (under modified_since) the rows that stopped
    being public, shown as deleted."""

    name: str  # the path segment of the list and of its objects
    public: Callable[[Collaboration], models.QuerySet]
    withdrawn: Callable[[Collaboration], models.QuerySet] | None = None
    # The public rows as a query that reads them as one set, where that is quicker than
    # `public` when all of them are read (counted, or searched for the first).
    whole: Callable[[Collaboration], models.QuerySet] | None = None

    def all_public(self, c: Collaboration) -> models.QuerySet:
        """The public rows, to be read as a whole (the same rows as `public`)."""
        return (self.whole or self.public)(c)


def _organizations(c: Collaboration) -> models.QuerySet:
    return Body.objects.filter(collaboration=c)


def _persons(c: Collaboration) -> models.QuerySet:
    # Persons with a membership in one of the collaboration's bodies (the structure is
    # public; e-mail addresses are never shown).
    ids = Membership.objects.filter(body__collaboration=c).values("person_id")
    return Person.objects.filter(pk__in=ids)


def _memberships(c: Collaboration) -> models.QuerySet:
    return Membership.objects.filter(body__collaboration=c)


def _meetings(c: Collaboration) -> models.QuerySet:
    return Meeting.objects.visible_to(PUBLIC).filter(body__collaboration=c)


def _agenda_items(c: Collaboration) -> models.QuerySet:
    return public_agenda_items().filter(meeting__body__collaboration=c)


def _agenda_items_withdrawn(c: Collaboration) -> models.QuerySet:
    # Items closed after having been public: gone from the public, listed as deleted.
    return (
        AgendaItem.objects.filter(meeting__body__collaboration=c)
        .exclude(pk__in=public_agenda_items().values("pk"))
        .filter(_was_logged(AgendaItem, is_public=True))
    )


def _papers(c: Collaboration) -> models.QuerySet:
    return Case.objects.visible_to(PUBLIC).filter(series__collaboration=c)


def _consultations(c: Collaboration) -> models.QuerySet:
    return Handling.objects.visible_to(PUBLIC).filter(case__series__collaboration=c)


def _consultations_withdrawn(c: Collaboration) -> models.QuerySet:
    # A handling whose agenda item was closed after having been public.
    return Handling.objects.filter(
        case__series__collaboration=c, agenda_item__in=_agenda_items_withdrawn(c).values("pk")
    )


def _files(c: Collaboration) -> models.QuerySet:
    return public_documents().filter(of_collaboration(c))


def _files_whole(c: Collaboration) -> models.QuerySet:
    return public_documents().filter(pk__in=documents_of(c).values("pk"))


def _files_withdrawn(c: Collaboration) -> models.QuerySet:
    # A public document disposed of (gallrad) is gone: shown as deleted. A confidential
    # document is never told, not even as deleted: the log cannot tell a document marked
    # confidential later from one marked as it was stored (the store writes it in two
    # steps), and "deleted" would tell the public that it exists.
    return Document.objects.visible_to(PUBLIC).filter(
        disposed_at__isnull=False, pk__in=documents_of(c).values("pk")
    )


def _protocols(c: Collaboration) -> models.QuerySet:
    return meetings_with_public_minutes().filter(body__collaboration=c)


@built_once
def meetings_with_notice() -> models.QuerySet[Meeting]:
    """Meetings whose notice has been sent: the public reads its public version."""
    return Meeting.objects.filter(notice_sent_at__isnull=False)


def _invitations(c: Collaboration) -> models.QuerySet:
    return meetings_with_notice().filter(body__collaboration=c)


def _terms(c: Collaboration) -> models.QuerySet:
    return Term.objects.filter(collaboration=c)


def _locations(c: Collaboration) -> models.QuerySet:
    """One Location per distinct meeting place of the collaboration, named by its first
    meeting there (so its id stays while meetings are added)."""
    return Meeting.objects.filter(pk__in=location_keys(c).values("first"))


def location_keys(c: Collaboration) -> models.QuerySet:
    return (
        Meeting.objects.filter(body__collaboration=c)
        .exclude(place="")
        .values("place")
        .annotate(first=Min("pk"))
        .values("place", "first")
    )


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("organization", _organizations),
        Kind("person", _persons),
        Kind("membership", _memberships),
        Kind("meeting", _meetings),
        Kind("agendaitem", _agenda_items, _agenda_items_withdrawn),
        Kind("paper", _papers),
        Kind("consultation", _consultations, _consultations_withdrawn),
        Kind("file", _files, _files_withdrawn, _files_whole),
        Kind("protocol", _protocols),
        Kind("invitation", _invitations),
        Kind("legislativeterm", _terms),
        Kind("location", _locations),
    )
}


def local(moment: datetime.datetime) -> str:
    """An OParl date-time: yyyy-mm-ddThh:mm:ss±hh:mm in the site's time zone (its zone
    read once: timezone.localtime asks for the request's on every call, a tenth of a
    national meeting list's time)."""
    if timezone.is_naive(moment):
        raise ValueError("En OParl-tidpunkt måste ha en tidszon.")
    return moment.astimezone(timezone.get_default_timezone()).isoformat(timespec="seconds")
