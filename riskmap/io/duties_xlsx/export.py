"""Both lists written to an XLSX workbook, in the format the import reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from riskmap.atomic import atomic_path
from riskmap.core.catalog import Catalog
from riskmap.io.cells import append_row
from riskmap.io.duties_xlsx.columns import (
    ABOUT_DATABASE,
    ABOUT_MARK,
    ABOUT_SHEET,
    H_CREDIT,
    H_DISTRICT,
    H_DISTRICT_CODE,
    H_DUTY_ID,
    H_LAYER,
    H_NOTE,
    H_ROLE,
    H_SITE_ID,
    H_SITE_NAME,
    H_TOWNSHIP,
    H_UNIT,
    H_VERSION,
    HEADERS,
    KINDS,
    ROLE_WORDS,
    SHEETS,
    VERSION_HEADERS,
)
from riskmap.io.duties_xlsx.refs import DutyRefs, load_duties
from riskmap.io.print_setup import setup_workbook
from riskmap.store.engine import Store
from riskmap.store.schema import AuditEvent


def duty_tables(
    store: Store, catalog: Catalog | None = None, versions: bool = False
) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    """kind → (headers, rows) of the two lists, as the workbook holds them (with `versions`,
    each duty's id and version last)."""
    refs = DutyRefs.load(store, catalog)
    extra = VERSION_HEADERS if versions else ()
    tables: dict[str, tuple[tuple[str, ...], list[list[Any]]]] = {
        k: ((*HEADERS[k], *extra), []) for k in KINDS
    }
    for d in load_duties(store):
        unit = refs.units.get(d.unit_id)
        cells = {
            H_UNIT: unit.name if unit else "",
            H_ROLE: ROLE_WORDS.get(d.role, d.role),
            H_LAYER: refs.layer_label(d.layer),
            H_DISTRICT: refs.district_label(d.district_code),
            H_SITE_ID: d.site_id,
            H_SITE_NAME: d.site_name,
            H_TOWNSHIP: refs.district_label(d.site_district) if d.site_district else "",
            H_NOTE: d.note,
            H_CREDIT: unit.credit_code if unit else "",
            H_DISTRICT_CODE: d.district_code or "",
            H_DUTY_ID: d.id,
            H_VERSION: d.version,
        }
        headers, rows = tables[d.kind]
        rows.append([cells[h] for h in headers])
    return tables


def export_duties(store: Store, path: str | Path, catalog: Catalog | None = None) -> int:
    """Write both lists to `path` (XLSX); the number of duties written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    path = Path(path)
    # The mark first: a change made while the lists are read counts as after the export.
    mark = audit_mark(store)
    tables = duty_tables(store, catalog, versions=True)
    wb = Workbook()
    wb.remove(wb.active)
    head_fill = PatternFill("solid", fgColor="FFDDE6F0")
    for kind in KINDS:
        headers, rows = tables[kind]
        ws = wb.create_sheet(SHEETS[kind])
        append_row(ws, list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = head_fill
        for row in rows:
            append_row(ws, row)
        ws.freeze_panes = "A2"
        last = get_column_letter(len(headers))
        ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
        for i, h in enumerate(headers):
            width = max([_width(h) + 4] + [_width(r[i]) for r in rows[:1000]])  # + filter arrow
            ws.column_dimensions[get_column_letter(i + 1)].width = min(60, width + 2)
            ws.column_dimensions[get_column_letter(i + 1)].hidden = h in VERSION_HEADERS
    info = wb.create_sheet(ABOUT_SHEET)
    for fact in (
        (
            "再导入",
            "隐藏的“条目编号”“版本号”两列和本页用于再导入时核对：导出后已被他人修改的条目不会被覆盖。",
        ),
        (ABOUT_DATABASE, store.database_id),
        (ABOUT_MARK, mark),
    ):
        info.append(list(fact))
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 80
    setup_workbook(wb, {ABOUT_SHEET: 0})
    with atomic_path(path) as tmp:
        wb.save(tmp)  # a failed export never leaves half a file behind
    return sum(len(rows) for _h, rows in tables.values())


def audit_mark(store: Store) -> int:
    """The id of the audit trail's last event: what an export saw."""
    with store.session() as s:
        return int(s.scalar(select(func.max(AuditEvent.id))) or 0)


def _width(v: Any) -> int:
    text = "" if v is None else str(v)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
