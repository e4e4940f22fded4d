"""Disposal in the access tests' world: a rule that disposes, and a proposed run whose
lines are the world's confidential document and the closed item's document (their titles
carry markers), so the run page must mask them for those who may not read them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from samverkan.retention import services
from samverkan.retention.models import DisposalLine, DisposalRun, RetentionRule


@dataclass
class RetentionWorld:
    rule: RetentionRule
    run: DisposalRun


def retention_build(world: Any) -> RetentionWorld:
    collaboration = world.party.collaboration
    rule = services.retention_rule_create(
        collaboration=collaboration,
        code="2.2",
        name="Inkomna handlingar av tillfällig betydelse",
        action="dispose",
        years=1,
    )
    # Made whole here: the world's case is open, so no run would list them. One line is
    # the confidential case document, one the document of the closed item (not marked,
    # but not public either): neither title may show to those who may not read them.
    run = DisposalRun.objects.create(
        collaboration=collaboration,
        as_of=datetime.date(2026, 1, 1),
        proposed_by=world.users["administrator"],
    )
    for document in (world.confidential_document, world.closed_doc.document):
        services.document_classify(document, rule)
        DisposalLine.objects.create(
            run=run,
            document=document,
            title=document.title,
            case_numbers=world.case.case_number,
            closed_on=datetime.date(2024, 1, 1),
            rule_code=rule.code,
            rule_description=rule.description,
            disposable_on=datetime.date(2025, 1, 1),
            versions=document.versions.count(),
            was_confidential=document.is_confidential,
        )
    return RetentionWorld(rule=rule, run=run)
