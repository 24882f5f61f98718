"""Export any list to Excel: give the rows and the columns (header + how to get the value).

List pages reuse `export_xlsx` / `xlsx_response` with the columns they show on screen, so the
file matches the page; the committee's standard ledger (`office.ledger`) is one such column set.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from suggestions.downloads import XLSX, file_response


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]  # gets the cell value from one row object
    width: int = 14


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, (str, int, float, dt.date)):
        return value
    return str(value)


def export_xlsx(rows: Iterable, columns: list[Column], *, title: str = "Sheet1") -> bytes:
    """One sheet: bold frozen header row, dates as dates, long text wrapped."""
    book = Workbook(write_only=False)
    ws = book.active
    ws.title = title[:31]
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append([_cell(c.value(row)) for c in columns])
    for i, column in enumerate(columns, start=1):
        letter = ws.cell(1, i).column_letter
        ws.column_dimensions[letter].width = column.width
        for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif column.width >= 30:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(rows: Iterable, columns: list[Column], filename: str, *, title: str = "Sheet1"):
    return file_response(export_xlsx(rows, columns, title=title), filename, XLSX)
