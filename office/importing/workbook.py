"""Reading and writing the import workbooks: header checks, one dict per row with its row number."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

MAX_ROWS = 5000
# A real 5,000-row workbook unpacks to a few megabytes.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


class WorkbookError(Exception):
    """The file as a whole cannot be read (not an .xlsx, wrong headers, too many rows)."""


@dataclass
class Row:
    number: int  # the row number as Excel shows it
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # not blocking, e.g. "already imported"
    action: str = "create"  # create, update, skip
    resolved: dict = field(default_factory=dict)  # the objects the row refers to
    suggestion_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _open(file):
    """The workbook, refusing before parsing anything one that would unpack to more than
    MAX_UNPACKED_BYTES (a small ZIP can inflate to gigabytes)."""
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError(_("The file is not an Excel workbook (.xlsx).")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(_("The file is too large."))
    return load_workbook(file, read_only=True, data_only=True)


def read_rows(file, headers: list[str], *, sheet: str | None = None) -> list[Row]:
    """Rows of the first (or named) sheet under the expected headers; blank rows are skipped."""
    try:
        return _read_rows(file, headers, sheet)
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl and its XML parsers raise anything
        # (AttributeError, IndexError, lxml/expat syntax errors, ...) on a malformed file, and
        # in read-only mode only while the rows are read.
        raise WorkbookError(_("The file is not an Excel workbook (.xlsx).")) from exc


def _read_rows(file, headers: list[str], sheet: str | None) -> list[Row]:
    book = _open(file)
    try:
        return _sheet_rows(_sheet(book, sheet), headers)
    finally:
        book.close()  # read-only workbooks keep the file open until closed


def _sheet(book, sheet: str | None):
    sheets = {ws.title: ws for ws in book.worksheets}  # chart sheets have no cells
    if sheet is not None:
        if sheet not in sheets:
            raise WorkbookError(_("The workbook has no sheet named “%(name)s”.") % {"name": sheet})
        return sheets[sheet]
    return book.worksheets[0]  # none at all: IndexError, answered as not a workbook


def _sheet_rows(ws, headers: list[str]) -> list[Row]:
    rows = ws.iter_rows(values_only=True)
    header = [cell_text(v) for v in next(rows, ())]
    missing = [h for h in headers if h not in header]
    if missing:
        raise WorkbookError(
            _("Missing columns: %(cols)s. Please use the template.") % {"cols": "、".join(missing)}
        )
    index = {h: header.index(h) for h in headers}
    result = []
    for number, values in enumerate(rows, start=2):
        texts = {h: cell_text(values[i]) if i < len(values) else "" for h, i in index.items()}
        if not any(texts.values()):
            continue
        if len(result) >= MAX_ROWS:
            raise WorkbookError(_("At most %(n)s rows per workbook.") % {"n": MAX_ROWS})
        result.append(Row(number=number, values=texts))
    return result


def template_bytes(sheets: dict[str, tuple[list[str], list[list[str]]]]) -> bytes:
    """An .xlsx with one sheet per entry: bold headers and example rows."""
    book = Workbook()
    book.remove(book.active)
    for name, (headers, examples) in sheets.items():
        ws = book.create_sheet(name)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in examples:
            ws.append(row)
        for i, _h in enumerate(headers, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
