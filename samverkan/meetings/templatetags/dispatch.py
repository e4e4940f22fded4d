"""Dispatch lists on public renderings: names only (selectors.dispatch_name)."""

from collections.abc import Iterable

from django import template

from .. import selectors

register = template.Library()


@register.filter
def recipient_names(labels: Iterable[str]) -> list[str]:
    return selectors.dispatch_names(labels)


@register.filter
def recipient_name(label: str) -> str:
    return selectors.dispatch_name(label)
