"""Charts drawn on the server as SVG: no script, readable by a screen reader (role img,
a title and a description that states the figures), and always shown beside a table
with the same data. The same SVG goes into the PDF reports."""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .rules import Spread

WIDTH = 560
LABEL_W = 170
ROW_H = 26
BAR_H = 16
# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by
# pattern of position and by the legend too.
COLOURS = ("#1f5f8b", "#b5531b", "#2e7d32", "#6a3d9a", "#8a6d00", "#555555")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as written beside the bar


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _open(uid: str, title: str, desc: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{uid}-t {uid}-d">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(desc)}</desc>',
    ]


def bar_chart(
    uid: str, title: str, bars: Sequence[Bar], *, maximum: float | None = None
) -> SafeString:
    """Horizontal bars, one per row, with the value written at the bar's end."""
    top = max([maximum or 0.0, *[b.value for b in bars], 1.0])
    height = ROW_H * max(len(bars), 1) + 10
    desc = "; ".join(f"{b.label}: {b.text}" for b in bars) or "Inga uppgifter."
    out = _open(uid, title, desc, height)
    span = WIDTH - LABEL_W - 70
    for i, b in enumerate(bars):
        y = 5 + i * ROW_H
        w = 0 if top == 0 else max(span * b.value / top, 0)
        out.append(
            f'<text x="{LABEL_W - 6}" y="{y + BAR_H - 3}" text-anchor="end" '
            f'font-size="12" fill="#222">{escape(b.label[:28])}</text>'
        )
        out.append(
            f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="{COLOURS[0]}"/>'
        )
        out.append(
            f'<text x="{LABEL_W + w + 4:.1f}" y="{y + BAR_H - 3}" font-size="12" '
            f'fill="#222">{escape(b.text)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def grouped_bars(
    uid: str, title: str, categories: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """Vertical bars grouped per category (e.g. per year: planned, held), with a legend."""
    plot_h, top_pad, bottom = 160, 24, 40
    height = plot_h + top_pad + bottom
    top = max([v or 0 for s in series for v in s.values] + [1])
    parts = []
    for i, c in enumerate(categories):
        values = ", ".join(
            f"{s.name} {'uppgift saknas' if (v := s.values[i]) is None else _number(v)}"
            for s in series
        )
        parts.append(f"{c}: {values}")
    out = _open(uid, title, "; ".join(parts) or "Inga uppgifter.", height)
    n = max(len(categories), 1)
    group_w = (WIDTH - 40) / n
    bar_w = min(28.0, (group_w - 12) / max(len(series), 1))
    base = top_pad + plot_h
    out.append(f'<line x1="30" y1="{base}" x2="{WIDTH - 5}" y2="{base}" stroke="#444"/>')
    for i, category in enumerate(categories):
        x0 = 35 + i * group_w
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = plot_h * value / top
            x = x0 + j * bar_w
            out.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[j % len(COLOURS)]}"/>'
            )
            out.append(
                f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{base - h - 3:.1f}" font-size="11" '
                f'text-anchor="middle" fill="#222">{_number(value)}</text>'
            )
        out.append(
            f'<text x="{x0 + len(series) * bar_w / 2:.1f}" y="{base + 16}" font-size="12" '
            f'text-anchor="middle" fill="#222">{escape(category)}</text>'
        )
    for j, s in enumerate(series):
        x = 35 + j * 150
        out.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" '
            f'fill="{COLOURS[j % len(COLOURS)]}"/>'
        )
        out.append(
            f'<text x="{x + 14}" y="{height - 5}" font-size="12" fill="#222">{escape(s.name)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def box_plot(
    uid: str, title: str, rows: Sequence[tuple[str, Spread | None]], unit: str = "dagar"
) -> SafeString:
    """One horizontal box per row: whiskers from the least to the greatest value, the box
    from the first to the third quartile, a thick line at the median."""
    height = ROW_H * max(len(rows), 1) + 30
    known = [s for _, s in rows if s is not None]
    top = max([s.maximum for s in known] + [1])
    parts = []
    for label, s in rows:
        if s is None:
            parts.append(f"{label}: inga beslut")
        else:
            parts.append(
                f"{label}: median {_number(s.median)} {unit}, kvartiler {_number(s.q1)}–"
                f"{_number(s.q3)}, spann {s.minimum}–{s.maximum}, {s.n} beslut"
            )
    out = _open(uid, title, "; ".join(parts) or "Inga uppgifter.", height)
    span = WIDTH - LABEL_W - 30

    def x(v: float) -> float:
        return LABEL_W + span * v / top

    for i, (label, s) in enumerate(rows):
        y = 5 + i * ROW_H
        mid = y + BAR_H / 2
        out.append(
            f'<text x="{LABEL_W - 6}" y="{y + BAR_H - 3}" text-anchor="end" font-size="12" '
            f'fill="#222">{escape(label)}</text>'
        )
        if s is None:
            out.append(
                f'<text x="{LABEL_W}" y="{y + BAR_H - 3}" font-size="12" fill="#555">inga beslut</text>'
            )
            continue
        out.append(
            f'<line x1="{x(s.minimum):.1f}" y1="{mid}" x2="{x(s.maximum):.1f}" y2="{mid}" '
            f'stroke="#444"/>'
        )
        out.append(
            f'<rect x="{x(s.q1):.1f}" y="{y}" width="{max(x(s.q3) - x(s.q1), 1):.1f}" '
            f'height="{BAR_H}" fill="#cfe0ee" stroke="{COLOURS[0]}"/>'
        )
        out.append(
            f'<line x1="{x(s.median):.1f}" y1="{y}" x2="{x(s.median):.1f}" y2="{y + BAR_H}" '
            f'stroke="{COLOURS[1]}" stroke-width="3"/>'
        )
    axis_y = height - 12
    out.append(
        f'<line x1="{LABEL_W}" y1="{axis_y - 8}" x2="{LABEL_W + span}" y2="{axis_y - 8}" stroke="#888"/>'
    )
    for v in (0, top / 2, top):
        out.append(
            f'<text x="{x(v):.1f}" y="{axis_y + 4}" font-size="11" text-anchor="middle" '
            f'fill="#222">{_number(v)} {unit if v == top else ""}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
