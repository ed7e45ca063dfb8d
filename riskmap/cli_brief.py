"""`riskmap brief`: the holiday and season briefing (节前安全风险简报) as HTML, PDF and XLSX."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from riskmap.cli_ledger import _date, _store, preset_key, user_option
from riskmap.errors import RiskmapError

FORMATS = ("html", "pdf", "xlsx")


def _formats(text: str) -> tuple[str, ...]:
    out = tuple(t.strip().lower() for t in text.split(",") if t.strip())
    bad = [f for f in out if f not in FORMATS]
    if bad or not out:
        raise argparse.ArgumentTypeError(f"formats are {', '.join(FORMATS)}; got {text!r}")
    return out


def add_parsers(sub: Any, db_option: Any) -> None:
    b = sub.add_parser("brief", help="the briefing for a holiday or season (清明, 五一, 主汛期 …)")
    db_option(b)
    b.add_argument(
        "--preset", required=True, type=preset_key, help="qingming, labor_day, …, or 清明, 五一"
    )
    b.add_argument("--year", type=int, default=None, help="default: the next one")
    b.add_argument("--district", default=None, metavar="NAME|CODE", help="one county")
    b.add_argument("--out", type=Path, default=Path("."), metavar="DIR")
    b.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    b.add_argument("--formats", type=_formats, default=FORMATS, metavar="html,pdf,xlsx")
    user_option(b)
    b.add_argument(
        "--draft",
        action="store_true",
        help="a draft without a 期号 (by default an editor issues the next number of the year)",
    )


def cmd_brief(args: argparse.Namespace) -> int:
    from riskmap.brief import build_briefing
    from riskmap.core.workspace import Workspace

    preset = args.preset
    if args.out.exists() and not args.out.is_dir():
        raise RiskmapError(f"{args.out} is a file; --out takes a folder")
    t0 = time.perf_counter()
    store = _store(args)
    try:
        actor = None
        if not args.draft:
            from riskmap.core.ledger import resolve_actor

            actor = resolve_actor(store, getattr(args, "user", None))
            if not actor.may_write("document_numbers"):
                # A viewer (the wall's account, a guest) reads the briefing but issues nothing.
                print(
                    f"riskmap: {actor.who} may not issue a 期号; writing a draft (--draft)",
                    file=sys.stderr,
                )
                actor = None
        ws = Workspace.load(store)
        paths = build_briefing(
            ws,
            preset,
            args.year,
            args.district,
            out_dir=args.out,
            formats=args.formats,
            as_of=args.as_of,
            actor=actor,
        )
    finally:
        store.dispose()
    for fmt in args.formats:
        print(f"wrote {paths[fmt]}")
    print(f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


COMMANDS = {"brief": cmd_brief}
