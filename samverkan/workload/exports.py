"""The fee basis as files for each party's payroll: XLSX (a sheet per month and person,
and a sheet per meeting with the rule of each figure) and CSV (the monthly rows). They
render what the selector hands them, already narrowed by the access policy."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from . import rules
from .selectors import FeeBasis

MONTH_HEADER = [
    "Person",
    "Månad",
    "Betalande part",
    "Sammanträden",
    "Timmar",
    "Underlag och regler",
]
MEETING_HEADER = [
    "Person",
    "Månad",
    "Betalande part",
    "Organ",
    "Datum",
    "Som",
    "Timmar",
    "Timmar enligt",
    "Part enligt",
]


def _safe(text: str) -> str:
    """A cell a spreadsheet would read as a formula (=, +, -, @) is kept as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _month_rows(basis: FeeBasis) -> list[list[object]]:
    return [
        [
            _safe(r.person_name),
            r.month_key,
            _safe(r.party_display),
            r.meeting_count,
            r.hours,
            _safe(r.source),
        ]
        for r in basis.rows
    ]


def _meeting_rows(basis: FeeBasis) -> list[list[object]]:
    return [
        [
            _safe(r.person_name),
            r.month_key,
            _safe(r.party_display),
            _safe(m.body_short_name),
            m.date,
            m.capacity_label,
            m.hours.value,
            _safe(m.hours.rule),
            _safe(m.party_rule),
        ]
        for r in basis.rows
        for m in r.meetings
    ]


def _title(basis: FeeBasis) -> str:
    party = basis.party.name if basis.party else "alla parter"
    return f"Arvodesunderlag {basis.year}, {party}"


def fee_basis_xlsx(basis: FeeBasis) -> bytes:
    workbook = Workbook()
    months = workbook.active
    assert months is not None
    months.title = "Per månad"
    meetings = workbook.create_sheet("Per möte")
    for sheet, header, rows in (
        (months, MONTH_HEADER, _month_rows(basis)),
        (meetings, MEETING_HEADER, _meeting_rows(basis)),
    ):
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in rows:
            sheet.append(row)
    for sheet, column, number_format in (
        (meetings, 5, "yyyy-mm-dd"),
        (meetings, 7, "0.00"),
        (months, 5, "0.00"),
    ):
        for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            for cell in row:
                if not isinstance(cell.value, str):
                    cell.number_format = number_format
    if basis.capped:
        months.append(["Fler närvarorader än underlaget rymmer: välj en part eller ett år."])
    months.column_dimensions["A"].width = 28
    months.column_dimensions["C"].width = 28
    months.column_dimensions["F"].width = 100
    meetings.column_dimensions["H"].width = 70
    meetings.column_dimensions["I"].width = 70
    workbook.properties.title = _title(basis)
    workbook.properties.creator = "Samverkan"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def fee_basis_csv(basis: FeeBasis) -> str:
    """Semicolon-separated with decimal commas, as Swedish spreadsheets read it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(MONTH_HEADER)
    for row in _month_rows(basis):
        writer.writerow([rules.hours_display(v) if isinstance(v, float) else v for v in row])
    if basis.capped:
        writer.writerow(["Fler närvarorader än underlaget rymmer: välj en part eller ett år."])
    return out.getvalue()
