"""督办通知 as a PDF laid out per GB/T 9704-2012 in its letter format (信函格式, §10.1), the form
an 安委办 sends a supervision notice in.

Page one: the red 发文机关标志 30 mm from the top edge over a red double line (thick over thin),
the marking (内部资料) flush left and the 发文字号 flush right beneath it, the title in the
小标宋-style face, the addressee, the body in the 仿宋-style face, the 附件说明, the office's name
and date with room for its seal (the seal image when the settings have one), and the 附注 with
the office's own contact. Every open item is listed, in the 附件 that follows on pages of its
own, its header row repeated on each; the 版记 (抄送) closes the last page. Pages after the first
are numbered "— 2 —" at the outer edge.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

from riskmap import terms
from riskmap.brief.fonts import document_faces, find_cjk_fonts
from riskmap.brief.pdfdoc import (
    FONT,
    GREY,
    RED,
    Cell,
    Column,
    PdfDoc,
    Styled,
    TableStyle,
)
from riskmap.core.documents import issuing, load_document_settings
from riskmap.core.notice import Notice, NoticeItem, notice_number, unit_notice
from riskmap.store.access import Actor
from riskmap.store.engine import Store
from riskmap.terms import zh_date

TITLE = "安全隐患整改督办通知"
ANNEX_TITLE = "未销号安全隐患整改清单"
EMPTY_TEXT = "无未销号整改事项"
DRAFT_NOTE = "预览稿：未编发文字号，不作为正式公文印发"
DEMO_NOTE = "演示数据（虚构城市），非真实公文"

# GB/T 9704-2012: A4, 版心 156 mm × 225 mm, 天头 37 mm, 订口 28 mm.
LEFT, TOP, RIGHT, BOTTOM = 28.0, 37.0, 26.0, 35.0
# Sizes in points: 2号 (titles), 3号 (body, 发文字号), 4号 (版记, 页码), 5号 (the annex's table).
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = 22.0, 16.0, 14.0, 10.5
# 22 lines of 3号 on a 225 mm 版心: one line is 225/22 mm.
LINE = 225.0 / 22
BODY_LINE_HEIGHT = LINE / (SIZE_3 * 25.4 / 72)
# 3号 character height (mm), of which 7/8 separates the elements under the red double line.
CHAR_3 = SIZE_3 * 25.4 / 72
# The letter format's red double lines: 170 mm long, centred; the flag's top 30 mm from the
# page's top, the first line 4 mm under it, the second 20 mm above the page's bottom.
FLAG_TOP, FLAG_GAP, RULE_LENGTH, FOOT_RULE = 30.0, 4.0, 170.0, 20.0
THICK, THIN, RULE_GAP = 1.0, 0.35, 0.7
FLAG_SIZE = 30.0  # pt; shrunk to stay within the rule's length
SEAL_MM = 42.0  # a round office seal's diameter
HEI = "hei"  # 黑体: the marking and the word 附件 (GB/T 9704 7.2.2, 8.2)

COLUMNS = (
    Column("序号"),
    Column("风险点", align="L"),
    Column("所属镇办"),
    Column("隐患内容", align="L"),
    Column("等级"),
    Column("整改期限"),
    Column("状态"),
    Column("逾期天数"),
    Column("剩余天数"),
)
TABLE_STYLE = TableStyle(size=SIZE_5)


class NoticeDoc(PdfDoc):
    """A PdfDoc with the GB/T 9704 page number: none on page one, then "— n —" in 4号 at the
    outer edge (odd pages right, even pages left, one character in)."""

    # The settings' faces this seat has not got (the bundled serif stood in for them).
    missing_fonts: tuple[str, ...] = ()
    # The annex's pages are landscape (GB/T 9704 lets a wide table turn); every page after.
    landscape = False

    def add_page(self, *args: Any, **kwargs: Any) -> None:
        if self.landscape and not args and not kwargs.get("orientation"):
            kwargs["orientation"] = "L"
        super().add_page(*args, **kwargs)

    def footer(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        if self.footer_note:
            self.set_xy(self.l_margin, self.h - FOOT_RULE + 3)
            self.cell(0, 4, self.footer_note, align="C")
        if self.page_no() > 1:
            self.set_font(FONT, "", SIZE_4)
            self.set_text_color(0, 0, 0)
            self.set_xy(self.l_margin + CHAR_3, self.h - self.b_margin + 7)
            text = f"— {self.page_no()} —"
            self.cell(
                self.text_width - 2 * CHAR_3, 5, text, align="R" if self.page_no() % 2 else "L"
            )
        self.set_text_color(0, 0, 0)


def write_notice_pdf(notice: Notice, path: str | os.PathLike[str]) -> Path:
    """Lay `notice` out and write it to `path` (atomically); the path written."""
    return render_notice(notice).save(path)


def issue_notice_pdf(
    store: Store, unit_id: int, as_of: dt.date, user: Actor, path: str | os.PathLike[str]
) -> tuple[Notice, Path]:
    """Issue the notice for real: its number from the register, the PDF written at `path`.

    The number is registered only when the file is written: a failed write issues none.
    """
    draft = unit_notice(store, unit_id, as_of, settings=load_document_settings(store))
    subject = f"{TITLE}：{draft.unit.name}"
    with issuing(store, "notice", as_of.year, user, subject) as n:
        prefix = draft.settings.number_prefix
        notice = dataclasses.replace(draft, serial=n, number=notice_number(prefix, as_of.year, n))
        written = write_notice_pdf(notice, path)
    return notice, written


def render_notice(notice: Notice) -> NoticeDoc:
    """The notice as an unsaved document; `missing_fonts` names settings' faces this seat lacks."""
    settings = notice.settings
    faces = document_faces(settings.title_font, settings.body_font)
    notes = [DEMO_NOTE] if notice.fictional else []
    if notice.draft:
        notes.append(DRAFT_NOTE)
    doc = NoticeDoc(
        f"{TITLE}（{notice.unit.name}）",
        notice.issued_on,
        subject=notice.number,
        margins=(LEFT, TOP, RIGHT, BOTTOM),
        footer_note="；".join(notes),
        faces=faces,
    )
    doc.missing_fonts = faces.missing
    hei = find_cjk_fonts()[1]
    doc.add_font(HEI, "", hei.path, collection_font_number=hei.index)
    doc.set_title(f"{TITLE}（{notice.unit.name}）")
    doc.add_page()
    _letterhead(doc, notice)
    _title(doc, TITLE)
    doc.ln(LINE - SIZE_3 * 0.45)
    _body_line(doc, f"{notice.unit.name}：", indent=False)
    for text in _body(notice):
        _body_line(doc, text)
    if notice.items:
        doc.ln(LINE * 0.5)
        _body_line(doc, f"附件：{ANNEX_TITLE}（共{len(notice.items)}项）")
    _signature(doc, notice)
    _contact(doc, notice)
    if notice.items:
        _annex(doc, notice)
    _imprint(doc, notice)
    return doc


def _body_line(doc: PdfDoc, text: str, *, indent: bool = True) -> None:
    doc.paragraph(text, SIZE_3, line_height=BODY_LINE_HEIGHT, indent=indent, after=0)


def _double_rule(doc: PdfDoc, y: float, thick_on_top: bool) -> None:
    x0 = (doc.w - RULE_LENGTH) / 2
    doc.set_draw_color(*RED)
    first, second = (THICK, THIN) if thick_on_top else (THIN, THICK)
    doc.set_line_width(first)
    doc.line(x0, y, x0 + RULE_LENGTH, y)
    y2 = y + first / 2 + RULE_GAP + second / 2
    doc.set_line_width(second)
    doc.line(x0, y2, x0 + RULE_LENGTH, y2)
    doc.set_draw_color(0, 0, 0)
    doc.set_line_width(0.2)


def _letterhead(doc: PdfDoc, notice: Notice) -> None:
    size = FLAG_SIZE
    doc.set_font(*doc.title_font, size)
    while size > 12 and doc.get_string_width(notice.authority) > RULE_LENGTH:
        size -= 0.5
        doc.set_font(*doc.title_font, size)
    height = size * 25.4 / 72
    doc.set_text_color(*RED)
    doc.set_xy(0, FLAG_TOP)
    doc.cell(doc.w, height, notice.authority, align="C")
    rule_y = FLAG_TOP + height + FLAG_GAP
    _double_rule(doc, rule_y, thick_on_top=True)
    _double_rule(doc, doc.h - FOOT_RULE, thick_on_top=False)
    doc.set_text_color(0, 0, 0)
    y = rule_y + THICK + RULE_GAP + THIN + CHAR_3 * 7 / 8
    marking = notice.settings.marking
    if marking:
        doc.set_font(HEI, "", SIZE_3)
        doc.set_xy(doc.l_margin, y)
        doc.cell(doc.text_width / 2, CHAR_3, marking, align="L")
    doc.set_font(FONT, "", SIZE_3)
    doc.set_xy(doc.l_margin + doc.text_width / 2, y)
    doc.cell(doc.text_width / 2, CHAR_3, notice.number, align="R")
    # The title: two lines under the last element.
    doc.set_xy(doc.l_margin, y + CHAR_3 + 2 * LINE - (LINE - CHAR_3))


def _title(doc: PdfDoc, title: str) -> None:
    lines = doc.wrap(title, doc.text_width, SIZE_2, bold=doc.title_font[1] == "B")
    doc.set_font(*doc.title_font, SIZE_2)
    for line in lines:
        doc.set_x(doc.l_margin)
        doc.cell(doc.text_width, SIZE_2 * 0.5, line, align="C")
        doc.ln(SIZE_2 * 0.5)


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
        "现予督办。请你单位高度重视，对照附件清单逐项落实整改措施、责任、资金、时限和预案，"
        "在整改期限内完成整改并申请验收销号"
    )
    if notice.overdue:
        asks += "；已逾期事项须立即组织整改"
        if notice.major_overdue:
            asks += "，逾期重大隐患依规提级督办"
    asks += f"。请于{zh_date(notice.reply_by)}前将整改落实情况书面报送我办。"
    return [facts, asks]


def _signature(doc: PdfDoc, notice: Notice) -> None:
    """署名 and 成文日期: the date four characters from the right, the office centred over it,
    under the seal (GB/T 9704 7.3.5.1); the seal's top within a line of the text above."""
    date = zh_date(notice.issued_on)
    doc.set_font(FONT, "", SIZE_3)
    date_w = doc.get_string_width(date)
    date_right = doc.w - doc.r_margin - 4 * CHAR_3
    centre = date_right - date_w / 2
    block = SEAL_MM * 0.55 + 2 * LINE  # room above the signature for the seal, and two lines
    if doc.y + LINE + block > doc.bottom:
        doc.add_page()
    top = doc.y + LINE * 0.5
    sign_y = top + SEAL_MM * 0.55
    seal = notice.settings.seal_png
    if seal and not notice.draft:
        # The office and date sit a little under the seal's centre.
        doc.image(io.BytesIO(seal), x=centre - SEAL_MM / 2, y=sign_y - SEAL_MM * 0.45, w=SEAL_MM)
    for i, text in enumerate((notice.authority, date)):
        w = doc.get_string_width(text)
        doc.set_xy(max(doc.l_margin, centre - w / 2), sign_y + i * LINE)
        doc.cell(w, CHAR_3, text)
    doc.set_xy(doc.l_margin, sign_y + 2 * LINE)


def _contact(doc: PdfDoc, notice: Notice) -> None:
    """附注: the office's own contact, in brackets, two characters in (GB/T 9704 7.3.6)."""
    s = notice.settings
    parts = [f"联系人：{s.contact_person}" if s.contact_person else ""]
    parts.append(f"联系电话：{s.contact_phone}" if s.contact_phone else "")
    parts = [p for p in parts if p]
    if parts:
        _body_line(doc, f"（{'，'.join(parts)}）")


def _row(i: int, item: NoticeItem, with_county: bool) -> list[Cell]:
    place = item.township or item.county
    if with_county and item.township and item.county:
        place = f"{item.county}{item.township}"
    overdue: Cell = Styled(str(item.days_overdue), RED, bold=True) if item.overdue else "—"
    if item.overdue:
        left: Cell = "—"
    elif item.days_left == 0:
        left = "今日到期"
    else:
        left = str(item.days_left)
    level = terms.level(item.level)
    return [
        str(i),
        item.site_name,
        place,
        item.description,
        Styled(level, RED, bold=True) if item.major else level,
        item.deadline.isoformat(),
        terms.status(item.status),
        overdue,
        left,
    ]


def annex_rows(notice: Notice) -> list[list[Cell]]:
    with_county = len(notice.counties) > 1
    return [_row(i, item, with_county) for i, item in enumerate(notice.items, 1)]


# Columns that never wrap (numbers, dates, the official level and status words); the texts share
# what is left.
WHOLE_COLUMNS = (0, 4, 5, 6, 7, 8)


def _annex_columns(doc: PdfDoc, rows: list[list[Cell]]) -> tuple[Column, ...]:
    style = TABLE_STYLE
    widths: dict[int, float] = {}
    for i in WHOLE_COLUMNS:
        texts = [(COLUMNS[i].title, True)] + [
            (c.text, c.bold) if isinstance(c, Styled) else (str(c), False)
            for c in (r[i] for r in rows)
        ]
        widest = 0.0
        for text, bold in texts:
            doc.set_font(FONT, "B" if bold else "", style.size)
            widest = max(widest, doc.get_string_width(text))
        widths[i] = widest + 2 * style.padding_x + 0.5
    free = [i for i in range(len(COLUMNS)) if i not in widths]
    room = doc.text_width - sum(widths.values())
    shared = doc.fit_widths(
        [COLUMNS[i] for i in free], [[r[i] for i in free] for r in rows], style, total=room
    )
    out = list(COLUMNS)
    for i, col in zip(free, shared, strict=True):
        out[i] = col
    return tuple(
        dataclasses.replace(c, width=widths[i]) if i in widths else c for i, c in enumerate(out)
    )


def _annex(doc: PdfDoc, notice: Notice) -> None:
    """附件 on pages of its own, turned landscape for the nine columns (the 版心 turned with
    them): 附件 in 黑体 flush left, its title on the third line, the list."""
    doc.landscape = True
    doc.set_margins(TOP, LEFT, BOTTOM)  # the portrait 天头 and 订口 become left and top
    doc.set_auto_page_break(True, margin=RIGHT)
    doc.add_page()
    doc.set_font(HEI, "", SIZE_3)
    doc.set_x(doc.l_margin)
    doc.cell(0, CHAR_3, "附件")
    doc.set_y(doc.t_margin + 2 * LINE)
    _title(doc, f"{notice.unit.name}{ANNEX_TITLE}")
    doc.ln(LINE * 0.6)
    rows = annex_rows(notice)
    doc.data_table(_annex_columns(doc, rows), rows, TABLE_STYLE)
    doc.set_font(FONT, "", SIZE_5)
    doc.ln(2)
    doc.set_text_color(*GREY)
    doc.cell(
        0, 5, f"共{len(rows)}项，其中逾期{notice.overdue}项；天数截至{zh_date(notice.issued_on)}。"
    )
    doc.set_text_color(0, 0, 0)
    doc.ln(5)


def _imprint(doc: PdfDoc, notice: Notice) -> None:
    """版记 (抄送) at the foot of the last page's 版心; the letter format has no 印发 line."""
    if not notice.cc:
        return
    text = f"抄送：{'，'.join(notice.cc)}。"
    doc.set_font(FONT, "", SIZE_4)
    lines = doc.wrap(text, doc.text_width - 2 * CHAR_3, SIZE_4)
    height = len(lines) * LINE * 0.8
    if doc.y + height > doc.bottom:
        doc.add_page()
    doc.set_xy(doc.l_margin + CHAR_3, doc.bottom - height)
    for line in lines:
        doc.set_x(doc.l_margin + CHAR_3)
        doc.cell(doc.text_width - 2 * CHAR_3, LINE * 0.8, line)
        doc.ln(LINE * 0.8)
