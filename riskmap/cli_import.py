"""`riskmap import | export`: a city's own files into a risk layer (or its districts, or its grey
basemap), and out.

Import is all or nothing: with any rejected feature nothing is written and the report lists
each by feature number and spreadsheet row (exit code 1); `--skip-rejected` writes the good ones.
Coordinates that look offset (GCJ-02, BD-09) without `--datum`, and features far outside the
city without `--allow-outside`, are refused before anything is written (exit code 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from riskmap.cli_ledger import _ledger, _store, user_option
from riskmap.errors import RiskmapError

DATUM_CHOICES = ("wgs84", "cgcs2000", "gcj02", "bd09")


def _pair(text: str) -> tuple[str, str]:
    field, sep, column = text.partition("=")
    if not sep or not field.strip():
        raise argparse.ArgumentTypeError(f"--map needs FIELD=COLUMN, got {text!r}")
    return field.strip(), column.strip()


def add_parsers(sub: Any, db_option: Any) -> None:
    im = sub.add_parser("import", help="import a file into a risk layer (or the districts)")
    db_option(im)
    user_option(im)
    im.add_argument("file", type=Path)
    target = im.add_mutually_exclusive_group(required=True)
    target.add_argument("--layer", metavar="KEY", help="the risk layer to import into")
    target.add_argument(
        "--districts",
        choices=("city", "county", "township"),
        help="import official admin boundaries of this level (the city first, then counties, "
        "then townships; parents by containment or --parent-field)",
    )
    target.add_argument(
        "--basemap",
        action="store_true",
        help="import roads, water or land use as the grey basemap under the risk layers "
        "(not sites: no hazards); importing the same source again replaces it",
    )
    im.add_argument("--kind", choices=("road", "water", "landuse", "auto"), default="auto",
                    help="--basemap: what the file holds (auto: by the OSM tags highway, "
                         "waterway, natural=water and landuse)")  # fmt: skip
    im.add_argument("--map", type=_pair, action="append", default=[], metavar="FIELD=COLUMN")
    im.add_argument("--crs", default=None, help="the file's CRS when it does not say (EPSG:4544)")
    im.add_argument("--datum", choices=DATUM_CHOICES, default=None,
                    help="lon/lat copied from Amap (gcj02) or Baidu (bd09), converted; "
                         "wgs84/cgcs2000: keep them as they are")  # fmt: skip
    im.add_argument("--allow-outside", action="store_true",
                    help="import features lying far outside the city all the same")  # fmt: skip
    im.add_argument("--source", default=None, metavar="NAME",
                    help="the source's name (default: the file's); importing the same source "
                         "again updates what it imported")  # fmt: skip
    im.add_argument("--id-field", default=None, metavar="COLUMN",
                    help="the column that identifies a feature in the source (default: "
                         "an id/编号 column, else the feature or row number)")  # fmt: skip
    im.add_argument("--delete-gone", action="store_true",
                    help="delete the sites this source imported before that the file no longer "
                         "holds (refused while hazards or duties name them)")  # fmt: skip
    im.add_argument("--append", action="store_true",
                    help="every feature a new site, matching nothing imported before")  # fmt: skip
    im.add_argument("--encoding", default=None, help="e.g. GBK for an old shapefile")
    im.add_argument("--source-layer", default=None, help="the file's layer or sheet")
    im.add_argument("--lon", default=None, metavar="COLUMN")
    im.add_argument("--lat", default=None, metavar="COLUMN")
    im.add_argument("--code-field", default=None, help="--districts: the code column")
    im.add_argument("--name-field", default=None, help="--districts: the name column")
    im.add_argument("--parent-field", default=None, help="--districts: the parent code column")
    im.add_argument("--replace", action="store_true", help="--districts: replace that level")
    im.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    im.add_argument("--skip-rejected", action="store_true", help="write the good features")
    im.add_argument("--report", type=Path, default=None, metavar="FILE(.txt|.csv|.xlsx)")

    ex = sub.add_parser("export", help="export a layer (GeoPackage, GeoJSON, Shapefile, KML…)")
    db_option(ex)
    ex.add_argument("file", type=Path, metavar="FILE.gpkg|.geojson|.shp|.kml|.csv|.xlsx")
    ex.add_argument("--layer", required=True, metavar="KEY")
    ex.add_argument("--crs", default="EPSG:4490")
    ex.add_argument(
        "--gpkg-version",
        choices=("1.2", "1.3", "1.4"),
        default="1.2",
        help="GeoPackage version (default 1.2, which older QGIS and ArcGIS open)",
    )


def cmd_import(args: argparse.Namespace) -> int:
    from riskmap.core.catalog import load_catalog
    from riskmap.io.importer import (
        import_basemap,
        import_districts,
        import_features,
        plan_import,
        read_features,
    )

    source = read_features(
        args.file,
        layer=args.source_layer if args.file.suffix.lower() not in (".xlsx", ".xlsm") else None,
        sheet=args.source_layer if args.file.suffix.lower() in (".xlsx", ".xlsm") else None,
        encoding=args.encoding,
        crs=args.crs,
        datum=args.datum,
        lon=args.lon,
        lat=args.lat,
    )
    store = _store(args)
    try:
        actor = _ledger(store, args).actor
        if args.basemap:
            report = import_basemap(
                store,
                actor,
                source,
                args.kind,
                source_label=args.source,
                dry_run=args.dry_run,
                skip_rejected=args.skip_rejected,
                allow_outside=args.allow_outside,
            )
        elif args.districts:
            if not (args.code_field and args.name_field):
                raise RiskmapError("--districts needs --code-field and --name-field")
            report = import_districts(
                store,
                actor,
                source,
                args.districts,
                args.code_field,
                args.name_field,
                args.parent_field,
                args.replace,
                dry_run=args.dry_run,
                allow_outside=args.allow_outside,
            )
        else:
            catalog = load_catalog()
            catalog.keys_checked([args.layer])
            mapping = dict(args.map)
            if args.id_field:
                mapping["source_id"] = args.id_field
            plan = plan_import(source, catalog, args.layer, mapping or None)
            report = import_features(
                store,
                actor,
                source,
                plan,
                dry_run=args.dry_run,
                skip_rejected=args.skip_rejected,
                allow_outside=args.allow_outside,
                source_label=args.source,
                append=args.append,
                delete_gone=args.delete_gone,
            )
    finally:
        store.dispose()
    if args.report:
        report.write(args.report)
    out = sys.stdout if report.ok or args.skip_rejected else sys.stderr
    print(source.describe(), file=out)
    print(report.to_text(args.lang), file=out)
    return 0 if report.ok or (args.skip_rejected and report.written) else 1


def cmd_export(args: argparse.Namespace) -> int:
    from riskmap.core.catalog import load_catalog
    from riskmap.io.export import export_layer

    load_catalog().keys_checked([args.layer])
    store = _store(args)
    try:
        result = export_layer(
            store, args.file, args.layer, crs=args.crs, gpkg_version=args.gpkg_version
        )
    finally:
        store.dispose()
    for note in result.notes:
        print(f"riskmap: note: {note}", file=sys.stderr)
    print(f"wrote {result.count} sites to {result.path}")
    return 0


COMMANDS = {"import": cmd_import, "export": cmd_export}
