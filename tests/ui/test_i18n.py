"""Every visible string of the client is translated, and the .ts matches the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from riskmap.paths import resources_dir

TS = resources_dir() / "i18n" / "riskmap_zh_CN.ts"
ROOT = Path(__file__).resolve().parents[2]


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    out = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            out[(name, msg.findtext("source"))] = msg.find("translation")
    return out


def test_every_string_has_a_chinese_translation() -> None:
    msgs = _messages(TS)
    assert len(msgs) > 50
    missing = [
        src
        for src, tr in msgs.items()
        if tr is None or not (tr.text or "").strip() or tr.get("type") in ("unfinished", "obsolete")
    ]
    assert missing == []


def test_ts_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "pyside6-lupdate")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "riskmap" / "ui").rglob("*.py"))
    args = ["-silent", "-no-obsolete", "-locations", "none", *sources, "-ts", str(fresh)]
    subprocess.run([str(lupdate), *args], check=True, timeout=120)
    assert set(_messages(fresh)) == set(_messages(TS)), "run `make i18n-update` and translate"
