"""The briefing on A4 paper as a 简报: masthead, assessment, requirements, the city, each district.

The cover is the 简报's masthead (the marking, the title in red, 第N期 from the register, the
issuing office and the date of issue over a red rule), the briefing's facts and its contents.
Then 总体研判 (the assessment written from the figures and the preset's text) and 工作要求; then
the city at a glance (the vector map of the focus sites with the major hazards ringed in red,
the patrol areas and the sites they leave uncovered, the key counts, bars by district and by
layer); then each district from a new page (its map, counts, major hazards, overdue
rectifications by unit and coverage gaps ranked by reason), so the pages can be handed to the
county or township that answers for them. Every list is printed whole: a long one continues
on the next page under its repeated header. Every section and district is a PDF bookmark.

Fonts: the CJK face is embedded as a subset; bold is used for headings only, so the bold
subset stays a few dozen glyphs (subsetting time grows with the glyphs kept).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from riskmap import terms
from riskmap.brief import tables
from riskmap.brief.assessment import where as _where
from riskmap.brief.context import Briefing, DistrictRow
from riskmap.brief.maps import MapData, layer_order, map_data
from riskmap.brief.pdfdoc import FONT, GREY, RED, Cell, Column, PdfDoc, Styled, TableStyle
from riskmap.brief.pdfmap import Frame, Series, bar_chart, draw_map, fit_frame, legend_size
from riskmap.core.catalog import LayerSpec
from riskmap.core.figures import is_major
from riskmap.core.workspace import Workspace
from riskmap.terms import zh_date

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
    contents_y = _cover(doc, b)
    _assessment(doc, b)
    _overview(doc, b, ws, specs)
    for i, row in enumerate(b.districts, 1):
        _district_page(doc, b, ws, specs, row, i)
    _contents(doc, contents_y)
    return doc


# -- cover --------------------------------------------------------------------------------------


def _cover(doc: PdfDoc, b: Briefing) -> float:
    """The cover; the y where its contents go, written once the pages are known."""
    doc.add_page()
    doc.start_section("简报首页")
    # The marking top left (GB/T 9704 7.2.2: 密级 and its kind, here 内部资料).
    if b.marking:
        doc.set_xy(doc.l_margin, 20)
        doc.set_font(FONT, "B", 12)
        doc.cell(0, 6, b.marking)
    doc.set_y(36)
    scope = b.city if b.scope_level == "city" else f"{b.city}{b.scope_name}"
    doc.heading(f"{scope}安全风险简报", 30, color=RED, spacing=1.5, after=5)
    doc.heading(b.issue_label, 14, bold=False, after=6)
    y = doc.y
    doc.set_font(FONT, "", 12)
    doc.set_xy(doc.l_margin, y)
    doc.cell(doc.text_width / 2, 7, b.office)
    doc.set_xy(doc.l_margin + doc.text_width / 2, y)
    doc.cell(doc.text_width / 2, 7, zh_date(b.issued_on), align="R")
    doc.set_y(y + 8)
    doc.rule(RED, 0.9, after=8)
    doc.heading(f"{b.year}年{b.preset_zh}安全风险研判", 18, after=6)
    w = b.window
    layers = "；".join(f"{f.name_zh}（{f.filter_zh}）" for f in b.focus_layers)
    facts = [
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
        doc.set_font(FONT, "B", 10.5)
        doc.set_text_color(*GREY)
        doc.set_xy(doc.l_margin + 8, y)
        doc.cell(label_w, 6.5, label)
        lines = doc.wrap(value, doc.text_width - label_w - 16, 10.5)
        doc.set_font(FONT, "", 10.5)
        doc.set_text_color(0, 0, 0)
        for n, line in enumerate(lines):
            doc.set_xy(doc.l_margin + 8 + label_w, y + n * 6)
            doc.cell(0, 6.5, line)
        doc.set_y(y + max(1, len(lines)) * 6 + 1.5)
    if b.fictional:
        doc.ln(4)
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
        doc.ln(12)
    doc.ln(3)
    return doc.y


def _contents(doc: PdfDoc, y: float) -> None:
    """The contents on the cover, with the page each bookmark points to (known now)."""
    last = doc.page
    doc.page = 1
    # The font last set was the last page's: set it again, so that page 1 says which it is.
    doc.font_family, doc.font_style, doc.font_size_pt = "", "", 0
    doc.set_xy(doc.l_margin, y)
    outline = doc._outline  # fpdf2's bookmarks (start_section), with their pages
    doc.heading("目　录", 13, after=3)
    doc.set_font(FONT, "", 10.5)
    left, width = doc.l_margin + 30, doc.text_width - 60
    top_level = [s for s in outline if s.level == 0 and s.page_number > 1]
    districts = [s for s in outline if s.level == 1]
    for sec in top_level:
        doc.set_x(left)
        doc.cell(width - 15, 6, sec.name)
        doc.cell(15, 6, str(sec.page_number), align="R")
        doc.ln(6)
    # A county's dozen townships go in columns, so the contents stay on the cover.
    cols = 1 if len(districts) <= 8 else 2 if len(districts) <= 24 else 3
    per_col = -(-len(districts) // cols) if districts else 0
    col_w = (width - 6) / cols
    top = doc.y
    for i, sec in enumerate(districts):
        col = i // per_col
        x = left + 6 + col * col_w
        gutter = 5.0 if col < cols - 1 else 0.0
        doc.set_xy(x, top + (i % per_col) * 6)
        doc.cell(col_w - 15 - gutter, 6, sec.name)
        doc.cell(15, 6, str(sec.page_number), align="R")
    doc.page = last


# -- assessment and requirements ------------------------------------------------------------------


def _assessment(doc: PdfDoc, b: Briefing) -> None:
    doc.add_page()
    doc.start_section("一、总体研判")
    doc.heading("一、总体研判", 15, align="L", after=3)
    for text in b.assessment:
        doc.paragraph(text, 10.5, line_height=1.7, after=1.5)
    doc.ln(3)
    if doc.y + 30 > doc.bottom:
        doc.add_page()
    doc.start_section("二、工作要求")
    doc.heading("二、工作要求", 15, align="L", after=3)
    if not b.requirements:
        doc.paragraph("无", 10.5, color=GREY)
    for i, text in enumerate(b.requirements):
        number = SECTION_NUMBERS[i] if i < len(SECTION_NUMBERS) else str(i + 1)
        doc.paragraph(f"（{number}）{text}", 10.5, line_height=1.7, after=1.5)
    doc.ln(4)
    doc.paragraph(f"{b.office}", 10.5, indent=False, align="R", after=0)
    doc.paragraph(zh_date(b.issued_on), 10.5, indent=False, align="R", after=0)


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
    doc.start_section(f"三、{_where(b)}概况")
    doc.heading(f"三、{_where(b)}概况", 15, align="L", after=3)
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
GAP_COLUMNS = (
    Column("风险点", align="L"),
    Column("镇办"),
    Column("图层"),
    Column("高风险原因", align="L"),
)
TITLE_H = 6.5  # a table's title line
MAP_MIN_H, MAP_MAX_H = 95.0, 150.0  # a district map's height (mm)


def _district_page(
    doc: PdfDoc, b: Briefing, ws: Workspace, specs: list[LayerSpec], row: DistrictRow, n: int
) -> None:
    doc.add_page()
    word = tables.unit_word(b)
    if n == 1:
        doc.start_section(f"四、分{word}情况")
    doc.start_section(row.name, level=1)
    doc.heading(f"四、分{word}情况　{row.name}（{n}/{len(b.districts)}）", 15, align="L", after=3)
    gaps = b.gaps_of(row.code)
    _kpis(doc, _counts(row, len(gaps)), height=13.5)
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
    gap_rows: list[list[Cell]] = [
        [g.site_name, g.township, b.layer_name(g.layer), "、".join(g.reasons)] for g in gaps
    ]
    major_cols = doc.fit_widths(MAJOR_COLUMNS, major_rows, TABLE)
    overdue_cols = doc.fit_widths(OVERDUE_COLUMNS, overdue_rows, TABLE)
    gap_cols = doc.fit_widths(GAP_COLUMNS, gap_rows, TABLE)
    # The map takes what the first list leaves on the page, between a floor that keeps it
    # readable and a ceiling past which a short list would leave the page half empty; the
    # lists follow it, each whole, continuing on the next pages as long as they run.
    need_a = _height(doc, major_cols, major_rows)
    map_h = min(MAP_MAX_H, max(MAP_MIN_H, doc.bottom - top - TITLE_H - 4 - need_a))
    data = map_data(ws, b, DISTRICT_TOLERANCE_M, district=row.code)
    frame = _map(doc, data, specs, map_h, area_width=0.3)
    doc.set_y(frame.y + frame.h + 4)
    _titled_table(doc, f"未销号重大隐患（{len(major_rows)} 项）", major_cols, major_rows)
    doc.ln(2)
    units = len({u for u, _ in overdue})
    _titled_table(
        doc,
        f"逾期整改（{len(overdue_rows)} 项，责任单位 {units} 个，按单位排列）",
        overdue_cols,
        overdue_rows,
    )
    doc.ln(2)
    _titled_table(doc, f"巡查覆盖缺口（{len(gap_rows)} 处，按高风险原因排列）", gap_cols, gap_rows)


def _height(doc: PdfDoc, cols: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> float:
    return doc.table_height(cols, rows, TABLE) if rows else 6.0


def _titled_table(
    doc: PdfDoc, title: str, cols: Sequence[Column], rows: Sequence[Sequence[Cell]]
) -> None:
    # A title with no room for its header and a first row under it starts the next page.
    first = doc.row_height(cols, [c.title for c in cols], TABLE, bold=True)
    if rows:
        first += doc.row_height(cols, rows[0], TABLE)
    if doc.y + TITLE_H + first > doc.bottom:
        doc.add_page()
    doc.set_font(FONT, "B", 10)
    doc.cell(0, TITLE_H, title)
    doc.ln(TITLE_H)
    if not rows:
        doc.paragraph("无", 9, indent=False, color=GREY, after=1)
        return
    doc.data_table(cols, rows, TABLE)
