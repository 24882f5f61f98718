"""PDF by converting the .docx with LibreOffice headless, when it is installed.

Each conversion uses its own throw-away LibreOffice profile, so parallel requests do not fight
over one profile lock.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 90


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


class PdfUnavailable(Exception):
    """LibreOffice is not installed or the conversion failed; offer the .docx instead."""


def docx_to_pdf(content: bytes) -> bytes:
    binary = soffice()
    if binary is None:
        raise PdfUnavailable("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="office-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(content)
        command = [
            binary,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
        except (subprocess.SubprocessError, OSError) as exc:
            raise PdfUnavailable(str(exc)) from exc
        target = Path(tmp) / "document.pdf"
        if not target.exists():
            raise PdfUnavailable("LibreOffice produced no PDF")
        return target.read_bytes()
