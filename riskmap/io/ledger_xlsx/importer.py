"""Import: every row checked first, then all written in one transaction, or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import shapely
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from riskmap.core.ledger import ImportedHazard, Ledger
from riskmap.errors import ConflictError, PermissionDenied, RiskmapError
from riskmap.io.ledger_xlsx.columns import ABOUT_DATABASE, DERIVED, VERSIONS, _norm
from riskmap.io.ledger_xlsx.lookups import _Lookups
from riskmap.io.ledger_xlsx.missing import Missing
from riskmap.io.ledger_xlsx.read import (
    _Bad,
    _columns,
    _find_header,
    _is_blank,
    _parse,
    _read_rows,
    _Row,
)
from riskmap.io.ledger_xlsx.report import ImportReport, Problem
from riskmap.io.ledger_xlsx.validate import _Validator
from riskmap.io.ledger_xlsx.versions import RECORDED, WORKFLOW, RoundTrip
from riskmap.messages import words
from riskmap.store.access import NOTE_KEY, NOTES_KEY, Actor, check_write
from riskmap.store.engine import Store
from riskmap.store.schema import Site


def import_ledger(
    store: Store,
    actor: Actor,
    path: str | Path,
    *,
    mapping: dict[str, str] | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    force: bool = False,
    create_missing: bool = False,
    layer: str | None = None,
    datum: str | None = None,
) -> ImportReport:
    """Read a ledger XLSX and write it: every row checked first, then all rows in one
    transaction, or none.

    `mapping` reads a column of the file as a field: {header in the file: field key or our
    Chinese header}; a field of "" or "ignore" skips the column. A row whose 隐患编号 exists
    updates that hazard and its rectification; any other row creates one (with that id when
    given). The report lists every problem by Excel row and column; RiskmapError when the file
    cannot be read at all, PermissionDenied when `actor` may not edit the ledger.

    A file exported from this database is compared row by row with the versions it was exported
    at (`versions`): rows changed since then that the file would change are conflicts, and a
    file from another database is refused; `force` overwrites them, and the audit trail says so.
    A file without versions only adds rows and fills blank fields.

    A city's own 台账 may name its sites (企业名称, with 乡镇/街道, 地址 or 经度/纬度 to tell
    namesakes apart) and units (责任单位) instead of numbering them: names match after
    `names.name_key`. A name found nowhere, or only far from the row's place, is a problem listed
    with the closest names, unless `create_missing`: then the import creates the missing units
    and, where the row gives lon/lat (in `datum`, default WGS84/CGCS2000) or a known township,
    the missing sites, on the row's 所属图层, else `layer`, else the layer most of the file's
    matched sites are on (`missing`). Created with the rows, in the same transaction; creating
    sites and units takes an admin.
    """
    if layer is not None:
        from riskmap.core.catalog import load_catalog

        load_catalog().keys_checked([layer])
    if not actor.may("editor"):
        raise PermissionDenied.of(
            "ledger_file.cannot_import",
            who=actor.who,
            article=actor.role_article.split()[0],
            role=words.role(actor.role),
        )
    today = today or dt.date.today()
    path = Path(path)
    book = _read_rows(path)
    sheet, raw = book.sheet, book.rows
    extra = {_norm(k): v for k, v in (mapping or {}).items()}
    h = _find_header(raw, extra)
    header_n, header = raw[h]
    index, named, ignored = _columns(header, mapping)
    data = raw[h + 1 :]
    # Derived columns are recognised (so not reported as unknown) but never imported.
    present = set(index.values()) - DERIVED
    rows: list[_Row] = []
    early: list[Problem] = []
    for n, values in data:
        row = _Row(n, {k: None for k in present})
        for j, key in index.items():
            if key in DERIVED or j >= len(values) or _is_blank(values[j]):
                continue
            try:
                row.cells[key] = _parse(key, values[j])
            except _Bad as bad:
                row.bad.add(key)
                early.append(Problem(n, named[key], bad.zh, bad.en))
        # A row with nothing in the columns we read (a 合计 line, a signature) is not a record.
        if any(v is not None for v in row.cells.values()) or row.bad:
            rows.append(row)
    if not rows:
        raise RiskmapError.of("ledger_file.no_rows", name=path.name, row=header_n)
    report = ImportReport(
        path=str(path),
        sheet=sheet,
        header_row=header_n,
        rows=len(rows),
        ignored_columns=ignored,
        dry_run=dry_run,
    )
    items: list[ImportedHazard] = []
    predicted = {"created": 0, "updated": 0, "unchanged": 0}
    origin = str(book.about.get(ABOUT_DATABASE) or "").strip()
    versioned = any(r.cells.get(k) is not None for r in rows for k in VERSIONS)
    foreign = (origin or versioned) and origin != store.database_id
    report.foreign = (origin or "?") if foreign else ""
    report.versioned = bool(origin or versioned)
    report.forced = force
    report.datum = datum
    try:
        with store.session() as s:
            lk = _Lookups(s, rows)
            rt = RoundTrip(s, actor, today, trust=not foreign, force=force, foreign=bool(foreign))
            missing = Missing(
                s, lk, rows, store.crs, create=create_missing, layer=layer, datum=datum
            )
            if missing.offset is not None:
                # Matching and placing by those coordinates would be off by the shift: the
                # user says how to read them first.
                report.offset = missing.offset
                return report
            v = _Validator(lk, named, today, rt, missing)
            v.problems.extend(early)
            first_row_of: dict[int, int] = {}
            for row in rows:
                item = v.row(row, first_row_of)
                if item is not None:
                    items.append(item)
                    predicted[_outcome(lk, item)] += 1
    except SQLAlchemyError as exc:
        raise RiskmapError.of("ledger_file.cannot_read", detail=exc) from None
    order = {label: i for i, label in enumerate(named.values())}
    report.problems = sorted(v.problems, key=lambda p: (p.row, order.get(p.column, len(order))))
    report.conflicts = sorted(rt.conflicts, key=lambda c: (c.row, c.table))
    report.notices = rt.notices
    report.creatable = v.creatable
    report.new_sites = list(missing.sites.values())
    report.new_units = list(missing.units.values())
    if report.problems or report.blocked:
        return report
    if report.new_sites or report.new_units:
        for table, new in (("units", report.new_units), ("sites", report.new_sites)):
            if new:
                check_write(actor, table, "create")
    if dry_run:
        report.created = predicted["created"]
        report.updated = predicted["updated"]
        report.unchanged = predicted["unchanged"]
        return report
    items = [_content_only(it, rt.stepped) for it in items]
    try:
        with Ledger(store, actor, today=today).edit() as tx:
            tx.s.info[NOTE_KEY] = f"spreadsheet import: {path.name}"
            tx.s.info[NOTES_KEY] = {
                key: f"forced spreadsheet overwrite: {path.name}, row {n} replaced a change "
                "made after the export"
                if not report.foreign
                else f"forced spreadsheet overwrite: {path.name}, row {n}, a file from "
                "another database"
                for key, n in rt.forced.items()
            }
            if report.new_sites or report.new_units:
                items = _create_missing(tx, items, report, path.name)
            results = tx.import_hazards(items)
            for rect_id, steps in rt.steps.items():
                for step in steps:
                    tx.transition(rect_id, step.action, note=step.note, on=step.on)
    except (StaleDataError, ConflictError) as exc:
        # The ORM's own report of a lost race says nothing to a user; a ConflictError does.
        race = "ledger_file.race_detail" if isinstance(exc, ConflictError) else "ledger_file.race"
        raise ConflictError(
            last=getattr(exc, "last", None), code=race, params={"detail": exc}
        ) from None
    except SQLAlchemyError as exc:
        raise RiskmapError.of("ledger_file.cannot_write", detail=exc) from None
    for hid, outcome in results:
        # A workflow step the import took is an update, whatever the row's other fields did.
        outcome = "updated" if hid in rt.stepped else outcome
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.written = True
    return report


def _create_missing(
    tx: Any, items: list[ImportedHazard], report: ImportReport, source: str
) -> list[ImportedHazard]:
    """Write the planned units and sites; the items with their real ids for the planned ones."""
    real: dict[int, int] = {}
    for u in report.new_units:
        real[u.id] = tx.create_unit(name=u.name, kind=u.kind, district_code=u.district_code)
    for n in report.new_sites:
        # Where it came from: the 台账 (as a layer import's sites keep their file; no id in
        # it, so no layer import ever takes it for one of its own).
        attrs = {"placed": "township"} if n.placed == "township" else {}
        site = Site(
            source=source,
            layer=n.layer,
            name=n.name,
            district_code=n.district_code,
            address=n.address,
            geom=shapely.Point(n.x, n.y),
            lon=n.lon,
            lat=n.lat,
            attrs=attrs,
        )
        tx.s.add(site)
        tx.s.flush()
        real[n.id] = site.id
    out = []
    for it in items:
        rect = it.rectification
        if rect is not None and rect.get("unit_id") in real:
            rect = {**rect, "unit_id": real[rect["unit_id"]]}
        out.append(replace(it, site_id=real.get(it.site_id, it.site_id), rectification=rect))
    return out


def _content_only(item: ImportedHazard, stepped: set[int]) -> ImportedHazard:
    """An existing rectification without what its workflow records (the state, who took each
    step, and the dates of steps still to take): `transition` writes them, as the importer."""
    if item.rectification is None or item.rect_version is None:
        return item
    drop = WORKFLOW if item.hazard_id in stepped else RECORDED
    rect = {k: v for k, v in item.rectification.items() if k not in drop}
    return replace(item, rectification=rect)


def _outcome(lk: _Lookups, item: ImportedHazard) -> str:
    old = lk.hazards.get(item.hazard_id) if item.hazard_id is not None else None
    if old is None:
        return "created"
    if any(getattr(old, k) != v for k, v in item.hazard.items()):
        return "updated"
    if item.rectification is not None:
        rect = lk.rects.get(old.id)
        if rect is None or any(getattr(rect, k) != v for k, v in item.rectification.items()):
            return "updated"
    return "unchanged"
