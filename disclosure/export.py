"""Exports: the statistics workbook (one sheet per breakdown) and the open data of published
suggestions (CSV and JSON), built from the same dicts the pages show."""

from __future__ import annotations

import csv
import io
import json

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from disclosure import cache
from disclosure.figures import (
    BREAKDOWN_LABELS,
    RATES,
    SOURCE_RATES,
    TABLE_RATES,
    rate_label,
    role_label,
)

OPEN_DATA_COLUMNS = [
    "id",
    "number",
    "session",
    "category",
    "title",
    "content",
    "lead_deputy",
    "co_signers",
    "units",
    "status",
    "result_class",
    "reply",
    "published_at",
]


def _rate_cells(figure: dict) -> list:
    return [figure["numerator"], figure["denominator"], figure["value"]]


def _header(ws, first: list[str], rates: list[str]) -> None:
    row = list(first)
    for key in rates:
        label = rate_label(key)
        row += [f"{label} · {_('numerator')}", f"{label} · {_('denominator')}", label]
    ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)


def statistics_workbook(stats: dict, session_name: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Totals")[:31]
    ws.append([_("Session"), session_name, _("Round"), stats["round"]])
    ws.append([_("Figure"), _("numerator"), _("denominator"), _("value")])
    for key, label, *_rest in RATES:
        ws.append([str(label), *_rate_cells(stats[key])])
    for key in ("satisfied_rate", "basically_satisfied_rate", "dissatisfied_rate"):
        ws.append([f"{rate_label(key)} ({_('process')})", *_rate_cells(stats["process"][key])])
    for key, label, *_rest in SOURCE_RATES:
        ws.append([str(label), *_rate_cells(stats[key])])
    for name, (label, entity) in BREAKDOWN_LABELS.items():
        if name not in stats:
            continue
        sheet = wb.create_sheet(str(label)[:31])
        first = [_("name")] + ([_("role")] if name == "by_unit" else []) + [_("assigned")]
        _header(sheet, first, TABLE_RATES)
        for row in stats[name]:
            cells = [row[entity]["name"]] + ([role_label(row["role"])] if name == "by_unit" else [])
            cells.append(row["assigned"])
            for key in TABLE_RATES:
                cells += _rate_cells(row[key])
            sheet.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _flat(row: dict) -> dict:
    flat = dict(row)
    flat["co_signers"] = "、".join(row["co_signers"])
    flat["units"] = "、".join(
        f"{u['name']}（{u['role_display']}，{u['responsible_person']}）" for u in row["units"]
    )
    return flat


def open_data_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.DictWriter(out, fieldnames=OPEN_DATA_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(_flat(row))
    return out.getvalue()


def open_data_json(rows: list[dict]) -> str:
    return json.dumps({"count": len(rows), "results": rows}, ensure_ascii=False, indent=1)


def session_workbook(session, round_: str) -> bytes:
    """The statistics workbook of one session and round (pages and API)."""
    return statistics_workbook(cache.session_stats(session, round_), session.name)
