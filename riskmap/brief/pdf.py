"""The briefing on A4 paper: a cover, the city at a glance, then one page per district.

Page 2 is what a meeting looks at first: the vector map of the focus sites with the major
hazards ringed in red, the key counts, bars by district and by layer. Each district then gets
exactly one page (its map, its counts, its major hazards, its overdue rectifications by unit),
so the pages can be handed to the county or township that answers for them; a list that does
not fit shows its most urgent rows and "另有 X 项" (the full lists are in the XLSX).

Fonts: the CJK face is embedded as a subset; bold is used for headings only, so the bold
subset stays a few dozen glyphs (subsetting time grows with the glyphs kept).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from riskmap import terms
from riskmap.brief import tables
from riskmap.brief.context import Briefing, DistrictRow
from riskmap.brief.maps import MapData, layer_order, map_data
from riskmap.brief.notice_pdf import zh_date
from riskmap.brief.pdfdoc import FONT, GREY, RED, Cell, Column, PdfDoc, Styled, TableStyle
from riskmap.brief.pdfmap import Frame, Series, bar_chart, draw_map, fit_frame, legend_size
from riskmap.core.catalog import LayerSpec
from riskmap.core.figures import is_major
from riskmap.core.workspace import Workspace

# Simplification (m) for the printed maps: about 0.15 mm at each map's scale.
CITY_TOLERANCE_M = 120.0
DISTRICT_TOLERANCE_M = 40.0
FICTIONAL = "演示数据（虚构城市）"
TABLE = TableStyle(size=7.5, padding=0.6, padding_x=0.9)
BLUE = (69, 112, 160)
ORANGE = (230, 126, 34)
SECTION_NUMBERS = "一二三四五六七八九十"


def write_pdf(briefing: Briefing, ws: Workspace, path: str | os.PathLike[str]) -> Path:
    """Lay the briefing out on A4 and write it to `path` (atomically); the path written."""
    return render_pdf(briefing, ws).save(path)


def render_pdf(b: Briefing, ws: Workspace) -> PdfDoc:
    doc = PdfDoc(
        b.title,
        b.as_of,
        subject=f"{b.preset_zh} {b.window.start.isoformat()}–{b.window.end.isoformat()}",
        margins=(18.0, 15.0, 18.0, 15.0),
        footer_note=f"{b.title}　{FICTIONAL}" if b.fictional else b.title,
    )
    specs = layer_order(ws, b)
    _cover(doc, b)
    _overview(doc, b, ws, specs)
    for i, row in enumerate(b.districts, 1):
        _district_page(doc, b, ws, specs, row, i)
    return doc


def _where(b: Briefing) -> str:
    if b.scope_level == "city":
        return "全市"
    # 县, 区 or a county-level 市: the word the county uses for itself.
    last = b.scope_name[-1:]
    return f"全{last}" if last in ("县", "区", "市", "旗") else "全县（区）"


# -- cover --------------------------------------------------------------------------------------


def _cover(doc: PdfDoc, b: Briefing) -> None:
    doc.add_page()
    doc.set_y(48)
    scope = b.city if b.scope_level == "city" else f"{b.city}{b.scope_name}"
    doc.heading(scope, 22, bold=False, after=6)
    doc.heading(f"{b.year}年{b.preset_zh}安全风险简报", 28, after=6)
    doc.rule(RED, 0.9, after=10)
    w = b.window
    layers = "；".join(f"{f.name_zh}（{f.filter_zh}）" for f in b.focus_layers)
    facts = [
        ("专题", f"{b.preset_zh}（{b.preset_en}）"),
        ("年度", f"{b.year}年"),
        ("节日时段", f"{zh_date(w.start)}至{zh_date(w.end)}，共{w.days}天"),
        ("时段来源", b.window_source),
        ("研判时段", f"自{zh_date(b.period_start)}起（节前{(w.start - b.period_start).days}天）"),
        ("数据截至", zh_date(b.as_of)),
        ("关注重点", b.focus_zh),
        ("专题图层", layers),
    ]
    label_w = 24.0
    for label, value in facts:
        y = doc.y
        doc.set_font(FONT, "B", 11)
        doc.set_text_color(*GREY)
        doc.set_xy(doc.l_margin + 8, y)
        doc.cell(label_w, 7, label)
        lines = doc.wrap(value, doc.text_width - label_w - 16, 11)
        doc.set_font(FONT, "", 11)
        doc.set_text_color(0, 0, 0)
        for n, line in enumerate(lines):
            doc.set_xy(doc.l_margin + 8 + label_w, y + n * 6.5)
            doc.cell(0, 7, line)
        doc.set_y(y + max(1, len(lines)) * 6.5 + 2)
    if b.fictional:
        doc.ln(6)
        doc.set_draw_color(*RED)
        doc.set_line_width(0.5)
        doc.set_font(FONT, "B", 13)
        tw = doc.get_string_width(FICTIONAL) + 12
        x = (doc.w - tw) / 2
        doc.rect(x, doc.y, tw, 10)
        doc.set_text_color(*RED)
        doc.set_xy(x, doc.y + 1.5)
        doc.cell(tw, 7, FICTIONAL, align="C")
        doc.set_text_color(0, 0, 0)
        doc.set_line_width(0.2)
        doc.set_draw_color(0, 0, 0)
        doc.ln(14)
    doc.ln(6)
    doc.heading("目　录", 13, after=3)
    word = tables.unit_word(b)
    doc.set_font(FONT, "", 10.5)
    left, width = doc.l_margin + 30, doc.text_width - 60
    for text, page in ((f"一、{_where(b)}概况", "2"), (f"二、分{word}情况", "")):
        doc.set_x(left)
        doc.cell(width - 15, 6.2, text)
        doc.cell(15, 6.2, page, align="R")
        doc.ln(6.2)
    # A county's dozen townships go in columns, so the cover stays one page.
    cols = 1 if len(b.districts) <= 8 else 2 if len(b.districts) <= 24 else 3
    per_col = -(-len(b.districts) // cols)
    col_w = (width - 6) / cols
    top = doc.y
    for i, r in enumerate(b.districts):
        col = i // per_col
        x = left + 6 + col * col_w
        gutter = 5.0 if col < cols - 1 else 0.0  # the last column's numbers line up with "2"
        doc.set_xy(x, top + (i % per_col) * 6.2)
        doc.cell(col_w - 15 - gutter, 6.2, r.name)
        doc.cell(15, 6.2, str(i + 3), align="R")
    doc.set_y(top + per_col * 6.2)
    doc.set_y(doc.bottom - 14)
    doc.heading(zh_date(b.as_of), 12, bold=False, after=0)


# -- overview -----------------------------------------------------------------------------------


def _kpis(doc: PdfDoc, items: Sequence[tuple[str, int, bool]], height: float = 15.0) -> None:
    n = len(items)
    gap = 2.5
    w = (doc.text_width - gap * (n - 1)) / n
    y = doc.y
    for i, (label, value, alert) in enumerate(items):
        x = doc.l_margin + i * (w + gap)
        doc.set_draw_color(190, 190, 190)
        doc.set_line_width(0.25)
        doc.rect(x, y, w, height)
        doc.set_font(FONT, "B", 15)
        doc.set_text_color(*(RED if alert and value else (0, 0, 0)))
        doc.set_xy(x, y + 1.2)
        doc.cell(w, 7.5, str(value), align="C")
        doc.set_font(FONT, "", 7.5)
        doc.set_text_color(*GREY)
        doc.set_xy(x, y + 9)
        doc.cell(w, 4.5, label, align="C")
    doc.set_text_color(0, 0, 0)
    doc.set_draw_color(0, 0, 0)
    doc.set_line_width(0.2)
    doc.set_y(y + height + 3)


def _counts(row: DistrictRow, gaps: int) -> list[tuple[str, int, bool]]:
    return [
        ("专题风险点", row.sites, False),
        ("未销号隐患", row.open, False),
        ("未销号重大隐患", row.major_open, True),
        ("逾期整改", row.overdue, True),
        ("巡查覆盖缺口", gaps, True),
    ]


def _overview(doc: PdfDoc, b: Briefing, ws: Workspace, specs: list[LayerSpec]) -> None:
    doc.add_page()
    doc.heading(f"一、{_where(b)}概况", 15, align="L", after=3)
    _kpis(doc, [*_counts(b.totals, len(b.gaps)), ("节前及节日到期整改", len(b.deadlines), False)])
    data = map_data(ws, b, CITY_TOLERANCE_M)
    frame = _map(doc, data, specs, 140, area_width=0.5)
    y = frame.y + frame.h + 5
    half = (doc.text_width - 8) / 2
    chart_h = 62.0
    bar_chart(
        doc,
        Frame(doc.l_margin, y, half, chart_h),
        f"分{tables.unit_word(b)}隐患与整改",
        [r.name for r in b.districts],
        [
            Series("未销号隐患", BLUE, [r.open for r in b.districts]),
            Series("其中重大", RED, [r.major_open for r in b.districts]),
            Series("逾期整改", ORANGE, [r.overdue for r in b.districts]),
        ],
    )
    bar_chart(
        doc,
        Frame(doc.l_margin + half + 8, y, half, chart_h),
        "分图层风险点与隐患",
        [f.name_zh for f in b.focus_layers],
        [
            Series("风险点", (140, 140, 140), [f.sites for f in b.focus_layers]),
            Series("未销号隐患", BLUE, [f.open for f in b.focus_layers]),
            Series("其中重大", RED, [f.major_open for f in b.focus_layers]),
        ],
    )
    doc.set_y(y + chart_h + 4)
    y_ = b.yoy
    if y_.available:
        yoy = (
            f"与上年同期比较：研判时段内新发现隐患{y_.found_this}项（上年同期{y_.found_last}项），"
            f"未销号重大隐患{y_.major_open_now}项（上年同期{y_.major_open_then}项）。"
        )
    else:
        yoy = f"与上年同期比较：{y_.note}。"
    lines = [
        f"节日期间巡查区域{b.patrols}个，覆盖高风险点{b.high_risk - len(b.gaps)}处，"
        f"未覆盖{len(b.gaps)}处；逾期整改涉及责任单位{len(b.overdue_by_unit)}个。",
        yoy,
    ]
    for line in lines:
        doc.paragraph(line, 9, indent=False, line_height=1.45, after=0.5)


def _map(
    doc: PdfDoc, data: MapData, specs: list[LayerSpec], height: float, area_width: float
) -> Frame:
    """The map at the current y, at most the text width × `height`; its frame."""
    frame = fit_frame(doc.l_margin, doc.y, doc.text_width, height, data.bounds, centre=False)
    lw, lh = legend_size(doc, data, specs, frame, max_h=frame.h)
    # The legend beside the map where the map leaves room, so it hides no site; else inside.
    beside = doc.l_margin + doc.text_width - frame.x - frame.w >= lw + 3
    if not beside:
        frame = fit_frame(doc.l_margin, doc.y, doc.text_width, height, data.bounds)
    at = (frame.x + frame.w + 3, frame.y + frame.h - lh) if beside else None
    draw_map(doc, frame, data, specs, area_width=area_width, legend_at=at, legend_max_h=frame.h)
    return frame


# -- district pages -----------------------------------------------------------------------------

MAJOR_COLUMNS = (
    Column("风险点", align="L"),
    Column("镇办"),
    Column("隐患内容", align="L"),
    Column("责任单位", align="L"),
    Column("整改期限"),
    Column("状态"),
    Column("逾期天数"),
)
OVERDUE_COLUMNS = (
    Column("责任单位", align="L"),
    Column("风险点", align="L"),
    Column("镇办"),
    Column("等级"),
    Column("责任人"),
    Column("整改期限"),
    Column("逾期天数"),
)
TITLE_H = 6.5  # a table's title line
MAP_MIN_H, MAP_MAX_H = 95.0, 150.0  # a district map's height (mm)
MORE_H = 5.0  # the "另有 X 项" line


def _district_page(
    doc: PdfDoc, b: Briefing, ws: Workspace, specs: list[LayerSpec], row: DistrictRow, n: int
) -> None:
    doc.add_page()
    word = tables.unit_word(b)
    doc.heading(f"二、分{word}情况　{row.name}（{n}/{len(b.districts)}）", 15, align="L", after=3)
    mine = [g for g in b.gaps if b.row_code(g.county_code, g.district_code) == row.code]
    _kpis(doc, _counts(row, len(mine)), height=13.5)
    top = doc.y
    major = [m for m in b.major if b.row_code(m.county_code, m.district_code) == row.code]
    major_rows: list[list[Cell]] = [
        [
            m.site_name,
            m.township,
            m.description,
            m.unit,
            tables.text(m.deadline),
            tables.status_zh(m.status, m.escalated),
            Styled(str(m.days_overdue), RED, True) if m.days_overdue else "",
        ]
        for m in major
    ]
    overdue = [
        (u.unit, i)
        for u in b.overdue_by_unit
        for i in u.items
        if b.row_code(i.county_code, i.district_code) == row.code
    ]
    overdue_rows: list[list[Cell]] = [
        [
            unit,
            i.site_name,
            i.township,
            Styled(terms.level(i.level), RED, True) if is_major(i.level) else terms.level(i.level),
            i.person,
            tables.text(i.deadline),
            Styled(str(i.days_overdue), RED, True),
        ]
        for unit, i in overdue
    ]
    major_cols = doc.fit_widths(MAJOR_COLUMNS, major_rows, TABLE)
    overdue_cols = doc.fit_widths(OVERDUE_COLUMNS, overdue_rows, TABLE)
    need_a = _height(doc, major_cols, major_rows)
    need_b = _height(doc, overdue_cols, overdue_rows)
    # The map takes what the lists leave, between a floor that keeps it readable and a ceiling
    # past which a short list would leave the page half empty anyway.
    tables_h = 2 * TITLE_H + 7 + need_a + need_b
    map_h = min(MAP_MAX_H, max(MAP_MIN_H, doc.bottom - top - tables_h))
    data = map_data(ws, b, DISTRICT_TOLERANCE_M, district=row.code)
    frame = _map(doc, data, specs, map_h, area_width=0.3)
    doc.set_y(frame.y + frame.h + 4)
    room = doc.bottom - doc.y - 2 * TITLE_H - 3
    # Share the room: each list gets what it needs up to half, the other takes what is left.
    half = room / 2
    room_a = need_a if need_a + min(need_b, half) <= room else max(half, room - need_b)
    room_b = room - min(need_a, room_a)
    _titled_table(doc, f"未销号重大隐患（{len(major_rows)} 项）", major_cols, major_rows, room_a)
    doc.ln(2)
    units = len({u for u, _ in overdue})
    _titled_table(
        doc,
        f"逾期整改（{len(overdue_rows)} 项，责任单位 {units} 个，按单位排列）",
        overdue_cols,
        overdue_rows,
        room_b,
    )


def _height(doc: PdfDoc, cols: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> float:
    return doc.table_height(cols, rows, TABLE) if rows else 6.0


def _titled_table(
    doc: PdfDoc, title: str, cols: Sequence[Column], rows: Sequence[Sequence[Cell]], room: float
) -> None:
    doc.set_font(FONT, "B", 10)
    doc.cell(0, TITLE_H, title)
    doc.ln(TITLE_H)
    if not rows:
        doc.paragraph("无", 9, indent=False, color=GREY, after=1)
        return
    n = len(rows)
    if doc.table_height(cols, rows, TABLE) > room:
        # The most urgent rows that fit with the "另有 X 项" line under them.
        used = doc.row_height(cols, [c.title for c in cols], TABLE, bold=True) + MORE_H
        n = 0
        for r in rows:
            used += doc.row_height(cols, r, TABLE)
            if used > room:
                break
            n += 1
    doc.data_table(cols, rows[:n], TABLE)
    if n < len(rows):
        doc.paragraph(
            f"另有 {len(rows) - n} 项未列出，详见简报 XLSX 清单。", 8, indent=False, color=GREY,
            after=0,
        )  # fmt: skip
