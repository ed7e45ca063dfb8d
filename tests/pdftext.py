"""The text of a PDF as poppler's pdftotext reads it, for tests that check every row.

pypdf misreads some of fpdf2's CID-keyed pages (digits come out as other glyphs past the first
few pages of one document); poppler, which most viewers on Linux use, reads them right.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest


def pdf_text(path: Path) -> tuple[int, str]:
    """(pages, the text without whitespace) of the PDF at `path`."""
    exe = shutil.which("pdftotext")
    if exe is None:
        why = "pdftotext (poppler-utils) is not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(why)
        pytest.skip(why)
    out = subprocess.run(
        [exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")
    pages = out.count("\f") or 1
    return pages, re.sub(r"\s+", "", out)


def pdf_pages(path: Path) -> list[str]:
    """Each page's text without whitespace, in drawing order (`-raw`: a table cell wrapped over
    lines reads as one)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        why = "pdftotext (poppler-utils) is not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(why)
        pytest.skip(why)
    out = subprocess.run(
        [exe, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [re.sub(r"\s+", "", p) for p in pages]
