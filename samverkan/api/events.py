"""The change notifications, read off the change log: one rule per event, each a pure
function of a log entry (its model, action and before/after values)."""

import datetime
import hashlib
import hmac
from typing import Any

# Retry a failed delivery after these many seconds; then give up on it.
BACKOFF = (60, 300, 1800, 7200, 43200)
# A subscriber is switched off after this many failed attempts in a row.
DISABLE_AFTER = 10


def _became_set(before: dict[str, Any] | None, after: dict[str, Any] | None, field: str) -> bool:
    return bool(after and after.get(field)) and not (before and before.get(field))


def event_of(
    model: str, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> str:
    """The event a change-log entry is, or '' for none."""
    if model == "meeting" and action == "update":
        if _became_set(before, after, "sealed_at"):
            return "minutes.attested"
        if _became_set(before, after, "notice_sent_at"):
            return "notice.sent"
    if model == "recommendation":
        if action == "create" and after and after.get("issued_on"):
            return "recommendation.issued"
        if action == "update" and _became_set(before, after, "issued_on"):
            return "recommendation.issued"
    if model == "partyresponse" and action == "update":
        status = (after or {}).get("status")
        if status and status != "not_handled" and status != (before or {}).get("status"):
            return "response.registered"
    return ""


def next_attempt(attempts: int, now: datetime.datetime) -> datetime.datetime | None:
    """When to try again after `attempts` failed tries (None: give up)."""
    if attempts > len(BACKOFF):
        return None
    return now + datetime.timedelta(seconds=BACKOFF[attempts - 1])


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body>`: the receiver recomputes it
    with the shared secret and refuses an old timestamp (replay)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def signature_valid(secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """The receiver's check (also what the tests use)."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header)
