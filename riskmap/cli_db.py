"""`riskmap db`: create, upgrade, check, copy and choose databases; PostgreSQL roles."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from riskmap.core.datum import DATUMS as DATUM_CHOICES
from riskmap.errors import RiskmapError


def add_db_parsers(
    sub: Any, db_option: Callable[[argparse.ArgumentParser], None], parser_class: type
) -> None:
    db = sub.add_parser("db", help="create, check, copy or choose the database")
    db_option(db)
    dbsub = db.add_subparsers(dest="db_command", required=True, parser_class=parser_class)
    init = dbsub.add_parser(
        "init",
        help="create the database (the demo city unless --empty); SQLite file or PostGIS URL",
    )
    db_option(init)
    init.add_argument("--empty", action="store_true", help="only the schema, no demo data")
    init.add_argument("--force", action="store_true", help="replace an existing database")
    init.add_argument(
        "--crs",
        help="metric CRS of an --empty database (default: the Gauss-Krüger zone of the "
        "--boundary's centre in China, else its UTM zone; EPSG:4544 without a boundary)",
    )
    init.add_argument(
        "--boundary",
        type=Path,
        metavar="FILE",
        help="--empty: start a real city from its outline (any vector file, one or more polygons)",
    )
    init.add_argument("--name", help="--boundary: the city's name (default: the file's name)")
    init.add_argument("--code", help="--boundary: the city's district code, e.g. 320500")
    init.add_argument(
        "--datum",
        choices=DATUM_CHOICES,
        default=None,
        help="--boundary: where its lon/lat came from: wgs84/cgcs2000 (GPS, official, "
        "Tianditu), gcj02 (Amap, Tencent), bd09 (Baidu); converted before anything is stored",
    )
    init.add_argument(
        "--boundary-crs", default=None, help="--boundary: the file's CRS when it says none"
    )
    init.add_argument(
        "--layer", default=None, metavar="NAME", help="--boundary: the file's layer, if several"
    )
    chk = dbsub.add_parser("check", help="check the database's integrity")
    db_option(chk)
    pth = dbsub.add_parser("path", help="print the database URL in use")
    db_option(pth)
    upg = dbsub.add_parser(
        "upgrade", help="bring an older database up to this riskmap's schema (Alembic)"
    )
    db_option(upg)
    cp = dbsub.add_parser(
        "copy",
        help="copy a whole database to another, SQLite or PostGIS either way, in one transaction",
    )
    cp.add_argument("src", metavar="SRC", help="source database URL")
    cp.add_argument("dst", metavar="DST", help="destination database URL (empty, or --force)")
    cp.add_argument("--force", action="store_true", help="replace riskmap data in DST")
    use = dbsub.add_parser(
        "use", help="make URL this user's default database (e.g. the command center's PostGIS)"
    )
    use.add_argument("url", metavar="URL", nargs="?", help="database URL to use from now on")
    use.add_argument(
        "--default", action="store_true", help="go back to the SQLite file in the data directory"
    )
    roles = dbsub.add_parser(
        "roles",
        help="PostgreSQL: (re)grant the riskmap_viewer/editor/admin roles and list the logins",
    )
    db_option(roles)


def cmd_db(args: argparse.Namespace, db_url: Callable[[argparse.Namespace], str]) -> int:
    from riskmap.store.checks import check_db
    from riskmap.store.engine import display_url, open_store

    if args.db_command == "copy":
        return _copy(args)
    if args.db_command == "use":
        return _use(args)
    url = db_url(args)
    shown = display_url(url)
    if args.db_command == "path":
        print(shown)
        return 0
    if args.db_command == "init":
        return _init(args, url, shown)
    if args.db_command == "upgrade":
        from riskmap.core.style.site_class import fill_style_classes, stale_layers
        from riskmap.store.schema import SCHEMA_VERSION

        store = open_store(url, upgrade=True)
        old = store.meta.get("schema_version_before_upgrade")
        # a layer file that classes its sites by another attribute since the column was filled
        stale = stale_layers(store)
        if stale:
            with store.engine.begin() as c:
                fill_style_classes(c)
        store.dispose()
        print(f"{shown}: schema version {SCHEMA_VERSION}" + (f" (was {old})" if old else ""))
        if stale:
            print(f"{shown}: style classes filled again ({', '.join(stale)})")
        return 0
    if args.db_command == "roles":
        return _roles(url)
    store = open_store(url, read_only=True)  # a check changes nothing, not even the journal
    try:
        problems = check_db(store)
    finally:
        store.dispose()
    if problems:
        for line in problems:
            print(f"riskmap: problem: {line}", file=sys.stderr)
        return 1
    print(f"{shown}: ok")
    return 0


def _init(args: argparse.Namespace, url: str, shown: str) -> int:
    from riskmap.demo.install import init_db

    outline = None
    if args.boundary is not None:
        if not args.empty:
            raise RiskmapError.of("city.boundary_needs_empty")
        from riskmap.io.importer.outline import read_outline

        outline = read_outline(
            args.boundary,
            crs=args.crs,
            layer=args.layer,
            file_crs=args.boundary_crs,
            datum=args.datum,
        )
    elif args.name or args.code or args.datum or args.boundary_crs or args.layer:
        raise RiskmapError("--name, --code, --datum, --layer and --boundary-crs go with --boundary")
    store = init_db(
        url,
        empty=args.empty,
        overwrite=args.force,
        crs=args.crs,
        outline=outline,
        name=args.name,
        code=args.code,
    )
    n = _count_sites(store)
    crs, city = store.crs, store.city_name
    store.dispose()
    if outline is None:
        print(f"created {shown} ({'empty' if args.empty else 'demo city'}, {n} sites)")
        return 0
    for note in outline.notes:
        print(f"riskmap: note: {note}", file=sys.stderr)
    how = "chosen from its centre" if outline.crs_chosen else "as given"
    lon, lat = outline.centre
    print(
        f"created {shown}: city {city}, {outline.polygons} polygon(s), "
        f"{outline.area_km2:,.2f} km² around {lon:.4f}°, {lat:.4f}°; "
        f"metric CRS {crs} ({_crs_name(crs)}, {how})"
    )
    print("next: riskmap import FILE --districts county (then township), then the layers")
    return 0


def _crs_name(crs: str) -> str:
    import pyproj

    return str(pyproj.CRS.from_user_input(crs).name)


def _count_sites(store: Any) -> int:
    from sqlalchemy import text

    with store.engine.connect() as c:
        return int(c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one())


def _copy(args: argparse.Namespace) -> int:
    from riskmap.store.engine import display_url
    from riskmap.store.transfer import copy_db

    t = time.perf_counter()
    counts = copy_db(args.src, args.dst, overwrite=args.force)
    took = time.perf_counter() - t
    rows = sum(counts.values())
    detail = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
    print(
        f"copied {display_url(args.src)} → {display_url(args.dst)}: {rows} rows in {took:.1f} s"
        f" ({detail})"
    )
    return 0


def _use(args: argparse.Namespace) -> int:
    from riskmap.settings import default_db_url, save_setting
    from riskmap.store.engine import display_url, open_store

    if args.default:
        if args.url:
            raise RiskmapError("give a URL or --default, not both")
        save_setting("database", None)
        print(f"using {display_url(default_db_url())}")
        return 0
    if not args.url:
        print(display_url(default_db_url()))
        return 0
    # Only a database that opens as riskmap's is saved: a typo must not lock the user out.
    open_store(args.url, read_only=True).dispose()
    save_setting("database", args.url)
    print(f"using {display_url(args.url)} from now on (riskmap db use --default to go back)")
    return 0


def _roles(url: str) -> int:
    from riskmap.store.engine import display_url, open_store
    from riskmap.store.migrate import PG_GROUP_ROLES, grant_pg_privileges, login_roles, may_grant

    store = open_store(url)
    try:
        if not store.is_postgis:
            raise RiskmapError(
                "database roles are PostgreSQL's; a SQLite file has riskmap's own roles only"
            )
        with store.engine.begin() as c:
            if not may_grant(c):
                raise RiskmapError(
                    f"{store.session_user()} may not create or grant roles "
                    "(needs CREATEROLE); ask the database administrator"
                )
            grant_pg_privileges(c)
            held = login_roles(c)
    finally:
        store.dispose()
    groups = ", ".join(PG_GROUP_ROLES.values())
    print(f"{display_url(url)}: privileges granted to {groups}")
    for login, roles in sorted(held.items()):
        print(f"  {login}: {', '.join(roles)}")
    if not held:
        print("  no login holds a riskmap role yet (riskmap user add NAME --role ROLE grants it)")
    return 0
