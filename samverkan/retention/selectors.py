"""Reads for disposal: each document's rule and the day it may go, and the candidates of
a run."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from samverkan.cases.models import RegistryEntry
from samverkan.documents.models import Document

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
    cases: dict[int, list[tuple[str, datetime.date | None]]] = defaultdict(list)
    entries = (
        RegistryEntry.objects.filter(document_id__in=document_ids)
        .select_related("case__series")
        .order_by("document_id", "case__year", "case__number")
    )
    for e in entries:
        item = (e.case.case_number, e.case.closed_on)
        if item not in cases[e.document_id]:  # type: ignore[index]
            cases[e.document_id].append(item)  # type: ignore[index]
    return cases


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


@dataclass(frozen=True)
class Candidate:
    document: Document
    rule: RetentionRule
    case_numbers: tuple[str, ...]
    closed_on: datetime.date
    disposable_on: datetime.date


def disposal_candidates(collaboration_id: int, as_of: datetime.date) -> list[Candidate]:
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
    by_doc = {c.document_id: c for c in classified}
    cases = cases_of_documents(list(by_doc))
    out = []
    for doc_id, c in by_doc.items():
        closings = [closed for _, closed in cases.get(doc_id, [])]
        if not rules.may_dispose(c.rule.action, c.rule.years, closings, as_of):
            continue
        day = rules.disposable_on(c.rule.action, c.rule.years, closings)
        assert day is not None
        out.append(
            Candidate(
                document=c.document,
                rule=c.rule,
                case_numbers=tuple(n for n, _ in cases[doc_id]),
                closed_on=max(d for d in closings if d is not None),
                disposable_on=day,
            )
        )
    return out


def runs_for(collaboration_id: int) -> list[DisposalRun]:
    return list(
        DisposalRun.objects.filter(collaboration_id=collaboration_id)
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")[:200]
    )


def plan_for(collaboration_id: int) -> list[RetentionRule]:
    return list(RetentionRule.objects.filter(collaboration_id=collaboration_id).order_by("code"))
