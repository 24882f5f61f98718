"""Build import workbooks in memory for the tests."""

from __future__ import annotations

import io

from openpyxl import Workbook


def xlsx(headers: list[str], rows: list[list[str]], sheet: str = "建议") -> io.BytesIO:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "import.xlsx"
    return out
