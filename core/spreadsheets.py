"""Spreadsheet exports (XLSX with openpyxl, CSV) that know no domain: titled sheets of headers
and rows, safe against formula injection."""

import csv
from dataclasses import dataclass
from io import BytesIO, StringIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet software executes cells that start with these characters as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV value that never becomes a formula in the reader's spreadsheet: text starting like
    a formula gets a leading apostrophe (CSV has no cell types to say "this is text").

    XLSX cells need no such change: ``build_workbook`` stores every text as a string cell."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its ``title`` (31 characters at most), headers and rows."""

    title: str
    headers: list
    rows: object


def _fill(sheet, *, headers, rows):
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B6B3A")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([_printable(value) for value in row])
        for cell in sheet[sheet.max_row]:
            # openpyxl turns text starting with "=" into a formula: a string cell is shown
            # exactly as written and never evaluated, whatever its first character.
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        width = max((len(str(c.value)) for c in column if c.value is not None), default=10)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)


def _printable(value):
    """Control characters (escape, vertical tab...) that a copy-paste brings into a text field
    are dropped: XLSX cannot hold them, and openpyxl refuses the whole workbook."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def build_workbook(*, title, headers, rows, more_sheets=()):
    """A sheet named ``title``, then any ``more_sheets`` (``Sheet``); each has a bold frozen
    header row and columns sized to their content. User text is never a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    _fill(sheet, headers=headers, rows=rows)
    for extra in more_sheets:
        _fill(workbook.create_sheet(str(extra.title)[:31]), headers=extra.headers, rows=extra.rows)
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
