from django import template

from samverkan.costs import rules

register = template.Library()


@register.filter
def kr(value: int | None) -> str:
    """1 000 000 kr, with no-break spaces so a figure never wraps."""
    if value is None:
        return "–"
    return rules.kr(int(value)).replace(" ", "\u00a0")


@register.filter
def percent(value: object) -> str:
    return rules.percent_text(value).replace(" ", "\u00a0")  # type: ignore[arg-type]


@register.filter
def num(value: int | None) -> str:
    """64 979, with a no-break space."""
    return "–" if value is None else rules.number(int(value)).replace(" ", "\u00a0")
