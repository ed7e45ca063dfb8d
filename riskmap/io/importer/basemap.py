"""The city's own roads, water and land use as its grey basemap (`riskmap import --basemap`).

The same checks as a site import, through the same code: the datum (GCJ-02/BD-09 offsets
refused unless the source says how to read them, `offset.refuse_offset`), the geometry checks,
repair and reprojection into the city's CRS (`hygiene.prepare`) and the placement against the
city (`placement.check_placement`). Then all features of the source are written in one
transaction, replacing whatever that source imported before, with one audit event saying
what was replaced by what.

`kind` "auto" reads the OSM tags (riskmap.core.basemap.classify_osm); a given kind takes its
class from the kind's tag column, Geofabrik's `fclass`, or a class/type column.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from riskmap import terms
from riskmap.core.basemap import class_column, classify_osm, name_column
from riskmap.errors import RiskmapError
from riskmap.io.importer.hygiene import prepare
from riskmap.io.importer.locate import Townships
from riskmap.io.importer.offset import refuse_offset
from riskmap.io.importer.placement import check_placement
from riskmap.io.importer.report import ImportReport, Problem
from riskmap.io.importer.source import DATUM_NAMES, FeatureSource
from riskmap.io.importer.update import source_name
from riskmap.io.importer.values import blank
from riskmap.io.importer.values import text as cell_text
from riskmap.messages import Note, Words
from riskmap.store.access import Actor, check_write
from riskmap.store.engine import Store
from riskmap.store.schema import BASEMAP_KINDS, AuditEvent, BasemapFeature

KIND_CHOICES = (*BASEMAP_KINDS, "auto")
CLASS_LIMIT, NAME_LIMIT = 32, 128
_LANDUSE_LINE = (
    "土地利用只收面（这是一条线）",
    "land use takes polygons only (this is a line)",
)


def kind_words(kind: str) -> Words:
    w = terms.BASEMAP_KIND[kind]
    return Words(w.en, w.zh)


def _text(v: Any, limit: int) -> str:
    return "" if blank(v) else cell_text(v)[:limit]


def import_basemap(
    store: Store,
    actor: Actor,
    source: FeatureSource,
    kind: str = "auto",
    *,
    source_label: str | None = None,
    dry_run: bool = False,
    skip_rejected: bool = False,
    allow_outside: bool = False,
) -> ImportReport:
    """Import `source` into the basemap as `kind` (road, water, landuse, or auto: by OSM tags),
    replacing what the same source (`source_label`, else the file's name) imported before.

    PermissionDenied unless `actor` may write the basemap (admin). RiskmapError when the
    coordinates look offset and the source does not say how to read them, when features lie
    far outside the city (unless `allow_outside`), or when auto finds no tag at all.
    """
    check_write(actor, "basemap", "create")
    if kind not in KIND_CHOICES:
        raise RiskmapError.of(
            "import.basemap_kind", kind=kind, choices=[kind_words(k) for k in BASEMAP_KINDS]
        )
    n = source.count
    label = source_name(source, source_label)
    report = ImportReport(
        path=str(source.path),
        layer="basemap",
        source_layer=source.layer,
        features=n,
        notes=list(source.notes),
        dry_run=dry_run,
    )
    if source.datum in DATUM_NAMES:
        report.notes.append(Note("note.datum_converted", datum=DATUM_NAMES[source.datum]))
    kinds, classes = _kinds(source, kind)
    tagged = np.asarray([k != "" for k in kinds], dtype=bool)
    if n and not tagged.any():
        raise RiskmapError.of("import.basemap_untagged", name=source.path.name)
    if (~tagged).any():
        report.notes.append(Note("note.basemap_untagged", count=int((~tagged).sum())))
    refuse_offset(source, store)
    towns = Townships.load(store)
    prep = prepare(source, "line+polygon", store.crs, towns.city_bounds)
    problems = list(prep.problems)
    report.repaired = prep.repaired
    polygon = np.zeros(n, dtype=bool)
    live = np.flatnonzero(~prep.rejected)
    if prep.geoms is not None and len(live):
        polygon[live] = np.isin(shapely.get_type_id(prep.geoms[live]), (3, 6))
    for i in np.flatnonzero(~prep.rejected & tagged & ~polygon).tolist():
        if kinds[i] == "landuse":
            problems.append(Problem(i + 1, source.row_of(i), "geometry", *_LANDUSE_LINE))
    bad = {p.feature - 1 for p in problems}
    keep = np.asarray([i for i in np.flatnonzero(tagged).tolist() if i not in bad], np.int64)
    if not allow_outside:
        check_placement(store, source, prep, keep)
    report.rejected = sorted(problems, key=lambda p: p.feature)
    report.skipped_rejected = skip_rejected and bool(problems)
    if problems and not skip_rejected:
        return report
    names_col = name_column(source.columns)
    names = source.columns[names_col].tolist() if names_col else [None] * n
    rows = [
        {
            "kind": kinds[i],
            "cls": _text(classes[i], CLASS_LIMIT),
            "name": _text(names[i], NAME_LIMIT),
            "source": label,
            "geom": shapely.from_wkb(prep.wkb[i]),
        }
        for i in keep.tolist()
    ]
    report.imported = len(rows)
    counts = {k: sum(1 for r in rows if r["kind"] == k) for k in BASEMAP_KINDS}
    report.notes.append(Note("note.basemap_kinds", **counts))
    if dry_run:
        return report
    try:
        old = _write(store, actor, label, rows, counts)
    except SQLAlchemyError as exc:
        raise RiskmapError.of("import.basemap_write", detail=exc) from None
    if old:
        report.notes.append(Note("note.basemap_replaced", source=label, old=old))
    report.written = True
    return report


def _kinds(source: FeatureSource, kind: str) -> tuple[list[str], list[str]]:
    n = source.count
    if kind == "auto":
        return classify_osm(source.columns, n)
    col = class_column(kind, source.columns)
    values = source.columns[col].tolist() if col else [""] * n
    return [kind] * n, [_text(v, CLASS_LIMIT) for v in values]


def _write(
    store: Store, actor: Actor, label: str, rows: list[dict[str, Any]], counts: dict[str, int]
) -> int:
    """Replace the source's features with `rows` and audit it; how many were replaced."""
    t = BasemapFeature.__table__
    with store.begin(actor) as s:
        old = int(
            s.execute(select(func.count()).select_from(t).where(t.c.source == label)).scalar_one()
        )
        if old:
            check_write(actor, "basemap", "delete")
            s.execute(delete(t).where(t.c.source == label))
        if rows:
            s.execute(insert(t), rows)
        s.execute(
            insert(AuditEvent.__table__),
            [
                {
                    "user": actor.name,
                    "action": "update" if old else "create",
                    "table": "basemap",
                    "row_id": 0,
                    "site_id": None,
                    "before": {"source": label, "features": old} if old else None,
                    "after": {"source": label, "features": len(rows), **counts},
                    "note": f"import {label}",
                }
            ],
        )
    return old
