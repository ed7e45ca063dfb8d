"""`riskmap brief` as a user runs it."""

from __future__ import annotations

from pathlib import Path

from test_cli import assert_one_line_error, run


def test_brief_writes_html_pdf_and_xlsx(demo_url: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    proc = run("brief", "--preset", "清明", "--db", demo_url, "--out", str(tmp_path),
               "--as-of", "2026-11-01")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"清明安全风险简报_2027.{s}" for s in ("html", "pdf", "xlsx")]
    assert len(PdfReader(tmp_path / names[1]).pages) == 2 + 7
    assert_one_line_error(
        run("brief", "--preset", "easter", "--db", demo_url, "--out", str(tmp_path)),
        "unknown preset",
    )
    assert_one_line_error(
        run("brief", "--preset", "qingming", "--formats", "docx", "--db", demo_url), "formats"
    )
