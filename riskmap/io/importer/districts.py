"""Official admin boundaries (行政区划) as data: a city loads its own outline, counties and
townships, in that order.

Checked before anything is written: polygons only (invalid ones repaired), codes present,
unique and at most 12 characters, names present, each parent an existing district one level up
(a parent column's code, else the district that holds the largest part of the feature). A
database holds one city: its file names one code, and its polygons make one district.
`replace` updates the districts of that level that the file names, adds the new ones and
removes the ones it no longer names (refused while units, duties or inspections still name
them); townships replaced, every site is assigned to its township again.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from riskmap.errors import RiskmapError
from riskmap.io.importer.hygiene import prepare
from riskmap.io.importer.locate import Townships
from riskmap.io.importer.offset import refuse_offset
from riskmap.io.importer.placement import check_placement
from riskmap.io.importer.report import ImportReport, Problem
from riskmap.io.importer.source import FeatureSource
from riskmap.io.importer.values import blank
from riskmap.io.importer.values import text as cell_text
from riskmap.messages import Words, words
from riskmap.store.access import Actor, check_write
from riskmap.store.engine import Store
from riskmap.store.schema import DISTRICT_LEVELS, District, Site

CODE_LIMIT, NAME_LIMIT = 12, 64
_PARENT_LEVEL = {"county": "city", "township": "county"}
_COLUMN_WORDS = {"code": "代码", "name": "名称", "parent": "上级代码", "English name": "英文名称"}
_TABLE_WORDS = {"units": "个单位", "duties": "条责任", "inspections": "次检查"}


def _level(level: str) -> Words:
    return words.district_level(level)


def _column(source: FeatureSource, name: str | None, what: str) -> np.ndarray | None:
    if name is None:
        return None
    if name not in source.columns:
        raise RiskmapError.of(
            "import.district_column",
            name=source.path.name,
            column=name,
            what=Words(what, _COLUMN_WORDS.get(what, what)),
            columns=list(source.columns),
        )
    return source.columns[name]


def import_districts(
    store: Store,
    actor: Actor,
    source: FeatureSource,
    level: str,
    code_field: str,
    name_field: str,
    parent_field: str | None = None,
    replace: bool = False,
    *,
    name_en_field: str | None = None,
    population_field: str | None = None,
    dry_run: bool = False,
    allow_outside: bool = False,
) -> ImportReport:
    """Load districts of one `level` (city, county, township) from `source`, all or none.

    Without `parent_field`, a county or township takes as parent the district one level up
    that holds its interior point. PermissionDenied unless `actor` may write districts (admin).
    RiskmapError when the boundaries look offset (GCJ-02, BD-09) against the districts, roads
    and sites the city holds and `source.datum` does not say how to read them, and when they
    lie far outside the districts above them (unless `allow_outside`).
    """
    check_write(actor, "districts", "create")
    if replace or level == "township":
        check_write(actor, "sites", "update")  # sites move to their new township (Core update)
    if level not in DISTRICT_LEVELS:
        raise RiskmapError.of(
            "import.district_level", level=level, choices=[_level(v) for v in DISTRICT_LEVELS]
        )
    codes_col = _column(source, code_field, "code")
    names_col = _column(source, name_field, "name")
    parents_col = _column(source, parent_field, "parent")
    en_col = _column(source, name_en_field, "English name")
    pop_col = _column(source, population_field, "population")
    assert codes_col is not None and names_col is not None
    n = source.count
    report = ImportReport(
        path=str(source.path),
        layer=f"districts ({level})",
        source_layer=source.layer,
        features=n,
        notes=list(source.notes),
        dry_run=dry_run,
    )
    refuse_offset(source, store)
    towns = Townships.load(store)
    prep = prepare(source, "polygon", store.crs, towns.city_bounds)
    if not allow_outside:
        check_placement(store, source, prep, np.flatnonzero(~prep.rejected), level=level)
    problems = list(prep.problems)
    report.repaired = prep.repaired

    def bad(i: int, column: str, zh: str, en: str) -> None:
        problems.append(Problem(i + 1, source.row_of(i), column, zh, en))

    if level == "city":
        _one_city(store, source, codes_col, replace)
        from riskmap.io.importer.outline import check_fits_crs  # outline uses this module

        check_fits_crs(source, store.crs)
    with store.engine.connect() as c:
        existing = {r.code: r.level for r in c.execute(select(District.code, District.level))}
        above = {
            r.code: r.geom
            for r in c.execute(
                select(District.code, District.geom).where(
                    District.level == _PARENT_LEVEL.get(level, "")
                )
            )
        }
    codes: list[str] = []
    seen: dict[str, int] = {}
    for i, v in enumerate(codes_col.tolist()):
        code = "" if blank(v) else cell_text(v)
        codes.append(code)
        if not code:
            bad(i, code_field, "区划代码为空", "the district code is empty")
        elif len(code) > CODE_LIMIT:
            bad(
                i,
                code_field,
                f"区划代码超过 {CODE_LIMIT} 位",
                f"the code is over {CODE_LIMIT} characters",
            )
        elif code in seen and level == "city":
            pass  # a city's polygons, one feature each, are merged into its one district
        elif code in seen:
            bad(
                i,
                code_field,
                f"区划代码「{code}」重复（第 {seen[code] + 1} 个要素）",
                f"code {code!r} repeats feature {seen[code] + 1}",
            )
        elif code in existing and not (replace and existing[code] == level):
            bad(
                i,
                code_field,
                f"区划代码「{code}」已存在（{existing[code]}）",
                f"code {code!r} already exists ({existing[code]}); use replace",
            )
        seen.setdefault(code, i)
    names = ["" if blank(v) else cell_text(v) for v in names_col.tolist()]
    for i, name in enumerate(names):
        if not name or len(name) > NAME_LIMIT:
            bad(
                i,
                name_field,
                "名称为空或过长",
                f"the name is empty or over {NAME_LIMIT} characters",
            )
    parents = _parents(level, source, parents_col, parent_field, prep, above, bad)
    report.rejected = sorted(problems, key=lambda p: p.feature)
    if report.rejected:
        return report
    report.imported = n
    if dry_run:
        return report
    rows = [
        {
            "code": codes[i],
            "name": names[i],
            "name_en": "" if en_col is None or blank(en_col[i]) else cell_text(en_col[i]),
            "level": level,
            "parent_code": parents[i],
            "population": _population(pop_col, i),
            "geom": prep.wkb[i],
        }
        for i in range(n)
    ]
    if level == "city" and n > 1:
        merged = shapely.union_all(shapely.from_wkb([r["geom"] for r in rows]))
        rows = [{**rows[0], "geom": shapely.to_wkb(merged)}]
    try:
        _write(store, actor, level, rows, replace)
    except SQLAlchemyError as exc:
        raise RiskmapError.of("import.districts_write", detail=exc) from None
    report.written = True
    return report


def _population(col: np.ndarray | None, i: int) -> int | None:
    if col is None or blank(col[i]):
        return None
    try:
        return int(float(cell_text(col[i]).replace(",", "")))
    except ValueError:
        return None


def _one_city(store: Store, source: FeatureSource, codes_col: np.ndarray, replace: bool) -> None:
    """A database holds one city: the file names one code, and a city already there is only
    replaced on request."""
    named = sorted({cell_text(v) for v in codes_col.tolist() if not blank(v)})
    if len(named) > 1:
        raise RiskmapError.of(
            "import.city_one_code", name=source.path.name, count=len(named), codes=named[:5]
        )
    with store.engine.connect() as c:
        there = c.execute(
            select(District.code, District.name).where(District.level == "city")
        ).first()
    if there is not None and not replace:
        raise RiskmapError.of("import.second_city", name=there.name, code=there.code)


def _parents(
    level: str,
    source: FeatureSource,
    col: np.ndarray | None,
    column: str | None,
    prep: Any,
    above: dict[str, Any],
    bad: Any,
) -> list[str | None]:
    """Each feature's parent: the column's code, else the district one level up that holds the
    largest part of it (a boundary drawn a little over its neighbour's still has one parent)."""
    n = source.count
    xy = prep.xy
    if level == "city":
        return [None] * n
    up = _PARENT_LEVEL[level]
    if col is not None:
        out: list[str | None] = []
        for i, v in enumerate(col.tolist()):
            code = None if blank(v) else cell_text(v)
            if code is None or code not in above:
                bad(
                    i,
                    column or "",
                    f"上级区划「{code or ''}」不存在（应为已有的{up}）",
                    f"parent {code!r} is not an existing {up}",
                )
            out.append(code)
        return out
    if not above:
        raise RiskmapError.of(
            "import.no_parent_level",
            up=_level(up),
            up_key=up,
            levels=words.district_levels(level),
        )
    codes = list(above)
    geoms = np.array(list(above.values()), dtype=object)  # shapely, through WKBGeometry
    out = []
    tree = shapely.STRtree(geoms)
    for i in range(n):
        if not np.isfinite(xy[i]).all():
            out.append(None)
            continue
        shape = prep.geoms[i] if prep.geoms is not None else None
        if shape is not None and shapely.area(shape) > 0:
            hits = tree.query(shape, predicate="intersects")
            if len(hits):
                overlap = shapely.area(shapely.intersection(geoms[hits], shape))
                if overlap.max() > 0:
                    out.append(codes[int(hits[int(np.argmax(overlap))])])
                    continue
        hits = tree.query(shapely.Point(xy[i]), predicate="intersects")
        if not len(hits):
            bad(
                i,
                "geometry",
                f"不在任何{up}范围内，无法确定上级区划",
                f"lies in no {up}; give a parent column",
            )
            out.append(None)
        else:
            out.append(codes[int(min(hits))])
    return out


def _write(
    store: Store, actor: Actor, level: str, rows: list[dict[str, Any]], replace: bool
) -> None:
    new_codes = {r["code"] for r in rows}
    with store.begin(actor) as s:
        old = set(s.scalars(select(District.code).where(District.level == level)))
        gone = sorted(old - new_codes) if replace else []
        if gone:
            _refuse_named(s, gone)
            s.execute(update(Site).where(Site.district_code.in_(gone)).values(district_code=None))
        for r in rows:
            d = s.get(District, r["code"]) if r["code"] in old else None
            values = {**r, "geom": shapely.from_wkb(r["geom"])}
            if d is None:
                s.add(District(**values))
            else:
                for k, v in values.items():
                    setattr(d, k, v)
        s.flush()
        if gone:
            s.execute(delete(District).where(District.code.in_(gone)))
        if level == "township" or (replace and level == "county"):
            s.flush()
            _relocate_sites(s, store)


def _refuse_named(s: Any, gone: list[str]) -> None:
    marks = ", ".join(f":c{i}" for i in range(len(gone)))
    params = {f"c{i}": c for i, c in enumerate(gone)}
    users = []
    for table in ("units", "duties", "inspections"):
        n = s.execute(
            text(f"SELECT COUNT(*) FROM {table} WHERE district_code IN ({marks})"), params
        ).scalar_one()
        if n:
            users.append(Words(f"{n} {table}", f"{n} {_TABLE_WORDS[table]}"))
    children = s.execute(
        text(f"SELECT COUNT(*) FROM districts WHERE parent_code IN ({marks})"), params
    ).scalar_one()
    if children:
        users.append(Words(f"{children} districts below them", f"{children} 个下级区划"))
    if users:
        shown = ", ".join(gone[:10]) + ("…" if len(gone) > 10 else "")
        raise RiskmapError.of("import.districts_in_use", codes=shown, users=users)


def _relocate_sites(s: Any, store: Store) -> None:
    """Every site to the township (or lowest level) that now holds its representative point."""
    conn = s.connection()
    towns = Townships.from_connection(conn)
    rows = conn.execute(text("SELECT id, lon, lat FROM sites")).all()
    if not rows:
        return
    from riskmap.core.crs import lonlat_to_xy

    arr = np.asarray([(r[1], r[2]) for r in rows], dtype=float)
    x, y = lonlat_to_xy(arr[:, 0], arr[:, 1], store.crs)
    codes = towns.assign(np.column_stack([x, y]))
    conn.execute(
        text("UPDATE sites SET district_code = :c WHERE id = :i"),
        [{"c": c, "i": r[0]} for c, r in zip(codes, rows, strict=True)],
    )
