"""Import: every row checked first, then all written in one transaction, or none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from riskmap.core.ledger import ImportedHazard, Ledger
from riskmap.errors import ConflictError, PermissionDenied, RiskmapError
from riskmap.io.ledger_xlsx.columns import DERIVED, _norm
from riskmap.io.ledger_xlsx.lookups import _Lookups
from riskmap.io.ledger_xlsx.read import (
    _Bad,
    _columns,
    _find_header,
    _first_line,
    _is_blank,
    _parse,
    _read_rows,
    _Row,
)
from riskmap.io.ledger_xlsx.report import ImportReport, Problem
from riskmap.io.ledger_xlsx.validate import _Validator
from riskmap.store.access import Actor
from riskmap.store.engine import Store


def import_ledger(
    store: Store,
    actor: Actor,
    path: str | Path,
    *,
    mapping: dict[str, str] | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Read a ledger XLSX and write it: every row checked first, then all rows in one
    transaction, or none.

    `mapping` reads a column of the file as a field: {header in the file: field key or our
    Chinese header}; a field of "" or "ignore" skips the column. A row whose 隐患编号 exists
    updates that hazard and its rectification; any other row creates one (with that id when
    given). The report lists every problem by Excel row and column; RiskmapError when the file
    cannot be read at all, PermissionDenied when `actor` may not edit the ledger.
    """
    if not actor.may("editor"):
        raise PermissionDenied(f"{actor.who} is {actor.role_article} and cannot import the ledger")
    today = today or dt.date.today()
    path = Path(path)
    sheet, raw = _read_rows(path)
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
        raise RiskmapError(
            f"{path.name}: no rows with ledger data below the header (row {header_n})"
        )
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
    try:
        with store.session() as s:
            lk = _Lookups(s, rows)
            v = _Validator(lk, named, today)
            v.problems.extend(early)
            first_row_of: dict[int, int] = {}
            for row in rows:
                item = v.row(row, first_row_of)
                if item is not None:
                    items.append(item)
                    predicted[_outcome(lk, item)] += 1
    except SQLAlchemyError as exc:
        raise RiskmapError(f"cannot read the ledger: {_first_line(exc)}") from None
    order = {label: i for i, label in enumerate(named.values())}
    report.problems = sorted(v.problems, key=lambda p: (p.row, order.get(p.column, len(order))))
    if report.problems:
        return report
    if dry_run:
        report.created = predicted["created"]
        report.updated = predicted["updated"]
        report.unchanged = predicted["unchanged"]
        return report
    try:
        with Ledger(store, actor, today=today).edit() as tx:
            results = tx.import_hazards(items)
    except StaleDataError:
        raise ConflictError(
            "someone else changed the ledger during the import; nothing was written, try again"
        ) from None
    except SQLAlchemyError as exc:
        raise RiskmapError(f"cannot write the ledger: {_first_line(exc)}") from None
    for _hid, outcome in results:
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.written = True
    return report


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
