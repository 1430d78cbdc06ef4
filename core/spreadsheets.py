"""Spreadsheet exports (XLSX with openpyxl) that know no domain: a title, headers and rows."""

import csv
from io import BytesIO, StringIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet software executes cells that start with these characters as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """User text never becomes a formula in the reader's spreadsheet (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def build_workbook(*, title, headers, rows):
    """One sheet named ``title``, bold frozen header row, columns sized to their content."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B6B3A")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=10)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_response(content, *, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_response(*, headers, rows, filename):
    """UTF-8 CSV with a BOM and semicolons, as French Excel opens it, formulas neutralised."""
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
