"""督办通知 as a one-page PDF, laid out as a county or city 安委办 sends it (after GB/T 9704).

红头 (the office in red) and 发文字号 over a red line, the title, the addressee, the facts and the
requirements in formal Chinese, the list of open rectifications, the signature and date, and the
版记 (抄送, 印发) at the foot of the page. One page always: a long list is set smaller, down to a
floor, and beyond that its least urgent rows are left to the ledger with a line saying how many.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from riskmap import terms
from riskmap.brief.pdfdoc import FONT, GREY, RED, Cell, Column, PdfDoc, Styled, TableStyle
from riskmap.core.notice import Notice, NoticeItem

TITLE = "安全隐患整改督办通知"
EMPTY_TEXT = "无未销号整改事项"

# Table font sizes tried in turn; below the floor a row is no longer readable on paper.
TABLE_SIZES = (9.5, 9.0, 8.5, 8.0, 7.5)
BODY_SIZE = 11.0
# Widths come from the content at each font size (`PdfDoc.fit_widths`).
COLUMNS = (
    Column("序号"),
    Column("风险点", align="L"),
    Column("所属镇办"),
    Column("隐患内容", align="L"),
    Column("等级"),
    Column("整改期限"),
    Column("状态"),
    Column("逾期天数"),
)
# Heights (mm) of the blocks under the table, fixed so the table knows its room before drawing.
SIGNATURE_H = 22.0
IMPRINT_H = 21.0  # 版记: 抄送 and 印发 between rules, at the foot of the page
MORE_H = 7.0  # the "另有 X 项未列出" line and the space around it


def zh_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def write_notice_pdf(notice: Notice, path: str | os.PathLike[str]) -> Path:
    """Lay `notice` out on one A4 page and write it to `path` (atomically); the path written."""
    return render_notice(notice).save(path)


def render_notice(notice: Notice) -> PdfDoc:
    """The notice as an unsaved one-page document (for callers that add pages or bytes)."""
    doc = PdfDoc(
        f"{TITLE}（{notice.unit.name}）",
        notice.issued_on,
        subject=notice.number,
        margins=(18.0, 14.0, 18.0, 14.0),
        footer_note="演示数据（虚构城市），非真实公文" if notice.fictional else "",
        page_numbers=False,  # a one-page notice carries no page number
        official=True,  # an official document: the serif (or the site's own official font)
    )
    doc.add_page()
    _letterhead(doc, notice)
    doc.paragraph(f"{notice.unit.name}：", BODY_SIZE, indent=False, after=0.5)
    for text in _body(notice):
        doc.paragraph(text, BODY_SIZE, after=0.5)
    doc.key_values(
        [
            ("责任单位联系人", notice.unit.contact_person),
            ("联系电话", notice.unit.phone),
            ("回复期限", zh_date(notice.reply_by) if notice.items else ""),
        ],
        9.0,
        after=1.0,
    )

    imprint_top = doc.bottom - IMPRINT_H
    room = imprint_top - SIGNATURE_H - doc.y
    if notice.items:
        _list(doc, notice, room)
    else:
        doc.ln(4)
        doc.heading(EMPTY_TEXT, 12, color=GREY, bold=False, after=4)
    _signature(doc, notice)
    _imprint(doc, notice, imprint_top)
    return doc


def plan_table(
    doc: PdfDoc, rows: Sequence[Sequence[Cell]], room: float
) -> tuple[tuple[Column, ...], TableStyle, int]:
    """Columns, font and row count for the list to fit in `room` mm: the largest font at which
    every row fits; else the floor size and as many rows as fit with the "另有 X 项" line."""
    floor = TableStyle(size=TABLE_SIZES[-1])

    def fitting(cols: tuple[Column, ...]) -> int:
        used = doc.row_height(cols, [c.title for c in cols], floor, bold=True) + MORE_H
        for n, r in enumerate(rows):
            used += doc.row_height(cols, r, floor)
            if used > room:
                return n
        return len(rows)

    # The floor first: a long list (the case that costs) is then measured once.
    cols = doc.fit_widths(COLUMNS, rows, floor)
    if doc.table_height(cols, rows, floor) > room:
        n = fitting(cols)
        # Widths for the rows shown, not for those left to the ledger: re-fitted, the shown
        # rows may wrap less and leave room for more (a few rounds settle it).
        for _ in range(3):
            refit = doc.fit_widths(COLUMNS, rows[:n], floor)
            more = fitting(refit)
            if more < n:
                break  # the refit wraps the shown rows worse: keep what we had
            cols, before, n = refit, n, more
            if n == before:
                break
        return cols, floor, n
    # A larger font that breaks many cells over two lines (岚城区东关街 / 道) reads worse than
    # a smaller one that keeps them whole: allow only a few more broken rows than the floor has.
    allowed = _broken_rows(doc, cols, rows, floor) + max(1, len(rows) // 10)
    for size in TABLE_SIZES[:-1]:
        style = TableStyle(size=size)
        sized = doc.fit_widths(COLUMNS, rows, style)
        if (
            doc.table_height(sized, rows, style) <= room
            and _broken_rows(doc, sized, rows, style) <= allowed
        ):
            return sized, style, len(rows)
    return cols, floor, len(rows)


def _broken_rows(
    doc: PdfDoc, cols: Sequence[Column], rows: Sequence[Sequence[Cell]], style: TableStyle
) -> int:
    one_line = style.line_mm + 2 * style.padding + 1e-6
    return sum(doc.row_height(cols, r, style) > one_line for r in rows)


def _letterhead(doc: PdfDoc, notice: Notice) -> None:
    doc.ln(3)
    doc.heading(notice.authority, 24, color=RED, spacing=1.0, after=4)
    doc.heading(notice.number, 11, bold=False, after=1.5)
    doc.rule(RED, 0.8, after=5)
    doc.heading(TITLE, 18, after=5)


def _body(notice: Notice) -> list[str]:
    as_of = zh_date(notice.issued_on)
    if not notice.items:
        return [
            f"经查，截至{as_of}，你单位{EMPTY_TEXT}。请继续落实安全生产责任，常态化开展隐患"
            "排查治理，发现隐患及时整改销号。"
        ]
    facts = f"经查，截至{as_of}，你单位负责整改的安全生产隐患中尚有{notice.open}项未整改销号"
    if notice.major:
        facts += f"，其中重大隐患{notice.major}项"
    if notice.overdue:
        facts += f"；已超过整改期限{notice.overdue}项"
        if notice.major_overdue:
            facts += f"（其中重大隐患{notice.major_overdue}项）"
    else:
        facts += "，目前均在整改期限内"
    facts += "。"
    asks = (
        "现予督办。请你单位高度重视，对照下列清单逐项落实整改措施、责任、资金、时限和预案，"
        "在整改期限内完成整改并申请验收销号"
    )
    if notice.overdue:
        asks += "；已逾期事项须立即组织整改"
        if notice.major_overdue:
            asks += "，逾期重大隐患依规提级督办"
    asks += f"。请于{zh_date(notice.reply_by)}前将整改落实情况书面报送我办。"
    return [facts, asks]


def _row(i: int, item: NoticeItem, with_county: bool) -> list[Cell]:
    place = item.township or item.county
    if with_county and item.township and item.county:
        place = f"{item.county}{item.township}"
    if item.overdue:
        days: Cell = Styled(str(item.days_overdue), RED, bold=True)
    elif item.days_left == 0:
        days = "今日到期"
    else:
        days = Styled(f"剩{item.days_left}天", GREY)
    return [
        str(i),
        item.site_name,
        place,
        item.description,
        Styled(terms.level(item.level), RED, bold=True) if item.major else terms.level(item.level),
        item.deadline.isoformat(),
        terms.status(item.status),
        days,
    ]


def _list(doc: PdfDoc, notice: Notice, room: float) -> None:
    with_county = len(notice.counties) > 1
    rows = [_row(i, item, with_county) for i, item in enumerate(notice.items, 1)]
    columns, style, n = plan_table(doc, rows, room)
    doc.data_table(columns, rows[:n], style)
    if n < len(rows):
        doc.ln(1)
        doc.paragraph(
            f"另有 {len(rows) - n} 项未列出，详见隐患台账。",
            style.size + 0.5,
            indent=False,
            color=GREY,
        )


def _signature(doc: PdfDoc, notice: Notice) -> None:
    doc.ln(6)
    x = doc.w - doc.r_margin - 70
    for text in (notice.authority, zh_date(notice.issued_on)):
        doc.set_font(FONT, "", BODY_SIZE)
        doc.set_x(x)
        doc.cell(70, 6.5, text, align="C")
        doc.ln(6.5)


def _imprint(doc: PdfDoc, notice: Notice, top: float) -> None:
    # The 版记 sits at the foot of the page whatever the length of the list above it.
    doc.set_y(top + 2)
    doc.rule(width=0.35, after=1)
    doc.set_font(FONT, "", 9.5)
    if notice.cc:
        doc.cell(0, 6, f"抄送：{'，'.join(notice.cc)}。")
        doc.ln(6)
        doc.rule(width=0.2, after=1)
    doc.set_font(FONT, "", 9.5)
    doc.cell(doc.text_width / 2, 6, notice.authority, align="L")
    doc.cell(doc.text_width / 2, 6, f"{zh_date(notice.issued_on)}印发", align="R")
    doc.ln(6)
    doc.rule(width=0.35, after=0)
