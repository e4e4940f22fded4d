"""The yearly follow-up report as PDF (WeasyPrint, with the charts as SVG) and as Word
(python-docx, the same figures as tables). They render selector output; they decide
nothing and count nothing."""

import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from samverkan.documents import pdf as archive_pdf
from samverkan.meetings.render import _docx

from . import charts, rules
from .selectors import BodyYear, StructureYear


def report_charts(report: BodyYear) -> dict[str, SafeString]:
    return {
        "attendance": charts.bar_chart(
            f"chart-att-{report.body.pk}",
            f"Besatta platser per part {report.year}, {report.body.short_name}",
            [
                charts.Bar(p.name, p.share or 0, rules.percent_display(p.share))
                for p in report.attendance.by_party
            ],
            maximum=100,
        )
    }


def structure_chart(report: StructureYear) -> SafeString:
    bodies = [b for b in report.bodies if b.plan.scheduled or b.plan.rhythm]
    return charts.grouped_bars(
        "chart-structure",
        f"Sammanträden {report.year} per organ: enligt mötesrytmen, planerade och hållna",
        [b.body.short_name for b in bodies],
        [
            charts.Series("Enligt mötesrytm", [b.plan.rhythm for b in bodies]),
            charts.Series("Planerade", [b.plan.scheduled for b in bodies]),
            charts.Series("Hållna", [b.plan.held for b in bodies]),
        ],
    )


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    return archive_pdf.render(render_to_string(template, context))


def body_report_pdf(report: BodyYear, today: datetime.date) -> bytes:
    return _pdf(
        "followup/pdf/body_report.html",
        {"report": report, "charts": report_charts(report), "today": today},
    )


def structure_report_pdf(report: StructureYear, today: datetime.date) -> bytes:
    return _pdf(
        "followup/pdf/structure_report.html",
        {"report": report, "chart": structure_chart(report), "today": today},
    )


# --- Word ------------------------------------------------------------------------------


def _table(doc: Any, caption: str, head: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)


def _body_section(doc: Any, r: BodyYear) -> None:
    doc.add_heading(r.body.name, level=1)
    if r.body.mandate:
        doc.add_paragraph(r.body.mandate)
    doc.add_heading("Sammansättning under året", level=2)
    if r.composition:
        _table(
            doc,
            f"Ledamöter, ersättare och sekreterare under {r.year}",
            ("Namn", "Roll", "Part", "Period"),
            [(c.person_name, c.role, c.party, c.period) for c in r.composition],
        )
    else:
        doc.add_paragraph("Inga ledamöter registrerade för året.")
    doc.add_heading("Sammanträden", level=2)
    rhythm = (
        f"Mötesrytm: {r.plan.rhythm} sammanträden per år. "
        if r.plan.rhythm
        else "Mötesrytm: uppgift saknas. "
    )
    doc.add_paragraph(
        f"{rhythm}Planerade: {r.plan.scheduled}, hållna: {r.plan.held}, inställda: "
        f"{r.plan.cancelled}, kvar att hålla: {r.plan.upcoming}."
    )
    doc.add_heading("Närvaro per part", level=2)
    if r.attendance.meetings:
        n = r.attendance.meetings
        doc.add_paragraph(
            f"Räknat på {n} {'sammanträde' if n == 1 else 'sammanträden'} med justerat protokoll."
        )
        t = r.attendance.total
        _table(
            doc,
            "Ordinarie platser gånger sammanträden, och hur många som var besatta",
            ("Part", "Platser", "Ledamöter", "Ersättare", "Besatta"),
            [
                (
                    p.name,
                    p.seats,
                    p.present_members,
                    p.serving_substitutes,
                    rules.percent_display(p.share),
                )
                for p in r.attendance.by_party
            ]
            + [
                (
                    "Totalt",
                    t.seats,
                    t.present_members,
                    t.serving_substitutes,
                    rules.percent_display(t.share),
                )
            ],
        )
    else:
        doc.add_paragraph("Inga sammanträden med justerat protokoll under året.")
    doc.add_heading("Ärenden", level=2)
    text = f"Behandlade ärenden: {r.cases_handled}. Ärenden med beslut: {r.cases_decided}."
    if r.decisions.items:
        text += (
            f" {r.decisions.decided} av {r.decisions.items} ärendepunkter ledde till beslut "
            f"({rules.percent_display(r.decisions.share)})."
        )
    if r.lead.spread:
        s = r.lead.spread
        median = f"{s.median:.1f}".replace(".", ",").removesuffix(",0")
        text += f" Ledtid från första behandling till beslut: median {median} dagar (spann {s.minimum}–{s.maximum})."
    doc.add_paragraph(text)
    doc.add_heading("Rekommendationer och parternas svar", level=2)
    if r.matrix.rows:
        _table(
            doc,
            "Årets rekommendationer som organet utfärdat eller följer upp, och varje parts svar",
            ("Rekommendation", *[p.short_name for p in r.matrix.parties], "Läge"),
            [
                (
                    f"{row.recommendation.title} ({row.recommendation.case.case_number})",
                    *[c.get_status_display() if c else "–" for c in row.cells],
                    row.state,
                )
                for row in r.matrix.rows
            ],
        )
    else:
        doc.add_paragraph("Inga rekommendationer utfärdades under året.")
    doc.add_heading("Uppdrag", level=2)
    doc.add_paragraph(" · ".join(f"{s.label}: {s.count}" for s in r.assignment_states))
    doc.add_paragraph(
        f"Klara under året: {r.assignments_done}, varav {r.assignments_done_late} efter "
        f"slutdatum. Försenade vid årets slut: {r.assignments_late}."
    )
    if r.late_assignments:
        _table(
            doc,
            "Försenade uppdrag",
            ("Uppdrag", "Ansvarig", "Klart senast"),
            [(a.title, str(a.owner), f"{a.deadline:%Y-%m-%d}") for a in r.late_assignments],
        )
    doc.add_heading("Förändringar i organet", level=2)
    if r.changes:
        for c in r.changes:
            doc.add_paragraph(
                f"{c.day:%Y-%m-%d}: {c.text}" if c.day else c.text, style="List Bullet"
            )
    else:
        doc.add_paragraph("Inga förändringar under året.")


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _intro(doc: Any, year: int, name: str, today: datetime.date) -> None:
    doc.add_heading(f"Årsrapport {year}", level=0)
    doc.add_paragraph(name).runs[0].bold = True
    ongoing = f" (året pågår: läget {today:%Y-%m-%d})" if year == today.year else ""
    doc.add_paragraph(
        f"Uppföljning under {year}{ongoing}. Närvaro och beslut räknas på sammanträden med "
        f"justerat protokoll. Utskriven {today:%Y-%m-%d}."
    )


def body_report_docx(report: BodyYear, today: datetime.date) -> bytes:
    doc = _docx(title=f"Årsrapport {report.year} – {report.body.name}", author=report.body.name)
    _intro(doc, report.year, report.body.name, today)
    _body_section(doc, report)
    return _save(doc)


def structure_report_docx(report: StructureYear, today: datetime.date) -> bytes:
    name = report.collaboration.name
    doc = _docx(title=f"Årsrapport {report.year} – {name}", author=name)
    _intro(doc, report.year, name, today)
    doc.add_heading("Sammanfattning", level=1)
    _table(
        doc,
        "Organen under året",
        (
            "Organ",
            "Mötesrytm",
            "Planerade",
            "Hållna",
            "Besatta platser",
            "Ärenden med beslut",
            "Rekommendationer",
            "Uppdrag klara / försenade",
        ),
        [
            (
                r.body.short_name,
                r.plan.rhythm if r.plan.rhythm is not None else "–",
                r.plan.scheduled,
                r.plan.held,
                rules.percent_display(r.attendance.total.share),
                r.cases_decided,
                len(r.matrix.rows),
                f"{r.assignments_done} / {r.assignments_late}",
            )
            for r in report.bodies
        ],
    )
    if report.quiet:
        doc.add_paragraph(
            "Utan registrerad verksamhet i Samverkan under året: "
            + ", ".join(r.body.short_name for r in report.quiet)
            + "."
        )
    doc.add_heading("Förändringar i strukturen", level=2)
    if report.changes:
        for c in report.changes:
            doc.add_paragraph(
                f"{c.day:%Y-%m-%d}: {c.text}" if c.day else c.text, style="List Bullet"
            )
    else:
        doc.add_paragraph("Inga förändringar under året.")
    for r in report.active:
        _body_section(doc, r)
    return _save(doc)
