"""Writes for disposal: the plan's rules, classification, and disposal runs (proposed,
then confirmed by an archivist or cancelled)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from samverkan.access.policy import audience_for, may_archive
from samverkan.documents.events import documents_disposed
from samverkan.documents.models import Document, DocumentVersion
from samverkan.structure.models import Collaboration

from .models import DisposalLine, DisposalRun, DocumentClassification, RetentionRule
from .rules import retention_rule_validate
from .selectors import disposal_candidates, disposal_judge, document_collaboration_ids


def _archivist(user: Any) -> None:
    if not may_archive(audience_for(user)):
        raise PermissionDenied("Bara arkivarien och administratörer gallrar.")


@transaction.atomic
def retention_rule_create(
    *,
    collaboration: Collaboration,
    code: str,
    name: str,
    action: str,
    years: int | None = None,
    legal_basis: str = "",
    note: str = "",
    is_demo: bool = False,
    user: Any = None,
) -> RetentionRule:
    if user is not None:
        _archivist(user)
    retention_rule_validate(action, years)
    if RetentionRule.objects.filter(collaboration=collaboration, code=code).exists():
        raise ValidationError({"code": f"Klassen {code} finns redan i planen."})
    return RetentionRule.objects.create(
        collaboration=collaboration,
        code=code,
        name=name,
        action=action,
        years=years,
        legal_basis=legal_basis,
        note=note,
        is_demo=is_demo,
    )


@transaction.atomic
def document_classify(document: Document, rule: RetentionRule, *, user: Any = None) -> None:
    """Give a document its class in the plan (or a new one)."""
    if user is not None:
        _archivist(user)
    if document.disposed_at is not None:
        raise ValidationError("Handlingen är redan gallrad.")
    if rule.collaboration_id not in document_collaboration_ids(document):
        raise ValidationError(
            {"rule": "Handlingen hör inte till den samverkan vars plan regeln står i."}
        )
    DocumentClassification.objects.update_or_create(
        document=document,
        defaults={"rule": rule, "classified_by": user if user is not None else None},
    )


@transaction.atomic
def disposal_run_propose(
    *, collaboration: Collaboration, as_of: datetime.date | None = None, user: Any = None
) -> DisposalRun:
    """List what the rules allow to remove on the day; nothing is removed until an
    archivist confirms."""
    if user is not None:
        _archivist(user)
    today = timezone.localdate()
    as_of = as_of or today
    if as_of > today:
        raise ValidationError({"as_of": "En gallring kan inte göras per en dag i framtiden."})
    if DisposalRun.objects.filter(
        collaboration=collaboration, status=DisposalRun.Status.PROPOSED
    ).exists():
        raise ValidationError(
            "Det finns redan ett gallringsförslag som väntar på beslut; bekräfta eller "
            "avbryt det först."
        )
    run = DisposalRun.objects.create(collaboration=collaboration, as_of=as_of, proposed_by=user)
    for j in disposal_candidates(collaboration.pk, as_of):
        document, rule = j.classification.document, j.classification.rule
        versions = list(document.versions.order_by("-number"))
        assert j.closed_on is not None and j.disposable_on is not None
        DisposalLine.objects.create(
            run=run,
            document=document,
            title=document.title,
            case_numbers=", ".join(j.case_numbers),
            closed_on=j.closed_on,
            rule_code=rule.code,
            rule_description=f"{rule.name}: {rule.description.lower()}",
            disposable_on=j.disposable_on,
            versions=len(versions),
            sha256=versions[0].sha256 if versions else "",
            size=sum(v.size for v in versions),
            was_confidential=document.is_confidential,
        )
    return run


def _still_allowed(run: DisposalRun) -> list[str]:
    """Lines whose document the rules no longer allow to remove (a case reopened, a
    document moved to a case still open, its class changed): the proposal is stale."""
    lines = {line.document_id: line for line in run.lines.all()}
    classified = DocumentClassification.objects.filter(
        document_id__in=list(lines), rule__collaboration=run.collaboration
    ).select_related("rule", "document")
    allowed = {
        j.classification.document_id for j in disposal_judge(classified, run.as_of) if j.allowed
    }
    # A version added since the proposal was not reviewed: the proposal is stale too.
    unchanged = set()
    for d in Document.objects.filter(pk__in=list(lines)).prefetch_related("versions"):
        versions = sorted(d.versions.all(), key=lambda v: v.number)
        line = lines[d.pk]
        if (
            len(versions) == line.versions
            and (versions[-1].sha256 if versions else "") == line.sha256
        ):
            unchanged.add(d.pk)
    return [line.title for pk, line in lines.items() if pk not in allowed or pk not in unchanged]


def _files_delete(names: list[str], storage: Any) -> None:
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)


@transaction.atomic
def disposal_run_confirm(run: DisposalRun, *, user: Any, note: str = "") -> DisposalRun:
    """The archivist's decision: every listed document loses its files and text; the
    document row, its registry entries and this run stay as the record. Files are
    deleted only once the database write has committed."""
    _archivist(user)
    run = DisposalRun.objects.select_for_update().get(pk=run.pk)
    if run.status != DisposalRun.Status.PROPOSED:
        raise ValidationError("Gallringen är redan beslutad.")
    stale = _still_allowed(run)
    if stale:
        raise ValidationError(
            "Förslaget gäller inte längre för: "
            + "; ".join(stale[:5])
            + (" …" if len(stale) > 5 else "")
            + ". Avbryt förslaget och gör ett nytt."
        )
    now = timezone.now()
    to_delete: list[str] = []
    storage = DocumentVersion._meta.get_field("file").storage
    for line in run.lines.select_related("document"):
        document = line.document
        for version in document.versions.all():
            if version.file:
                to_delete.append(version.file.name)
            version.file = ""
            version.text = ""
            version.save(update_fields=["file", "text"])
        document.disposed_at = now
        document.disposal_note = (
            f"Gallrad {timezone.localdate(now):%Y-%m-%d} enligt klass {line.rule_code} "
            f"({line.rule_description}); gallringskörning {run.pk}."
        )
        document.save(update_fields=["disposed_at", "disposal_note"])
    run.status = DisposalRun.Status.CONFIRMED
    run.decided_at = now
    run.decided_by = user
    run.decision_note = note
    run.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    transaction.on_commit(lambda: _files_delete(to_delete, storage))
    documents_disposed.send(
        sender=DisposalRun,
        document_ids=[line.document_id for line in run.lines.all()],
        note=f"gallringskörning {run.pk}",
    )
    return run


@transaction.atomic
def disposal_run_cancel(run: DisposalRun, *, user: Any, note: str = "") -> DisposalRun:
    _archivist(user)
    run = DisposalRun.objects.select_for_update().get(pk=run.pk)
    if run.status != DisposalRun.Status.PROPOSED:
        raise ValidationError("Gallringen är redan beslutad.")
    run.status = DisposalRun.Status.CANCELLED
    run.decided_at = timezone.now()
    run.decided_by = user
    run.decision_note = note
    run.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    return run
