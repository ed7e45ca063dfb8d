"""A workbook of the lists imported in one transaction: every row checked first, all rows
or none."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from riskmap.core.catalog import Catalog
from riskmap.core.history import changes_since, describe_change
from riskmap.core.ledger import Ledger
from riskmap.io.duties_xlsx.columns import (
    ABOUT_DATABASE,
    ABOUT_MARK,
    ALL_LAYERS,
    CHANGE_WORDS,
    H_CREDIT,
    H_DISTRICT,
    H_DISTRICT_CODE,
    H_DUTY_ID,
    H_LAYER,
    H_NOTE,
    H_ROLE,
    H_SITE_ID,
    H_UNIT,
    H_VERSION,
    SHEETS,
    WHOLE_CITY,
)
from riskmap.io.duties_xlsx.read import _read_workbook, _Row
from riskmap.io.duties_xlsx.refs import (
    DutyRecord,
    DutyRefs,
    Refusal,
    _resolve_role,
    load_duties,
    site_info,
)
from riskmap.io.duties_xlsx.report import DutyImportReport, RowProblem
from riskmap.store.access import NOTE_KEY, Actor, check_write
from riskmap.store.engine import Store
from riskmap.store.schema import User


def import_duties(
    store: Store,
    actor: Actor,
    path: str | Path,
    *,
    replace: bool = False,
    dry_run: bool = False,
    catalog: Catalog | None = None,
    force: bool = False,
) -> DutyImportReport:
    """Check every row of the workbook, then write all of it in one transaction, or nothing.

    replace=True first deletes the existing duties of each list the file holds. A row equal to
    an existing duty (same unit, role, layer, site and district), or to an earlier row, is
    skipped, so importing a file twice adds nothing. With dry_run nothing is written.

    A file exported from this database carries each duty's id and version and the audit mark of
    its export: a duty deleted since that the file would add again, and (replacing) a duty
    changed or added since that the import would delete, are conflicts, and a file from another
    database is refused; `force` writes anyway, audited as a forced overwrite. A file without
    them (a list the office keeps itself) is taken as it is: it adds, or replaces on request.
    """
    path = Path(path)
    if not dry_run:
        check_write(actor, "duties", "create")
        if replace:
            check_write(actor, "duties", "delete")
    report = DutyImportReport(path, replace=replace, dry_run=dry_run, forced=force)
    rows, kinds = _read_workbook(path, report)
    report.kinds = kinds
    report.rows = len(rows)
    refs = DutyRefs.load(store, catalog)
    sites = site_info(store, _site_ids(rows))
    planned: list[tuple[_Row, dict[str, Any]]] = []
    for r in rows:
        try:
            planned.append((r, _check_row(r, refs, sites)))
        except Refusal as exc:
            report.errors.append(RowProblem(r.sheet, r.row, str(exc)))
    if report.errors:
        return report

    existing = load_duties(store)
    doomed = [d for d in existing if d.kind in kinds] if replace else []
    _check_round_trip(store, report, rows, existing, doomed)
    if report.blocked:
        return report
    seen: dict[tuple[Any, ...], str] = {}
    if not replace:
        for d in existing:
            seen[(d.unit_id, d.role, d.layer, d.site_id, d.district_code)] = "已有相同的责任条目"
    creates = []
    for r, values in planned:
        key = tuple(values[k] for k in ("unit_id", "role", "layer", "site_id", "district_code"))
        if key in seen:
            report.skipped.append(RowProblem(r.sheet, r.row, seen[key]))
            continue
        seen[key] = f"与{r.sheet}第{r.row}行重复"
        creates.append(values)
    report.created, report.deleted = len(creates), len(doomed)
    if dry_run:
        return report
    with Ledger(store, actor).edit() as tx:
        forced = report.forced and (report.conflicts or report.foreign)
        tx.s.info[NOTE_KEY] = (
            f"forced spreadsheet overwrite: {path.name}"
            if forced
            else f"spreadsheet import: {path.name}"
        )
        for d in doomed:
            tx.delete_duty(d.id, expected_version=d.version)
        for values in creates:
            tx.create_duty(**values)
    report.written = True
    return report


def _check_round_trip(
    store: Store,
    report: DutyImportReport,
    rows: Sequence[_Row],
    existing: Sequence[DutyRecord],
    doomed: Sequence[DutyRecord],
) -> None:
    """The file against the database since its export: `report.foreign` and `.conflicts`."""
    origin = report.about.get(ABOUT_DATABASE, "")
    exported: dict[int, tuple[_Row, int | None]] = {}
    for r in rows:
        duty_id = _whole(r.cells.get(H_DUTY_ID, ""))
        if duty_id is not None:
            exported[duty_id] = (r, _whole(r.cells.get(H_VERSION, "")))
    if (origin or exported) and origin != store.database_id:
        report.foreign = origin or "?"
        return
    if not origin:
        return  # the office's own list: nothing to compare with
    mark = _whole(report.about.get(ABOUT_MARK, "")) or 0
    here = {d.id: d for d in existing}
    with store.session() as s:
        names = {u.name: u.display_name for u in s.execute(select(User.name, User.display_name))}

        def since(duty_id: int, version: int | None) -> str:
            events = [e for e in changes_since(s, "duties", duty_id, version) if e.id > mark]
            return "；".join(
                f"{names.get(e.user, e.user)} 于 {e.at_local:%Y-%m-%d %H:%M} "
                + (
                    f"修改：{describe_change(e.before, e.after, CHANGE_WORDS)}"
                    if e.action == "update"
                    else describe_change(e.before, e.after, CHANGE_WORDS)
                )
                for e in events
            )

        for duty_id, (r, _v) in exported.items():
            if duty_id not in here:
                who = since(duty_id, None)
                if who:  # deleted after the export: the file would add it again
                    report.conflicts.append(
                        f"{r.sheet} 第{r.row}行：条目 {duty_id} 在导出后已被删除（{who}）"
                    )
        for d in doomed:
            if d.id in exported:
                r, version = exported[d.id]
                if version is not None and version != d.version:
                    report.conflicts.append(
                        f"{r.sheet} 第{r.row}行：条目 {d.id} 在导出后已被修改"
                        f"（{since(d.id, version)}），替换会覆盖它"
                    )
            else:
                who = since(d.id, None)
                if who:  # added after the export: replacing would delete it
                    report.conflicts.append(
                        f"条目 {d.id}（{report_kind(d)}）在导出后才新增（{who}），"
                        "文件中没有它，替换会删除它"
                    )


def report_kind(d: DutyRecord) -> str:
    return SHEETS[d.kind]


def _whole(text: str) -> int | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() and value > 0 else None


def _site_ids(rows: Sequence[_Row]) -> list[int]:
    out = []
    for r in rows:
        try:
            sid = _int(r.cells.get(H_SITE_ID, ""))
        except Refusal:
            continue
        if sid is not None:
            out.append(sid)
    return out


def _check_row(
    r: _Row, refs: DutyRefs, sites: dict[int, tuple[str, str, str | None]]
) -> dict[str, Any]:
    """The duty's field values, or Refusal with every reason the row is wrong."""
    c = r.cells
    values: dict[str, Any] = {"note": c.get(H_NOTE, ""), "site_id": None}
    reasons: list[str] = []
    checks = (
        ("unit_id", lambda: refs.resolve_unit(c.get(H_UNIT, ""), c.get(H_CREDIT, ""))),
        ("role", lambda: _resolve_role(c.get(H_ROLE, ""))),
        ("layer", lambda: refs.resolve_layer(c.get(H_LAYER, ""))),
        (
            "district_code",
            lambda: refs.resolve_district(c.get(H_DISTRICT, ""), c.get(H_DISTRICT_CODE, "")),
        ),
    )
    for key, resolve in checks:
        try:
            values[key] = resolve()
        except Refusal as exc:
            values[key] = None
            reasons.append(str(exc))
    if r.kind == "enterprise":
        try:
            sid = _int(c.get(H_SITE_ID, ""))
            if sid is None:
                raise Refusal("缺少风险点编号")
            if sid not in sites:
                raise Refusal(f"未知的风险点编号{sid}")
            values["site_id"] = sid
            layer = sites[sid][1]
            if values["layer"] is not None and values["layer"] != layer:
                raise Refusal(
                    f"图层“{c.get(H_LAYER)}”与风险点所在图层“{refs.layer_label(layer)}”不符"
                )
        except Refusal as exc:
            reasons.append(str(exc))
    elif values["layer"] is None and values["district_code"] is None and not reasons:
        reasons.append(f"须指定图层或区域（不能同时为“{ALL_LAYERS}”和“{WHOLE_CITY}”）")
    if reasons:
        raise Refusal("；".join(reasons))
    return values


def _int(text: str) -> int | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise Refusal(f"风险点编号“{text}”不是数字") from None
    if not value.is_integer() or value <= 0:
        raise Refusal(f"风险点编号“{text}”不是有效的编号")
    return int(value)
