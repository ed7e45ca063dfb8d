"""The `riskmap` command: the GUI by default; query, districts, db, demo, and the ledger's
subcommands (ledger, user, audit, notice: riskmap.cli_ledger).

Bad input, and a failure of the environment (a read-only or locked database, a full disk, a
file GDAL cannot read), ends in one line on stderr and exit code 2, never a traceback; nothing
is written. Anything else is a bug: exit 1, one line naming the log file that holds the
traceback (riskmap.logs; `riskmap --log-path` prints where it is).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from riskmap import __version__
from riskmap.cli_auth import Passwords, password_option, user_option
from riskmap.errors import RiskmapError
from riskmap.logs import install_hooks, log_path, user_line
from riskmap.messages import describe

EXIT_USAGE = 2
EXIT_BUG = 1


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line (the full usage stays on --help)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _db_option(p: argparse.ArgumentParser, top: bool = False) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        default=None if top else argparse.SUPPRESS,
        help="database URL (default: the SQLite file in the user data directory, "
        "created from the demo city on first run)",
    )


def _floats(n: int, what: str):
    def parse(text: str) -> list[float]:
        parts = text.split(",")
        if len(parts) != n:
            raise argparse.ArgumentTypeError(f"{what} needs {n} comma-separated numbers: {text!r}")
        try:
            return [float(p) for p in parts]
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be numbers: {text!r}") from None

    return parse


def _csv_list(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class _NotTheWindow(Exception):
    """The command line is not a plain start of the window: parse it with every subcommand."""


class _WindowParser(_Parser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheWindow(message)


def _top_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--version", action="version", version=f"riskmap {__version__}")
    p.add_argument(
        "--log-path", action="store_true", help="print where unexpected errors are logged, and exit"
    )
    p.add_argument(
        "--self-check",
        action="store_true",
        help="check this installation (demo database, region query, map, briefing, fonts) and exit",
    )
    _db_option(p, top=True)
    user_option(p, top=True)
    password_option(p, top=True)
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the output")
    p.add_argument(
        "--gui-lang", choices=("zh", "en"), default=None, help="window language (default: last)"
    )
    p.add_argument("--quit-after", type=int, default=None, metavar="MS", help=argparse.SUPPRESS)
    p.add_argument(
        "--wall", action="store_true", help="the wall display: full screen, read-only, dark"
    )
    p.add_argument(
        "--wall-interval",
        type=float,
        default=None,
        metavar="S",
        help="seconds per step of the wall's briefing sequence (default: the last, else 20)",
    )


def _window_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments of a start of the window (no subcommand, no --help), parsed without
    importing the subcommands' modules, which the window's start has no use for (issue 20);
    None for anything else, which the full parser then reads, its usage and errors included."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if any(a in ("-h", "--help") for a in argv):
        return None
    p = _WindowParser(prog="riskmap", add_help=False)
    _top_options(p)
    try:
        args, rest = p.parse_known_args(argv)
    except _NotTheWindow:
        return None
    if rest:  # a subcommand, or an option only the full parser knows (or refuses)
        return None
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    from riskmap.cli_brief import add_parsers as add_brief_parsers
    from riskmap.cli_db import add_db_parsers
    from riskmap.cli_documents import add_parsers as add_documents_parsers
    from riskmap.cli_holidays import add_parsers as add_holiday_parsers
    from riskmap.cli_import import add_parsers as add_import_parsers
    from riskmap.cli_ledger import _date, add_parsers
    from riskmap.cli_map import add_parsers as add_map_parsers
    from riskmap.cli_patrol import add_parsers as add_patrol_parsers

    p = _Parser(prog="riskmap", description="riskmap: work-safety risk map (风险地图)")
    _top_options(p)
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    s = sub.add_parser("summary", help="the city's dossier summary, or its figures per county")
    _db_option(s)
    s.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    s.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="json: the figures of the city and of each county (its own sites, 属地)",
    )

    q = sub.add_parser("query", help="region → dossier (hazards, units, open rectifications)")
    _db_option(q)
    where = q.add_mutually_exclusive_group()
    where.add_argument("--bbox", type=_floats(4, "--bbox"), metavar="MINLON,MINLAT,MAXLON,MAXLAT")
    where.add_argument("--polygon", type=Path, metavar="FILE.geojson")
    where.add_argument("--circle", type=_floats(3, "--circle"), metavar="LON,LAT,RADIUS_M")
    where.add_argument("--district", metavar="NAME|CODE")
    q.add_argument("--layers", type=_csv_list, default=[], metavar="KEY,KEY")
    q.add_argument("--level", choices=("general", "major"), action="append", default=[])
    q.add_argument("--status", default="all", help="all|open|closed|overdue|<status>")
    q.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table")
    q.add_argument(
        "--table",
        choices=("hazards", "sites", "units", "rectifications", "crossing", "totals"),
        default="hazards",
        help="which list --format csv prints",
    )

    d = sub.add_parser("districts", help="list the admin districts")
    _db_option(d)
    d.add_argument("--level", choices=("city", "county", "township"))
    d.add_argument("--format", choices=("table", "csv", "json"), default="table")

    add_db_parsers(sub, _db_option, _Parser)

    demo = sub.add_parser("demo", help="rebuild the demo city, or a large synthetic one")
    _db_option(demo)
    demo.add_argument("--sites", type=int, default=None, help="a synthetic city of N sites")
    demo.add_argument("--seed", type=int, default=None)
    demo.add_argument("--force", action="store_true", help="replace an existing database")
    add_parsers(sub, _db_option)
    add_patrol_parsers(sub, _db_option)
    add_brief_parsers(sub, _db_option)
    add_map_parsers(sub, _db_option)
    add_import_parsers(sub, _db_option)
    add_documents_parsers(sub, _db_option)
    add_holiday_parsers(sub, _db_option)
    return p


def _db_url(args: argparse.Namespace) -> str:
    from riskmap.settings import default_db_url

    return args.db or default_db_url()


def _open(args: argparse.Namespace):
    """Open the workspace; the default database is created from the demo city on first run."""
    from riskmap.core.workspace import Workspace
    from riskmap.demo.install import open_or_create_default
    from riskmap.store.engine import open_store

    if args.db:
        store = open_store(args.db)
    else:
        store, created = open_or_create_default(_db_url(args))
        if created:
            print(f"riskmap: created the demo city database at {store.url}", file=sys.stderr)
    return Workspace.load(store)


def _region(args: argparse.Namespace, ws: Any):
    from riskmap.core.region import Region

    if args.bbox:
        return Region.from_bbox_lonlat(*args.bbox, crs=ws.crs)
    if args.circle:
        lon, lat, radius = args.circle
        return Region.from_circle_lonlat(lon, lat, radius, crs=ws.crs)
    if args.district:
        return Region.from_district(ws.districts, args.district, crs=ws.crs)
    if args.polygon:
        try:
            text = args.polygon.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RiskmapError(f"{args.polygon}: no such file") from None
        except UnicodeDecodeError:
            raise RiskmapError(f"{args.polygon}: not UTF-8 GeoJSON text") from None
        except OSError as exc:
            raise RiskmapError(f"{args.polygon}: cannot read ({exc.strerror})") from None
        return Region.from_geojson(text, crs=ws.crs)
    return ws.whole_region()


def cmd_query(args: argparse.Namespace) -> int:
    from riskmap.core.dossier import Filters, build
    from riskmap.textout import dossier_tables, dossier_text, to_csv

    filters = Filters(
        layers=tuple(args.layers),
        levels=tuple(args.level),
        status=args.status,
        as_of=args.as_of or dt.date.today(),
    )
    ws = _open(args)
    try:
        ws.catalog.keys_checked(list(args.layers))
        region = _region(args, ws)
        dossier = build(ws, region, filters)
    finally:
        ws.store.dispose()
    if args.format == "json":
        json.dump(dossier.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        headers, rows = dossier_tables(dossier, ws.catalog, args.lang)[args.table]
        sys.stdout.write(to_csv(headers, rows))
    else:
        names = {d.code: d.name for d in ws.districts}
        print(dossier_text(dossier, ws.catalog, names, args.lang))
    for note in region.notes:
        print(f"riskmap: note: {note}", file=sys.stderr)
    return 0


def cmd_districts(args: argparse.Namespace) -> int:
    from riskmap.core.crs import to_degrees
    from riskmap.textout import table, to_csv

    ws = _open(args)
    ws.store.dispose()
    rows = []
    for d in ws.districts:
        if args.level and d.level != args.level:
            continue
        b = to_degrees(d.geom, ws.crs).bounds
        rows.append(
            {
                "code": d.code,
                "name": d.name,
                "name_en": d.name_en,
                "level": d.level,
                "parent": d.parent_code,
                "bbox": [round(v, 6) for v in b],
            }
        )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    headers = ["code", "name", "name_en", "level", "parent", "bbox"]
    flat = [[r["code"], r["name"], r["name_en"], r["level"], r["parent"] or "",
             " ".join(f"{v:.4f}" for v in r["bbox"])] for r in rows]  # fmt: skip
    if args.format == "csv":
        sys.stdout.write(to_csv(headers, flat))
    else:
        print(table(headers, flat, max_width=60))
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from riskmap.cli_db import cmd_db as run

    return run(args, _db_url)


def cmd_demo(args: argparse.Namespace) -> int:
    import time

    from riskmap import demo
    from riskmap.demo.install import demo_source_path

    if args.sites is not None and args.sites <= 0:
        raise RiskmapError(f"--sites must be a positive number, got {args.sites}")
    t0 = time.perf_counter()
    if args.sites is None:
        url = args.db or f"sqlite:///{demo_source_path()}"
        overwrite = args.force or not args.db  # rebuilding the bundled demo replaces it
        seed = args.seed if args.seed is not None else demo.DEMO_SEED
        store = demo.build_demo(url, seed=seed, overwrite=overwrite)
    else:
        if not args.db:
            raise RiskmapError("a synthetic city needs a target: --db URL")
        seed = args.seed if args.seed is not None else 1
        store = demo.build_synthetic(args.db, args.sites, seed=seed, overwrite=args.force)
    store.dispose()
    print(f"wrote {store.url} in {time.perf_counter() - t0:.1f} s")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    """The city's dossier as text: what a duty officer sees first, without a window."""
    from riskmap.core.dossier import Filters, build
    from riskmap.textout import dossier_text

    as_of = args.as_of or dt.date.today()
    ws = _open(args)
    try:
        if args.format == "json":
            json.dump(_summary_json(ws, as_of), sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
            return 0
        dossier = build(ws, ws.whole_region(), Filters(as_of=as_of))
    finally:
        ws.store.dispose()
    names = {d.code: d.name for d in ws.districts}
    title = ws.store.city_name + ("（虚构示例城市）" if ws.store.fictional else "")
    print(title)
    print(dossier_text(dossier, ws.catalog, names, args.lang, limit=10))
    return 0


def _summary_json(ws: Any, as_of: dt.date) -> dict[str, Any]:
    """The city's figures and each county's (the sites of its townships), as the wall shows."""
    from riskmap.core import figures

    per_code = figures.by_district_code(ws.store, as_of)
    per_county = ws.territory.roll_up(per_code)
    city = sum(per_code.values(), figures.Counts())
    counties = [
        {"code": d.code, "name": d.name, "name_en": d.name_en,
         **per_county.get(d.code, figures.Counts()).as_dict()}
        for d in ws.counties()
    ]  # fmt: skip
    out: dict[str, Any] = {
        "city": ws.store.city_name,
        "fictional": ws.store.fictional,
        "as_of": as_of.isoformat(),
        "totals": city.as_dict(),
        "counties": counties,
    }
    if "" in per_county:  # sites whose township lies in no county
        out["unassigned"] = per_county[""].as_dict()
    return out


def cmd_gui(args: argparse.Namespace) -> int:
    """The desktop client on the database (the demo city on first run)."""
    # The cyclic collector rests until the first window is shown (riskmap.ui.app.run wakes it
    # and collects once): the start's own cyclic garbage is ~1,000 objects.
    from riskmap.collector import paused

    with paused():
        return _gui(args)


def _gui(args: argparse.Namespace) -> int:
    from riskmap.store.engine import open_store

    if args.db:
        store = open_store(args.db)
    else:
        # Only here: the demo installer's importers are no part of opening a given database.
        from riskmap.demo.install import open_or_create_default

        store, created = open_or_create_default(_db_url(args))
        if created:
            print(f"riskmap: created the demo city database at {store.url}", file=sys.stderr)
    from riskmap.ui.app import run

    password = None
    if args.password_stdin and not args.wall:
        password = Passwords(args).ask("Password: ")
    return run(
        store,
        lang=args.gui_lang,
        quit_after_ms=args.quit_after,
        user=args.user,
        wall=args.wall,
        wall_interval=args.wall_interval,
        password=password,
    )


def commands() -> dict[str, Any]:
    """Each subcommand's handler, by name (the subcommands' modules import here)."""
    from riskmap.cli_brief import COMMANDS as BRIEF_COMMANDS
    from riskmap.cli_documents import COMMANDS as DOCUMENTS_COMMANDS
    from riskmap.cli_holidays import COMMANDS as HOLIDAY_COMMANDS
    from riskmap.cli_import import COMMANDS as IMPORT_COMMANDS
    from riskmap.cli_ledger import COMMANDS as LEDGER_COMMANDS
    from riskmap.cli_map import COMMANDS as MAP_COMMANDS
    from riskmap.cli_patrol import COMMANDS as PATROL_COMMANDS

    return {
        "query": cmd_query,
        "districts": cmd_districts,
        "db": cmd_db,
        "demo": cmd_demo,
        "summary": cmd_summary,
        **LEDGER_COMMANDS,
        **PATROL_COMMANDS,
        **BRIEF_COMMANDS,
        **MAP_COMMANDS,
        **IMPORT_COMMANDS,
        **DOCUMENTS_COMMANDS,
        **HOLIDAY_COMMANDS,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = _window_args(argv) or build_parser().parse_args(argv)
    if not hasattr(args, "db"):
        args.db = None
    if not hasattr(args, "user"):
        args.user = None
    if args.log_path:
        print(log_path())
        return 0
    if args.self_check:
        from riskmap.selfcheck import run as self_check

        return self_check(lang=args.lang)
    handler = commands()[args.command] if args.command else cmd_gui
    install_hooks()
    try:
        return handler(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("riskmap: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the one boundary: a line on stderr, never a traceback
        known = describe(exc) is not None
        print(f"riskmap: error: {user_line(exc, 'cli', args.command or 'gui')}", file=sys.stderr)
        return EXIT_USAGE if known else EXIT_BUG


if __name__ == "__main__":
    raise SystemExit(main())
