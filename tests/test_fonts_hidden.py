"""On a machine without any font (the machine's own hidden), riskmap still writes Chinese.

tools/hide_system_fonts.sh runs a command in a private mount namespace where empty folders cover
every place fontconfig finds fonts; in there the command line writes a briefing and a notice
and runs the self-check, and the PDFs are read back here: they embed the bundled faces and
their Chinese text extracts. The namespace needs Linux, `unshare` and root (or user
namespaces); without them the test skips, except in CI, where it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
HIDE = ROOT / "tools" / "hide_system_fonts.sh"


def _cannot_hide() -> str:
    """Why fonts cannot be hidden here ("" when they can)."""
    if not sys.platform.startswith("linux"):
        return "mount namespaces are Linux only"
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return "unshare or mount is not installed"
    probe = subprocess.run(
        [str(HIDE), "true"], capture_output=True, text=True, timeout=60, check=False
    )
    if probe.returncode != 0:
        return f"no private mount namespace here: {probe.stderr.strip()[:200]}"
    return ""


def _fonts(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def _text(pdf: Path) -> str:
    # pypdf puts spaces between CJK glyphs and NULs for CIDs it maps through the embedded CMap.
    return re.sub(r"[\s\x00]+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))


@pytest.mark.slow
def test_pdfs_and_self_check_without_any_system_font(demo_url: str, tmp_path: Path) -> None:
    why = _cannot_hide()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PDFs without system fonts, but {why}")
        pytest.skip(why)
    db = Path(demo_url.removeprefix("sqlite:///"))
    with sqlite3.connect(db) as con:
        unit_id, unit_name = con.execute(
            "SELECT u.id, u.name FROM units u JOIN rectifications r ON r.unit_id = u.id "
            "WHERE r.status <> 'verified' ORDER BY u.id LIMIT 1"
        ).fetchone()
    out = tmp_path / "out"
    out.mkdir()
    py = sys.executable
    script = f"""
set -e
echo "font files: $(find /usr/share/fonts -type f | wc -l)"
if command -v fc-list >/dev/null; then echo "fontconfig fonts: $(fc-list | wc -l)"; fi
"{py}" -m riskmap brief --preset 清明 --formats pdf --db "{demo_url}" --out "{out}" \\
  --as-of 2026-11-01
"{py}" -m riskmap notice --db "{demo_url}" --unit {unit_id} --out "{out}/notice.pdf" \\
  --as-of 2026-11-01
"{py}" -m riskmap --self-check
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("RISKMAP_PDF_FONT", None)
    proc = subprocess.run(
        [str(HIDE), "sh", "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-5000:]
    assert "font files: 0" in proc.stdout, log
    if "fontconfig fonts:" in proc.stdout:
        assert "fontconfig fonts: 0" in proc.stdout, log
    # The self-check passed with the bundled font in Qt and in both PDF faces.
    assert proc.stdout.rstrip().splitlines()[-1].startswith("OK riskmap "), log
    font_line = next(x for x in proc.stdout.splitlines() if x[5:].startswith("CJK font"))
    assert font_line.startswith("OK") and "RiskmapNotoSerifSC" in font_line, font_line
    map_line = next(x for x in proc.stdout.splitlines() if x[5:].startswith("map render"))
    assert map_line.endswith("Qt CJK family Riskmap Noto Sans SC"), map_line
    assert "No Chinese font found" not in log

    (brief,) = out.glob("清明安全风险简报_*.pdf")
    assert _fonts(brief) == {"RiskmapNotoSansSC", "RiskmapNotoSansSCBold"}
    assert "清明" in _text(brief)
    notice = out / "notice.pdf"
    # GB/T 9704: the body in a 仿宋-style serif, first-level headings in 黑体 (the bundled sans).
    assert {f.removesuffix("Bold") for f in _fonts(notice)} == {
        "RiskmapNotoSerifSC",
        "RiskmapNotoSansSC",
    }
    body = _text(notice)
    assert "督办通知" in body and unit_name in body
