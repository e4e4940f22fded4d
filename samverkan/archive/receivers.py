"""The archive listens to the document store: disposed documents leave the finished
export jobs kept here."""

from typing import Any

from samverkan.documents.events import documents_disposed

from . import services


def _disposed(sender: Any, document_ids: list[int], note: str, **kwargs: Any) -> None:
    services.archive_exports_withdraw(document_ids, note)


def connect() -> None:
    documents_disposed.connect(_disposed, dispatch_uid="archive-withdraw-disposed")
