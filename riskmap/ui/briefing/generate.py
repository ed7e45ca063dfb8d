"""The Briefing dialog's work off the GUI thread (no Qt here): write the files from one context,
step by step so the dialog can show progress and stop between files, and render a PDF page.

Page previews come from poppler's `pdftoppm`: PySide6-Essentials has no QtPdf, and poppler
renders the very file that will be printed (fonts, maps, tables) in about 0.2 s a page at
preview size. Without it the dialog shows the key figures and the paths only, and says why.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from riskmap.brief.build import FORMATS, file_stem, issued, write_format
from riskmap.brief.context import Briefing, briefing_context
from riskmap.core.database import Actor
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.messages import os_reason

# Share of the time each step takes (measured on the demo city: context 0.2 s, HTML 1.0 s, PDF
# 3.0 s, XLSX 0.2 s), for a progress bar that moves evenly.
WEIGHTS = {"context": 5, "html": 22, "pdf": 68, "xlsx": 5}


@dataclass
class Generated:
    briefing: Briefing
    paths: dict[str, Path]  # format → file
    pages: int  # of the PDF (0 without one)
    preview: bytes | None  # PNG of the PDF's first page (None: no PDF or no renderer)


def generate(
    ws: Workspace,
    preset: str,
    year: int,
    district: str | None,
    out_dir: Path,
    formats: Sequence[str],
    as_of: dt.date,
    step: Callable[[int, str], None],
    preview_px: int = 900,
    *,
    actor: Actor | None = None,
    requirements: Sequence[str] | None = None,
) -> Generated:
    """Write the chosen formats into `out_dir`; `step(percent, what)` before each step may
    raise to stop (the files already written are whole: every writer is atomic, and a stopped
    briefing takes no 期号). `actor` issues it with the next 期号 (None: a draft);
    `requirements` are the 工作要求 as edited."""
    wanted = [f for f in FORMATS if f in formats]
    if not wanted:
        raise RiskmapError.of("brief.no_format")
    if out_dir.exists() and not out_dir.is_dir():
        raise RiskmapError.of("brief.folder_is_file", path=out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RiskmapError.of(
            "brief.cannot_create_folder", path=out_dir, detail=os_reason(exc)
        ) from None
    total = WEIGHTS["context"] + sum(WEIGHTS[f] for f in wanted)
    done = 0
    step(0, "context")
    b = briefing_context(
        ws, preset, year, district=district, as_of=as_of, requirements=requirements
    )
    done += WEIGHTS["context"]
    stem = file_stem(b)
    paths: dict[str, Path] = {}
    with issued(ws, b, actor):
        for fmt in wanted:
            step(round(100 * done / total), fmt)
            target = out_dir / f"{stem}.{fmt}"
            try:
                paths[fmt] = write_format(b, ws, fmt, target)
            except PermissionError as exc:
                raise RiskmapError.of(
                    "export.cannot_write", path=target, detail=os_reason(exc)
                ) from None
            done += WEIGHTS[fmt]
    step(100, "preview")
    pdf = paths.get("pdf")
    pages = page_count(pdf) if pdf else 0
    preview = render_page(pdf, 1, preview_px) if pdf else None
    return Generated(b, paths, pages, preview)


def can_render() -> bool:
    return shutil.which("pdftoppm") is not None


def render_page(pdf: Path, page: int, longest_px: int) -> bytes | None:
    """PNG of one page (1-based), its longer side `longest_px` pixels; None without pdftoppm
    or when it fails (a preview is a convenience: the files are already written)."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="riskmap-preview-") as tmp:
        out = Path(tmp) / "page"
        args = [exe, "-png", "-f", str(page), "-l", str(page), "-scale-to", str(longest_px),
                "-singlefile", str(pdf), str(out)]  # fmt: skip
        try:
            subprocess.run(args, check=True, capture_output=True, timeout=60)
            return out.with_suffix(".png").read_bytes()
        except (OSError, subprocess.SubprocessError):
            return None


def page_count(pdf: Path) -> int:
    """Pages of a PDF: poppler's pdfinfo when present, else the page objects counted (fpdf2
    writes them as plain objects)."""
    exe = shutil.which("pdfinfo")
    if exe is not None:
        try:
            info = subprocess.run([exe, str(pdf)], check=True, capture_output=True, timeout=30)
            m = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
            if m:
                return int(m.group(1))
        except (OSError, subprocess.SubprocessError):
            pass
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
