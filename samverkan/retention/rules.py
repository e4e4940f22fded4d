"""The disposal rules as pure functions: when a document may be disposed of."""

import datetime
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

KEEP, DISPOSE = "keep", "dispose"


def disposable_on(
    action: str | None, years: int | None, closed_on: Iterable[datetime.date | None]
) -> datetime.date | None:
    """The first day a document may be disposed of, or None when it may not be at all:
    no rule, a rule that keeps it, no case, or a case still open. Counted from the last
    closing of the cases it belongs to (a 29 February closing counts from 28 February in
    a year without one)."""
    if action != DISPOSE or years is None:
        return None
    days = list(closed_on)
    if not days or any(d is None for d in days):
        return None
    last = max(d for d in days if d is not None)
    return last + relativedelta(years=years)


def may_dispose(
    action: str | None,
    years: int | None,
    closed_on: Iterable[datetime.date | None],
    today: datetime.date,
    *,
    already_disposed: bool = False,
) -> bool:
    """Whether a run on `today` may remove the document."""
    if already_disposed:
        return False
    day = disposable_on(action, years, closed_on)
    return day is not None and day <= today


def retention_rule_validate(action: str, years: int | None) -> None:
    """A rule that disposes says after how many years; one that keeps says none."""
    if action == DISPOSE and years is None:
        raise ValidationError({"years": "Ange efter hur många år handlingarna gallras."})
    if action == KEEP and years is not None:
        raise ValidationError({"years": "Handlingar som bevaras har ingen gallringsfrist."})
