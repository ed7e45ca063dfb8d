"""`riskmap documents show | set` as a user runs them: real processes on a copy of the demo."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import assert_one_line_error, run


def _seal(path: Path) -> Path:
    # The smallest PNG: signature, IHDR 1×1 grey, IDAT, IEND.
    path.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
            "3a7e9b550000000a49444154789c63600000000200015e3a3d6b0000000049454e44ae426082"
        )
    )
    return path


def test_show_and_set_the_document_settings(demo_copy: str, tmp_path: Path) -> None:
    url = demo_copy
    proc = run("documents", "show", "--db", url, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    before = json.loads(proc.stdout)
    assert before["office"].endswith("安全生产委员会办公室") and before["marking"] == "内部资料"
    assert before["seal_png_bytes"] == 0 and before["last_numbers"] == {
        "notice": {},
        "briefing": {},
    }

    args = ("documents", "set", "--db", url, "--contact", "王建国", "--phone", "0940-1234567",
            "--prefix", "青安办督", "--seal", str(_seal(tmp_path / "seal.png")),
            "--body-font", "仿宋_GB2312")  # fmt: skip
    assert_one_line_error(run(*args, "--user", "zhangwei"), "admin")
    proc = run(*args, "--user", "admin", "--password-stdin", stdin="riskmap\n")
    assert proc.returncode == 0, proc.stderr
    after = json.loads(run("documents", "show", "--db", url, "--format", "json").stdout)
    assert after["contact_person"] == "王建国" and after["contact_phone"] == "0940-1234567"
    assert after["number_prefix"] == "青安办督" and after["seal_png_bytes"] > 0
    assert after["body_font"] == "仿宋_GB2312" and after["office"] == before["office"]
    assert "仿宋_GB2312" in after["fonts_missing_here"]  # this machine has no 仿宋
    proc = run("documents", "show", "--db", url)
    assert "王建国" in proc.stdout and "not installed here" in proc.stdout

    # A notice issued now takes number 1 and says which font stood in.
    out = tmp_path / "n.pdf"
    proc = run("notice", "--unit", "1", "--out", str(out), "--db", url, "--user", "zhangwei")
    assert proc.returncode == 0, proc.stderr
    assert "青安办督〔" in proc.stdout and "〕1号" in proc.stdout
    assert "仿宋_GB2312 not installed here" in proc.stderr
    shown = json.loads(run("documents", "show", "--db", url, "--format", "json").stdout)
    assert list(shown["last_numbers"]["notice"].values()) == [1]

    # Back to the bundled serif, no seal; a bad prefix is refused.
    proc = run("documents", "set", "--db", url, "--user", "admin", "--password-stdin",
               "--no-seal", "--body-font", "", stdin="riskmap\n")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    last = json.loads(run("documents", "show", "--db", url, "--format", "json").stdout)
    assert last["seal_png_bytes"] == 0 and last["body_font"] is None
    proc = run("documents", "set", "--db", url, "--user", "admin", "--password-stdin",
               "--prefix", "青安办督〔2026〕", stdin="riskmap\n")  # fmt: skip
    assert_one_line_error(proc, "prefix")
