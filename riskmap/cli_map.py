"""`riskmap map`: print a map page (title, legend, scale bar, north arrow, date, source) as PDF
or PNG, for a district, a lon/lat box, a holiday preset or the whole city."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from riskmap.cli_ledger import _date, _store, preset_key


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        parts = tuple(float(p) for p in text.replace("，", ",").split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        raise argparse.ArgumentTypeError(f"give MINLON,MINLAT,MAXLON,MAXLAT; got {text!r}")
    return parts  # type: ignore[return-value]


def _layers(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


def add_parsers(sub: Any, db_option: Any) -> None:
    m = sub.add_parser(
        "map", help="print a map page (PDF or PNG) with title, legend, scale bar and north arrow"
    )
    db_option(m)
    where = m.add_mutually_exclusive_group()
    where.add_argument(
        "--district", default=None, metavar="NAME|CODE", help="city, county or township"
    )
    where.add_argument("--bbox", type=_bbox, default=None, metavar="MINLON,MINLAT,MAXLON,MAXLAT")
    m.add_argument(
        "--preset", type=preset_key, default=None, help="the preset's focus layers (清明, 五一 …)"
    )
    m.add_argument("--layers", type=_layers, default=(), metavar="KEY,KEY,…")
    m.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.png")
    m.add_argument("--dpi", type=int, default=None, help="PNG resolution (default 200)")
    m.add_argument("--paper", choices=("A4", "A3"), default="A4", help="landscape page size")
    m.add_argument("--title", default="", help="default: the city, the area and the theme")
    m.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    m.add_argument("--lang", choices=("zh", "en"), default="zh")


def cmd_map(args: argparse.Namespace) -> int:
    from riskmap.brief.printmap import DEFAULT_DPI, PrintRequest, check_request, print_map
    from riskmap.core.workspace import Workspace

    req = PrintRequest(
        out=args.out,
        district=args.district,
        bbox=args.bbox,
        preset=args.preset,
        layers=args.layers,
        title=args.title,
        dpi=args.dpi or DEFAULT_DPI,
        paper=args.paper,
        as_of=args.as_of,
        lang=args.lang,
    )
    check_request(req)  # before the database is opened
    t0 = time.perf_counter()
    store = _store(args)
    try:
        done = print_map(Workspace.load(store), req)
    finally:
        store.dispose()
    size = f", {done.size_px[0]}×{done.size_px[1]} px" if done.size_px else ""
    print(f"wrote {done.path} (1:{done.scale:,.0f}, {done.sites} sites{size})")
    print(f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


COMMANDS = {"map": cmd_map}
