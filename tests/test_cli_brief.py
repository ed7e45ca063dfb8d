"""`riskmap brief` as a user runs it."""

from __future__ import annotations

from pathlib import Path

from test_cli import assert_one_line_error, run


def test_brief_writes_html_pdf_and_xlsx(demo_url: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    # A draft: the shared demo database is read here, never written (no 期号 taken).
    proc = run("brief", "--preset", "清明", "--db", demo_url, "--out", str(tmp_path),
               "--as-of", "2026-11-01", "--draft")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"清明安全风险简报_2027.{s}" for s in ("html", "pdf", "xlsx")]
    # Bookmarks: the cover, 总体研判, 工作要求, 全市概况, 分县区情况 and its seven counties.
    outline = PdfReader(tmp_path / names[1]).outline
    assert len(outline) == 5 + 1 and len(outline[-1]) == 7
    assert_one_line_error(
        run("brief", "--preset", "easter", "--db", demo_url, "--out", str(tmp_path)),
        "unknown preset",
    )
    assert_one_line_error(
        run("brief", "--preset", "qingming", "--formats", "docx", "--db", demo_url), "formats"
    )
