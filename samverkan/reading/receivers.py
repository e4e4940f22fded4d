"""The reading view listens to the saving of agenda items and cases (Django's own
post_save): when one is added or changed, the watch words are matched once the
transaction is committed. The receivers hold no rules; the matching is
selectors.watch_words_for_item/_case, the recording services.watch_hits_record_*."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save


def _item_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from .services import watch_hits_record_for_item

    pk = instance.pk
    transaction.on_commit(lambda: watch_hits_record_for_item(pk), robust=True)


def _case_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from .services import watch_hits_record_for_case

    pk = instance.pk
    transaction.on_commit(lambda: watch_hits_record_for_case(pk), robust=True)


def connect() -> None:
    from samverkan.cases.models import Case
    from samverkan.meetings.models import AgendaItem

    post_save.connect(_item_saved, sender=AgendaItem, dispatch_uid="reading:watch-item")
    post_save.connect(_case_saved, sender=Case, dispatch_uid="reading:watch-case")
