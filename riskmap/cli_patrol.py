"""`riskmap patrol | incident`: patrol plans, their coverage gaps, and the incident report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from riskmap import terms
from riskmap.cli_ledger import _date, _store, preset_key
from riskmap.errors import RiskmapError

PRESET_HELP = "a holiday or season: qingming, labor_day, … or its name (清明, 五一, Qingming)"


def _floats(text: str) -> list[float]:
    try:
        return [float(t) for t in text.split(",") if t.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not comma-separated numbers: {text!r}") from None


def add_parsers(sub: Any, db_option: Any) -> None:
    pa = sub.add_parser("patrol", help="patrol areas (巡查区域): list, coverage gaps, export")
    db_option(pa)
    psub = pa.add_subparsers(dest="patrol_command", required=True, parser_class=type(pa))
    ls = psub.add_parser("list", help="list the patrol areas")
    db_option(ls)
    ls.add_argument("--preset", type=preset_key, default=None, help=PRESET_HELP)
    ls.add_argument("--format", choices=("table", "json"), default="table")
    cv = psub.add_parser("coverage", help="high-risk sites no active patrol covers")
    db_option(cv)
    cv.add_argument("--preset", type=preset_key, default=None, help=PRESET_HELP)
    cv.add_argument("--year", type=int, default=None, help="the preset's year (default: next)")
    cv.add_argument("--from", dest="start", type=_date, default=None, metavar="YYYY-MM-DD")
    cv.add_argument("--to", dest="end", type=_date, default=None, metavar="YYYY-MM-DD")
    cv.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    cv.add_argument("--format", choices=("table", "json"), default="table")
    ex = psub.add_parser("export", help="patrol plans as GeoJSON, KML or an XLSX roster")
    db_option(ex)
    ex.add_argument("file", type=Path, metavar="FILE.geojson|.kml|.xlsx")
    ex.add_argument("--preset", type=preset_key, default=None, help=PRESET_HELP)

    inc = sub.add_parser("incident", help="what lies around a point, ring by ring (事故周边)")
    db_option(inc)
    at = inc.add_mutually_exclusive_group(required=True)
    at.add_argument("--at", type=_floats, metavar="LON,LAT")
    at.add_argument("--site", type=int, metavar="ID")
    inc.add_argument("--rings", type=_floats, default=[1, 3, 5], metavar="KM,KM,…")
    inc.add_argument("--k", type=int, default=3, help="nearest resources of each kind")
    inc.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    inc.add_argument("--out", type=Path, default=None, metavar="FILE.pdf|.html")
    inc.add_argument("--format", choices=("table", "json"), default="table")


def _window(args: argparse.Namespace):
    from riskmap.core.presets import Window, holiday_window

    if args.preset and (args.start or args.end):
        raise RiskmapError("give a preset or --from/--to, not both")
    if args.preset:
        today = args.as_of or dt.date.today()
        year = args.year
        if year is None:
            # The coming one: this year's if it has not ended yet, else next year's.
            this = holiday_window(args.preset, today.year)
            year = today.year if this.end >= today else today.year + 1
        return holiday_window(args.preset, year)
    if not (args.start and args.end):
        raise RiskmapError("give --preset NAME [--year Y], or --from DATE --to DATE")
    return Window(args.start, args.end)


def cmd_patrol(args: argparse.Namespace) -> int:
    from riskmap.core.patrol import coverage, load_patrols
    from riskmap.core.workspace import Workspace
    from riskmap.textout import table

    store = _store(args)
    try:
        if args.patrol_command == "coverage":
            window = _window(args)
            ws = Workspace.load(store)
            cov = coverage(ws, window, as_of=args.as_of or dt.date.today())
            return _print_coverage(cov, args, ws)
        patrols = [p for p in load_patrols(store) if args.preset in (None, p.preset)]
        if args.patrol_command == "export":
            return _export(store, patrols, args.file)
    finally:
        store.dispose()
    if args.format == "json":
        data = [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "team": p.team,
                "starts_on": p.starts_on and p.starts_on.isoformat(),
                "ends_on": p.ends_on and p.ends_on.isoformat(),
                "preset": p.preset,
                "buffer_m": p.buffer_m,
                "area_km2": round(p.coverage.area / 1e6, 3),
            }
            for p in patrols
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    rows = [
        [p.id, p.name, p.kind, p.team, p.starts_on or "", p.ends_on or "", p.preset or ""]
        for p in patrols
    ]
    print(table(["id", "name", "kind", "team", "from", "to", "preset"], rows, max_width=40))
    return 0


def _print_coverage(cov: Any, args: argparse.Namespace, ws: Any) -> int:
    from riskmap.textout import table

    zh = args.lang == "zh"
    gaps = cov.gaps
    if args.format == "json":
        data = {
            "window": {
                "start": cov.window.start.isoformat(),
                "end": cov.window.end.isoformat(),
                "preset": cov.window.preset,
                "source": cov.window.source,
            },
            "patrols": [p.id for p in cov.patrols],
            "high_risk": len(cov.high_risk),
            "gaps": [
                {"site_id": s.site_id, "layer": s.layer, "name": s.name, "reasons": s.reasons}
                for s in gaps
            ],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    names = {d.code: d.name for d in ws.districts}
    rows = [
        [
            s.site_id,
            ws.catalog[s.layer].name(args.lang) if s.layer in ws.catalog else s.layer,
            s.name,
            names.get(s.district_code or "", ""),
            "、".join(terms.reason(r, "zh" if zh else "en") for r in s.reasons),
        ]
        for s in gaps
    ]
    w = cov.window
    print(
        f"{w.start} – {w.end} ({w.source}): {len(cov.patrols)} active patrol areas, "
        f"{len(gaps)} of {len(cov.high_risk)} high-risk sites uncovered"
    )
    if rows:
        print(table(["site", "layer", "name", "township", "why"], rows, max_width=40))
    return 0


def _export(store: Any, patrols: list[Any], path: Path) -> int:
    from riskmap.io import patrol_export as pe

    suffix = path.suffix.lower()
    names = pe.patrol_unit_names(store, patrols)
    if suffix in (".geojson", ".json"):
        pe.write_geojson(patrols, path, store.crs, unit_names=names)
    elif suffix == ".kml":
        pe.write_kml(patrols, path, store.crs, unit_names=names)
    elif suffix == ".xlsx":
        pe.write_roster_xlsx(patrols, path, names)
    else:
        raise RiskmapError(f"{path.name}: export to .geojson, .kml or .xlsx")
    print(f"wrote {len(patrols)} patrol areas to {path}")
    return 0


def cmd_incident(args: argparse.Namespace) -> int:
    from riskmap.core.crs import lonlat_to_xy
    from riskmap.core.incident import incident_report
    from riskmap.core.workspace import Workspace

    if args.at is not None and len(args.at) != 2:
        raise RiskmapError("--at needs LON,LAT")
    store = _store(args)
    try:
        ws = Workspace.load(store)
        if args.site is not None:
            if not ws.has_site(args.site):
                raise RiskmapError(f"no site with id {args.site}")
            pt = ws.geometry(args.site).representative_point()
            x, y = pt.x, pt.y
        else:
            from riskmap.core.crs import check_lonlat

            check_lonlat(args.at[0], args.at[1], "incident point")
            xs, ys = lonlat_to_xy([args.at[0]], [args.at[1]], ws.crs)
            x, y = float(xs[0]), float(ys[0])
        report = incident_report(
            ws,
            x,
            y,
            [r * 1000 for r in args.rings],
            k=args.k,
            site_id=args.site,
            as_of=args.as_of or dt.date.today(),
        )
    finally:
        store.dispose()
    if args.out is not None:
        from riskmap.brief.incident import (
            incident_classes,
            incident_geometries,
            write_incident_html,
            write_incident_pdf,
        )

        suffix = args.out.suffix.lower()
        extra = {
            "geometries": incident_geometries(ws, report),
            "classes": incident_classes(ws, report),
            "fictional": ws.store.fictional,
        }
        if suffix == ".pdf":
            write_incident_pdf(report, args.out, ws.catalog, lang=args.lang, **extra)
        elif suffix in (".html", ".htm"):
            write_incident_html(report, args.out, ws.catalog, lang=args.lang, **extra)
        else:
            raise RiskmapError(f"{args.out.name}: write .pdf or .html")
        print(f"wrote {args.out}")
        return 0
    return _print_incident(report, ws, args)


def _print_incident(report: Any, ws: Any, args: argparse.Namespace) -> int:
    from dataclasses import asdict

    if args.format == "json":
        data = {
            "lon": report.lon,
            "lat": report.lat,
            "site_id": report.site_id,
            "rings": [
                {
                    "inner_m": r.inner_m,
                    "outer_m": r.outer_m,
                    "people": r.people,
                    "sites": [asdict(s) for s in r.sites],
                }
                for r in report.rings
            ],
            "resources": {k: [asdict(n) for n in v] for k, v in report.resources.items()},
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    zh = args.lang == "zh"
    print(
        f"{report.lon:.5f}, {report.lat:.5f}"
        + (f"  {report.site_name}" if report.site_name else "")
    )
    for r in report.rings:
        head = f"{r.inner_m / 1000:g}–{r.outer_m / 1000:g} km: {len(r.sites)} sites"
        print(head + (f", {r.people} people" if r.people else ""))
        for g in r.layers:
            name = ws.catalog[g.layer].name(args.lang) if g.layer in ws.catalog else g.layer
            first = "、" if zh else ", "
            shown = first.join(s.name for s in g.sites[:5])
            more = f" … (+{len(g.sites) - 5})" if len(g.sites) > 5 else ""
            print(f"  {name} {len(g.sites)}: {shown}{more}")
    for kind, items in report.resources.items():
        text = "; ".join(f"{n.name} {n.distance_m / 1000:.1f} km" for n in items)
        print(f"{kind}: {text}")
    return 0


COMMANDS = {"patrol": cmd_patrol, "incident": cmd_incident}
