"""Fill untranslated entries of a Qt .ts file.

A translation comes from, in order: a JSON file of {"English source": "中文"} given with
--from, or the message's translator comment (`#: 中文` above the `self.tr(...)` call, which
lupdate stores as <extracomment>). Entries still without one are listed and the exit code is 1.

    python tools/ts_fill.py resources/i18n/riskmap_zh_CN.ts [--from extra.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def fill(ts: Path, extra: dict[str, str]) -> list[str]:
    tree = ET.parse(ts)
    missing = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            done = (tr.text or "").strip() and tr.get("type") not in ("unfinished", "obsolete")
            if done:
                continue
            src = msg.findtext("source") or ""
            # lupdate merges the comments of one source string used twice in a context.
            notes = {n.strip() for n in (msg.findtext("extracomment") or "").split("----------")}
            notes.discard("")
            if len(notes) > 1 and src not in extra:
                missing.append(f"{name}: {src} (different translations: {' / '.join(notes)})")
                continue
            text = extra.get(src) or next(iter(notes), "")
            if text:
                tr.text = text
                tr.attrib.pop("type", None)
            else:
                missing.append(f"{name}: {src}")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return missing


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ts", type=Path)
    ap.add_argument("--from", dest="extra", type=Path)
    args = ap.parse_args()
    extra = json.loads(args.extra.read_text(encoding="utf-8")) if args.extra else {}
    missing = fill(args.ts, extra)
    for m in missing:
        print(f"untranslated: {m}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
