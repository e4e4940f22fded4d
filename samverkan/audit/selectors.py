"""Reads of the audit log."""

from .models import AuditEntry


def chain_head() -> str:
    """The hash of the newest entry of the audit log's hash chain ("" when it is empty).

    Every change of the records is an entry, so the head names the state of everything a
    page can show: a page cached under one head is never served under another."""
    return AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or ""
