"""Reads for disposal: each document's rule and the day it may go, and the candidates of
a run."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from samverkan.cases.models import Case, RegistryEntry
from samverkan.documents.models import Document
from samverkan.meetings.models import SupportingDocument

from . import rules
from .models import DisposalRun, DocumentClassification, RetentionRule


@dataclass(frozen=True)
class DisposalInfo:
    rule_code: str
    rule_name: str
    action: str  # "keep" or "dispose"
    years: int | None
    disposal_on: datetime.date | None  # None: kept, or a case still open
    case_numbers: tuple[str, ...]
    closed_on: datetime.date | None  # the last closing of its cases (None if any is open)


def cases_of_documents(
    document_ids: list[int],
) -> dict[int, list[tuple[str, datetime.date | None]]]:
    """Each document's cases (number, closing day): those it is registered in, and those
    of the agenda items it supports — a document is judged by every case it belongs to."""
    cases: dict[int, list[tuple[str, datetime.date | None]]] = defaultdict(list)

    def add(document_id: int, case: Case) -> None:
        item = (case.case_number, case.closed_on)
        if item not in cases[document_id]:
            cases[document_id].append(item)

    entries = (
        RegistryEntry.objects.filter(document_id__in=document_ids)
        .select_related("case__series")
        .order_by("document_id", "case__year", "case__number")
    )
    for e in entries:
        add(e.document_id, e.case)  # type: ignore[arg-type]
    links = (
        SupportingDocument.objects.filter(
            document_id__in=document_ids, agenda_item__case__isnull=False
        )
        .select_related("agenda_item__case__series")
        .order_by("document_id", "pk")
    )
    for link in links:
        add(link.document_id, link.agenda_item.case)
    return cases


def document_collaboration_ids(document: Document) -> set[int]:
    """The collaborations a document belongs to: through its registry entries' case
    series and the meetings whose items it supports."""
    ids = set(
        RegistryEntry.objects.filter(document=document).values_list(
            "case__series__collaboration_id", flat=True
        )
    )
    ids.update(
        SupportingDocument.objects.filter(document=document).values_list(
            "agenda_item__meeting__body__collaboration_id", flat=True
        )
    )
    return {i for i in ids if i is not None}


@dataclass(frozen=True)
class Judgement:
    classification: DocumentClassification
    case_numbers: tuple[str, ...]
    closings: tuple[datetime.date | None, ...]
    allowed: bool  # the rules allow removing it on the day

    @property
    def closed_on(self) -> datetime.date | None:
        if not self.closings or any(c is None for c in self.closings):
            return None
        return max(c for c in self.closings if c is not None)

    @property
    def disposable_on(self) -> datetime.date | None:
        rule = self.classification.rule
        return rules.disposable_on(rule.action, rule.years, self.closings)


def disposal_judge(
    classifications: Iterable[DocumentClassification], as_of: datetime.date
) -> list[Judgement]:
    """For each classified document: may a run on `as_of` remove it? The one place the
    rule is applied to the data (a proposal and its confirmation both ask here)."""
    items = list(classifications)
    cases = cases_of_documents([c.document_id for c in items])
    out = []
    for c in items:
        found = cases.get(c.document_id, [])
        closings = tuple(closed for _, closed in found)
        out.append(
            Judgement(
                classification=c,
                case_numbers=tuple(n for n, _ in found),
                closings=closings,
                allowed=rules.may_dispose(
                    c.rule.action,
                    c.rule.years,
                    closings,
                    as_of,
                    already_disposed=c.document.disposed_at is not None,
                ),
            )
        )
    return out


def disposal_info(documents: Iterable[Document]) -> dict[int, DisposalInfo]:
    """Per classified document: its rule and the day it may be disposed of. Documents
    without a class are left out: no rule, nothing is ever done to them."""
    ids = [d.pk for d in documents]
    classified = {
        c.document_id: c.rule
        for c in DocumentClassification.objects.filter(document_id__in=ids).select_related("rule")
    }
    cases = cases_of_documents(list(classified))
    out: dict[int, DisposalInfo] = {}
    for doc_id, rule in classified.items():
        closings = [closed for _, closed in cases.get(doc_id, [])]
        last = (
            max(c for c in closings if c is not None)
            if closings and all(c is not None for c in closings)
            else None
        )
        out[doc_id] = DisposalInfo(
            rule_code=rule.code,
            rule_name=rule.name,
            action=rule.action,
            years=rule.years,
            disposal_on=rules.disposable_on(rule.action, rule.years, closings),
            case_numbers=tuple(n for n, _ in cases.get(doc_id, [])),
            closed_on=last,
        )
    return out


def disposal_candidates(collaboration_id: int, as_of: datetime.date) -> list[Judgement]:
    """What the collaboration's rules allow to remove on `as_of`: classified by a rule
    that disposes, every case it belongs to closed long enough ago, not yet disposed."""
    classified = (
        DocumentClassification.objects.filter(
            rule__collaboration_id=collaboration_id,
            rule__action=RetentionRule.Action.DISPOSE,
            document__disposed_at__isnull=True,
        )
        .select_related("rule", "document")
        .order_by("document_id")
    )
    return [j for j in disposal_judge(classified, as_of) if j.allowed]


def runs_for(collaboration_id: int) -> list[DisposalRun]:
    return list(
        DisposalRun.objects.filter(collaboration_id=collaboration_id)
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")[:200]
    )


def plan_for(collaboration_id: int) -> list[RetentionRule]:
    return list(RetentionRule.objects.filter(collaboration_id=collaboration_id).order_by("code"))
