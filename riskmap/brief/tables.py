"""The briefing's lists as tables, defined once for the HTML page, the PDF and the XLSX.

Cells keep their types (dates as `datetime.date`, counts as `int`, None for nothing): the XLSX
writes them as such, the page and the paper format them with `text`. Headers are the words
units use in their ledgers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from riskmap import terms
from riskmap.brief.context import PHASE_ZH, Briefing, Gap

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    key: str
    title: str  # also the XLSX sheet name (≤ 31 characters)
    headers: tuple[str, ...]
    rows: list[Row]
    numeric: frozenset[int] = field(default_factory=frozenset)  # right-aligned columns
    level_col: int | None = None  # a 重大 in this column is shown in red
    date_cols: frozenset[int] = field(default_factory=frozenset)


def text(value: Any) -> str:
    """A cell as printed: dates ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def status_zh(status: str, escalated: bool = False) -> str:
    return terms.status(status) + ("（已提级）" if escalated else "")


def unit_word(b: Briefing) -> str:
    return "县区" if b.scope_level == "city" else "镇办"


def districts(b: Briefing, total: bool = True) -> Table:
    """Counts per county (or township), with a 合计 row last unless `total` is False (a sheet
    with filters would sort the total in among the rows)."""
    rows: list[Row] = [(r.name, r.sites, r.open, r.major_open, r.overdue) for r in b.districts]
    t = b.totals
    if total:
        rows.append(("合计", t.sites, t.open, t.major_open, t.overdue))
    return Table(
        "districts",
        f"分{unit_word(b)}统计",
        (unit_word(b), "专题风险点", "未销号隐患", "未销号重大隐患", "逾期整改"),
        rows,
        frozenset({1, 2, 3, 4}),
    )


def focus_layers(b: Briefing) -> Table:
    return Table(
        "layers",
        "专题图层",
        ("图层", "筛选条件", "风险点", "未销号隐患", "其中重大"),
        [(f.name_zh, f.filter_zh, f.sites, f.open, f.major_open) for f in b.focus_layers],
        frozenset({2, 3, 4}),
    )


def major(b: Briefing) -> Table:
    rows: list[Row] = [
        (
            m.site_name,
            b.layer_name(m.layer),
            m.county,
            m.township,
            m.description,
            m.unit,
            m.found_on,
            m.deadline,
            status_zh(m.status, m.escalated),
            m.days_overdue or None,
        )
        for m in b.major
    ]
    return Table(
        "major",
        "未销号重大隐患",
        ("风险点", "图层", "县区", "镇办", "隐患内容", "责任单位", "发现日期", "整改期限", "状态",
         "逾期天数"),
        rows,
        frozenset({9}),
        date_cols=frozenset({6, 7}),
    )  # fmt: skip


OVERDUE_HEADERS = (
    "责任单位", "风险点", "图层", "县区", "镇办", "等级", "整改措施", "责任人", "整改期限",
    "状态", "逾期天数",
)  # fmt: skip


def overdue(b: Briefing) -> Table:
    """Overdue rectifications, one row each, grouped by unit (most overdue units first)."""
    rows: list[Row] = [
        (
            u.unit,
            i.site_name,
            b.layer_name(i.layer),
            i.county,
            i.township,
            terms.level(i.level),
            i.measures,
            i.person,
            i.deadline,
            status_zh(i.status),
            i.days_overdue,
        )
        for u in b.overdue_by_unit
        for i in u.items
    ]
    return Table(
        "overdue", "逾期整改（按责任单位）", OVERDUE_HEADERS, rows, frozenset({10}), 5,
        frozenset({8}),
    )  # fmt: skip


def overdue_units(b: Briefing) -> Table:
    return Table(
        "overdue_units",
        "逾期整改责任单位",
        ("责任单位", "逾期整改", "其中重大隐患", "最长逾期天数"),
        [
            (u.unit, u.count, u.major, max((i.days_overdue for i in u.items), default=0))
            for u in b.overdue_by_unit
        ],
        frozenset({1, 2, 3}),
    )


def deadlines(b: Briefing) -> Table:
    rows: list[Row] = [
        (
            i.deadline,
            PHASE_ZH.get(i.phase, i.phase),
            i.site_name,
            b.layer_name(i.layer),
            i.county,
            i.township,
            terms.level(i.level),
            i.measures,
            i.unit,
            status_zh(i.status),
        )
        for i in b.deadlines
    ]
    return Table(
        "deadlines",
        "节前及节日期间到期整改",
        ("整改期限", "阶段", "风险点", "图层", "县区", "镇办", "等级", "整改措施", "责任单位",
         "状态"),
        rows,
        level_col=6,
        date_cols=frozenset({0}),
    )  # fmt: skip


def gaps(b: Briefing) -> Table:
    return Table(
        "gaps",
        "巡查覆盖缺口",
        ("风险点", "图层", "县区", "镇办", "高风险原因"),
        [
            (g.site_name, b.layer_name(g.layer), g.county, g.township, "、".join(g.reasons))
            for g in ranked_gaps(b)
        ],
    )


def ranked_gaps(b: Briefing) -> list[Gap]:
    """The coverage gaps district by district (in the briefing's order), each district's most
    serious reason first."""
    order = {r.code: i for i, r in enumerate(b.districts)}

    def key(g: Gap) -> tuple[object, ...]:
        row = order.get(b.row_code(g.county_code, g.district_code), len(order))
        return (row, g.rank, g.township, g.layer, g.site_id)

    return sorted(b.gaps, key=key)


def all_tables(b: Briefing) -> list[Table]:
    """The lists in the order the briefing presents them."""
    return [districts(b), focus_layers(b), major(b), overdue(b), deadlines(b), gaps(b)]


def cells(row: Sequence[Any]) -> list[str]:
    return [text(v) for v in row]
