"""A saved allocation as XLSX (openpyxl) and CSV. Both take the frozen lines as they
are; the sum row is the number the lines add up to (equal to the amount, by the
largest-remainder rule).

CSV: UTF-8 with a byte order mark and `;` between fields, which Swedish Excel opens
with å, ä, ö intact and one column per field; amounts are plain integers."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .models import Allocation, AllocationLine

HEADER = ["Part", "Belopp (kr)", "Exakt andel (kr)", "Förklaring"]


def _exact(line: AllocationLine) -> str:
    """The exact share to the öre (the stored fraction, rounded for display)."""
    numerator, _, denominator = line.exact.partition("/")
    value = round(Fraction(int(numerator), int(denominator or 1)) * 100)
    return f"{value // 100},{value % 100:02d}"


def _about(allocation: Allocation) -> list[tuple[str, str]]:
    rows = [
        ("Kostnad", f"{allocation.item_name} {allocation.year}"),
        ("Belopp (kr)", str(allocation.amount)),
        ("Fördelningsnyckel", allocation.key_name),
    ]
    if allocation.reference_date:
        rows.append(("Folkmängd per", f"{allocation.reference_date:%Y-%m-%d}"))
    rows.append(("Sparad", f"{allocation.created_at:%Y-%m-%d}"))
    if allocation.is_demo:
        rows.append(("Demodata", allocation.demo_note or "Beloppet är påhittat."))
    return rows


def allocation_xlsx(allocation: Allocation, lines: list[AllocationLine]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Fördelning"
    ws.append([f"Kostnadsfördelning: {allocation.item_name} {allocation.year}"])
    ws["A1"].font = Font(bold=True, size=13)
    for label, value in _about(allocation):
        ws.append([label, int(value) if label == "Belopp (kr)" else value])
    ws.append([])
    ws.append(HEADER)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for line in lines:
        ws.append([line.party_name, line.amount, _exact(line), line.explanation])
    ws.append(["Summa", sum(line.amount for line in lines), "", ""])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=header_row + 1, max_col=2):
        row[1].number_format = "# ##0"
    for row in ws.iter_rows(min_row=header_row + 1, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 110
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def allocation_csv(allocation: Allocation, lines: list[AllocationLine]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in lines:
        writer.writerow([line.party_name, line.amount, _exact(line), line.explanation])
    writer.writerow(["Summa", sum(line.amount for line in lines), "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
