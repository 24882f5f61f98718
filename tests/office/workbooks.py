"""Build import workbooks in memory for the tests."""

from __future__ import annotations

import io

from openpyxl import Workbook

# One valid row of the suggestion import (office.importing's columns): 张伟 leads, 李娜 co-signs.
ROW = [
    "关于增设社区绿地的建议",
    "老旧小区缺少绿地，建议增设口袋公园。",
    "张伟",
    "李娜",
    "",
    "",
    "否",
    "全文",
]


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
