"""A small base for riskmap's printed documents on fpdf2: A4, an embedded CJK font, a few blocks.

The font is always one riskmap ships (riskmap.brief.fonts): the sans for briefings and tables,
the official face (the serif, or the font a site configured) for official documents.

The notices and the holiday briefing share it. Tables are drawn here rather than with
`FPDF.table()` because a one-page notice has to know a table's height before drawing it, and
measuring with the very code that draws is the only way the two never disagree.

Chinese text is broken into lines here too, by character, keeping the rules every Chinese
reader expects (避头尾): no line starts with a closing mark such as ，。）and none ends with an
opening one such as （; runs of Latin letters and digits (CNG, 2026-11-01) stay whole.

Output is deterministic: the creation date is the document's own date (not "now"), so the same
data gives the same bytes, and files are written atomically (a reader never sees half a PDF).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos

from riskmap.atomic import write_bytes_atomic
from riskmap.brief.fonts import find_cjk_fonts, official_fonts

FONT = "cjk"
# China Standard Time: a document dated 2026-11-01 was made on that day in Beijing.
CST = dt.timezone(dt.timedelta(hours=8), "CST")

# 避头尾: marks that may not start a line, and marks that may not end one.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…%‰℃·,.;:?!)]}>")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{<")

RGB = tuple[int, int, int]
BLACK: RGB = (0, 0, 0)
GREY: RGB = (110, 110, 110)
RED: RGB = (200, 0, 0)  # the 红头 and 红线 of official documents
HEADER_FILL: RGB = (232, 232, 232)
RULE: RGB = (60, 60, 60)


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 0.0  # mm; `PdfDoc.fit_widths` sets it from the content
    align: str = "C"  # L, C or R


@dataclass(frozen=True)
class Styled:
    """A table cell with its own colour or weight."""

    text: str
    color: RGB = BLACK
    bold: bool = False


Cell = str | Styled


@dataclass(frozen=True)
class TableStyle:
    size: float = 9.0  # pt
    line_height: float = 1.3  # × size
    padding: float = 0.8  # mm, above and below the text
    padding_x: float = 1.1  # mm, left and right of it
    header_fill: RGB = HEADER_FILL
    border: float = 0.2  # mm
    border_color: RGB = RULE

    @property
    def line_mm(self) -> float:
        return self.size * self.line_height * 25.4 / 72


class PdfDoc(FPDF):
    """An A4 portrait document (or `orientation` "L", `page_format` "A3") with the CJK font
    registered as `FONT` (regular and bold).

    `official`: the document is an official one (a notice) and is set in the official face.
    """

    def __init__(
        self,
        title: str,
        date: dt.date,
        *,
        subject: str = "",
        margins: tuple[float, float, float, float] = (18.0, 15.0, 18.0, 15.0),
        footer_note: str = "",
        page_numbers: bool = True,
        official: bool = False,
        orientation: str = "P",
        page_format: str = "A4",
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format=page_format)
        regular, bold = official_fonts() if official else find_cjk_fonts()
        self.add_font(FONT, "", regular.path, collection_font_number=regular.index)
        self.add_font(FONT, "B", bold.path, collection_font_number=bold.index)
        for font in self.fonts.values():
            # fontTools would otherwise run every kept CFF glyph program again to shrink the
            # font's bounding box to the subset: half the output time of a CJK document, for a
            # box no viewer needs tight (the whole font's box is a valid one).
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.recalcBBoxes = False
        left, top, right, bottom = margins
        self.set_margins(left, top, right)
        self.set_auto_page_break(True, margin=bottom)
        self.footer_note = footer_note
        self.page_numbers = page_numbers

        self.set_title(title)
        self.set_author("riskmap")
        self.set_creator("riskmap")
        if subject:
            self.set_subject(subject)
        self.set_lang("zh-CN")
        when = date if isinstance(date, dt.datetime) else dt.datetime.combine(date, dt.time())
        self.set_creation_date(when if when.tzinfo else when.replace(tzinfo=CST))
        self.set_font(FONT, "", 10.5)
        self.set_text_color(*BLACK)
        # Text starts at the margin (fpdf2 insets every cell by 1 mm); tables pad their cells.
        self.c_margin = 0.0
        # Wrapped lines by (text, width, size, bold): a one-page layout measures the same cells
        # at several sizes and then draws them.
        self._wrapped: dict[tuple[str, float, float, bool], list[str]] = {}
        self._token_widths: dict[tuple[float, bool], dict[str, float]] = {}

    # -- page furniture -----------------------------------------------------------------------

    def footer(self) -> None:
        # fpdf2 calls this for every page; GB/T 9704 puts the number as "— 1 —" at the bottom.
        self.set_y(-self.b_margin + 4)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        if self.footer_note:
            self.cell(0, 4, self.footer_note, align=Align.L)
            self.set_x(self.l_margin)
        if self.page_numbers:
            self.cell(0, 4, f"— {self.page_no()} —", align=Align.C)
        self.set_text_color(*BLACK)

    @property
    def text_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    @property
    def bottom(self) -> float:
        """The lowest y content may reach on this page (mm)."""
        return self.page_break_trigger

    # -- blocks ---------------------------------------------------------------------------------

    def heading(
        self,
        text: str,
        size: float = 18.0,
        *,
        color: RGB = BLACK,
        bold: bool = True,
        align: str = "C",
        spacing: float = 0.0,
        after: float = 2.0,
        fit: bool = True,
    ) -> None:
        """One line of large text (a title, a 红头); with `fit`, shrunk to stay on one line."""
        style = "B" if bold else ""
        self.set_font(FONT, style, size)
        self.set_char_spacing(spacing)
        if fit:
            while size > 8 and self.get_string_width(text) > self.text_width:
                size -= 0.5
                self.set_font(FONT, style, size)
        self.set_text_color(*color)
        self.cell(
            0, size * 0.45, text, align=Align.coerce(align), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_char_spacing(0)
        self.set_text_color(*BLACK)
        self.ln(after)

    def paragraph(
        self,
        text: str,
        size: float = 10.5,
        *,
        line_height: float = 1.6,
        indent: bool = True,
        align: str = "L",
        color: RGB = BLACK,
        bold: bool = False,
        after: float = 1.0,
    ) -> None:
        """Running text; `indent` starts it with two ideographic spaces as Chinese prose does."""
        body = ("\u3000\u3000" + text) if indent else text
        lines = self.wrap(body, self.text_width, size, bold=bold)
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*color)
        self._lines(lines, self.text_width, size * line_height * 25.4 / 72, align)
        self.set_xy(self.l_margin, self.y)
        self.set_text_color(*BLACK)
        self.ln(after)

    def paragraph_height(
        self, text: str, size: float = 10.5, *, line_height: float = 1.6, indent: bool = True
    ) -> float:
        """How tall `paragraph` would be (mm) without `after`, drawing nothing."""
        body = ("\u3000\u3000" + text) if indent else text
        return len(self.wrap(body, self.text_width, size)) * size * line_height * 25.4 / 72

    @contextmanager
    def clipped(self, x: float, y: float, w: float, h: float) -> Iterator[None]:
        """Draw inside the rectangle only (a map in its frame).

        fpdf2's `rect_clip` restores the PDF graphics state on exit but not its own idea of the
        current font and colours: a font set inside would not be set again after it, and text
        would come out in the font from before, with another font's glyph ids (北 printed as
        通). The local context saves and restores both together.
        """
        with self.local_context(), self.rect_clip(x, y, w, h):
            yield

    def rule(self, color: RGB = RULE, width: float = 0.3, *, after: float = 1.0) -> None:
        """A horizontal line across the text width at the current y."""
        self.set_draw_color(*color)
        self.set_line_width(width)
        self.line(self.l_margin, self.y, self.w - self.r_margin, self.y)
        self.set_draw_color(*BLACK)
        self.set_line_width(0.2)
        self.ln(after)

    def key_values(
        self,
        pairs: Sequence[tuple[str, str]],
        size: float = 9.5,
        *,
        per_line: int = 3,
        color: RGB = GREY,
        after: float = 1.0,
    ) -> None:
        """`label：value` pairs, `per_line` to a line in equal columns (empty values skipped)."""
        pairs = [(k, v) for k, v in pairs if v]
        if not pairs:
            return
        self.set_text_color(*color)
        col = self.text_width / per_line
        lh = size * 1.5 * 25.4 / 72
        for start in range(0, len(pairs), per_line):
            self.set_x(self.l_margin)
            for k, v in pairs[start : start + per_line]:
                self.set_font(FONT, "", size)
                text = f"{k}：{v}"
                while self.get_string_width(text) > col - 1 and len(text) > 2:
                    text = text[:-2] + "…"
                self.cell(col, lh, text)
            self.ln(lh)
        self.set_text_color(*BLACK)
        self.ln(after)

    # -- tables ---------------------------------------------------------------------------------

    def wrap(self, text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
        """`text` broken into lines no wider than `width` mm at `size` pt, keeping 避头尾."""
        key = (text, round(width, 3), size, bold)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = []
            for para in text.split("\n"):
                lines.extend(_break(para, width, lambda t: self._width_of(t, size, bold)))
            self._wrapped[key] = lines
        return lines

    def text_height(
        self, text: str, width: float, size: float, line_mm: float, *, bold: bool = False
    ) -> float:
        """The height (mm) of `text` wrapped into `width` mm, drawing nothing."""
        return len(self.wrap(text, width, size, bold=bold)) * line_mm

    def _lines(self, lines: list[str], width: float, line_mm: float, align: str) -> None:
        # Lines already fit: a hair of extra width keeps fpdf2 from breaking one again on a
        # rounding difference.
        self.multi_cell(
            width + 0.01,
            line_mm,
            "\n".join(lines),
            align=Align.coerce(align),
            wrapmode=WrapMode.CHAR,
            new_x=XPos.RIGHT,
            new_y=YPos.NEXT,
        )

    def fit_widths(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        style: TableStyle,
        total: float | None = None,
    ) -> tuple[Column, ...]:
        """`columns` with widths that share `total` (the text width) by content at `style`.

        A column whose longest cell fits within its share gets just that (dates, statuses,
        numbers never wrap); the others split what is left in proportion to their typical
        text, never narrower than their header or their widest unbreakable run. So road
        names and long descriptions get the room, and one outlier does not take it all.
        """
        total = self.text_width if total is None else total
        pad = 2 * style.padding_x
        need: list[float] = []  # everything on one line
        typical: list[float] = []  # the mean cell: how to share what is scarce
        least: list[float] = []  # header on one line, no Latin run broken
        for i, col in enumerate(columns):
            texts = [_unpack(r[i]) for r in rows]
            plain = [self._width_of(t, style.size, b) for t, _, b in texts] or [0.0]
            head = self._width_of(col.title, style.size, True)
            runs = [self._width_of(tok, style.size, b) for t, _, b in texts for tok in _tokens(t)]
            need.append(max(*plain, head) + pad)
            typical.append(max(sum(plain) / len(plain), head) + pad)
            least.append(max([head, *runs]) + pad)
        if sum(need) <= total:
            # Room to spare: every column as wide as its longest cell, the rest in proportion.
            extra = (total - sum(need)) / sum(need)
            return tuple(
                dataclasses.replace(c, width=n * (1 + extra))
                for c, n in zip(columns, need, strict=True)
            )
        width: dict[int, float] = {}
        while True:
            free = [i for i in range(len(columns)) if i not in width]
            left = total - sum(width.values())
            weight = sum(typical[i] for i in free)
            fits = [i for i in free if need[i] <= left * typical[i] / weight]
            if not fits or len(fits) == len(free):
                break
            width.update((i, need[i]) for i in fits)
        free = [i for i in range(len(columns)) if i not in width]
        left = total - sum(width.values())
        weight = sum(typical[i] for i in free)
        for i in free:
            width[i] = max(least[i], left * typical[i] / weight)
        over = sum(width.values()) - total
        if over > 0:
            # The floors took more than the shares gave: take it back from the wide columns.
            slack = {i: width[i] - least[i] for i in free if width[i] > least[i]}
            room = sum(slack.values())
            for i, sl in slack.items():
                width[i] -= over * sl / room if room > over else sl
        return tuple(dataclasses.replace(c, width=width[i]) for i, c in enumerate(columns))

    def _width_of(self, text: str, size: float, bold: bool) -> float:
        widths = self._token_widths.setdefault((size, bold), {})
        w = widths.get(text)
        if w is None:
            self.set_font(FONT, "B" if bold else "", size)
            w = widths[text] = self.get_string_width(text)
        return w

    def row_height(
        self,
        columns: Sequence[Column],
        cells: Sequence[Cell],
        style: TableStyle,
        *,
        bold: bool = False,
    ) -> float:
        """The height (mm) `data_table` gives this row: its tallest wrapped cell plus padding."""
        tallest = 0.0
        for col, cell in zip(columns, cells, strict=True):
            text, _, cell_bold = _unpack(cell)
            inner = col.width - 2 * style.padding_x
            h = self.text_height(text, inner, style.size, style.line_mm, bold=bold or cell_bold)
            tallest = max(tallest, h)
        return tallest + 2 * style.padding

    def table_height(
        self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], style: TableStyle
    ) -> float:
        """How tall `data_table` would be (mm) with its header, on one page, drawing nothing."""
        header = self.row_height(columns, [c.title for c in columns], style, bold=True)
        return header + sum(self.row_height(columns, r, style) for r in rows)

    def data_table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        style: TableStyle | None = None,
    ) -> None:
        """A bordered table (centred when narrower than the text) with a shaded header row and
        CJK text wrapped by character; a row that does not fit starts a new page, which repeats
        the header."""
        style = style or TableStyle()
        titles = [c.title for c in columns]
        self._table_row(columns, titles, style, header=True)
        for cells in rows:
            h = self.row_height(columns, cells, style)
            if self.y + h > self.bottom:
                self.add_page()
                self._table_row(columns, titles, style, header=True)
            self._table_row(columns, cells, style, height=h)
        self.set_font(FONT, "", style.size)

    def _table_row(
        self,
        columns: Sequence[Column],
        cells: Sequence[Cell],
        style: TableStyle,
        *,
        header: bool = False,
        height: float | None = None,
    ) -> None:
        h = height if height is not None else self.row_height(columns, cells, style, bold=header)
        x = self.l_margin + max(0.0, (self.text_width - sum(c.width for c in columns)) / 2)
        y0 = self.y
        self.set_draw_color(*style.border_color)
        self.set_line_width(style.border)
        self.set_fill_color(*style.header_fill)
        for col, cell in zip(columns, cells, strict=True):
            text, color, bold = _unpack(cell)
            bold = bold or header
            self.rect(x, y0, col.width, h, style="DF" if header else "D")
            inner = col.width - 2 * style.padding_x
            lines = self.wrap(text, inner, style.size, bold=bold)
            # Centred vertically: short cells sit in the middle of a row a long one made tall.
            self.set_xy(x + style.padding_x, y0 + (h - len(lines) * style.line_mm) / 2)
            self.set_font(FONT, "B" if bold else "", style.size)
            self.set_text_color(*color)
            self._lines(lines, inner, style.line_mm, "C" if header else col.align)
            x += col.width
        self.set_text_color(*BLACK)
        self.set_draw_color(*BLACK)
        self.set_line_width(0.2)
        self.set_xy(self.l_margin, y0 + h)

    # -- output ---------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The finished PDF. The document is closed after this: its font files are released."""
        try:
            return bytes(self.output())
        finally:
            self.close_fonts()

    def close_fonts(self) -> None:
        # fpdf2 opens fonts lazily and never closes them; a 20 MB collection held open per
        # document would leak a file handle each time (and warn under pytest).
        for font in self.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the PDF to `path` atomically (temp file + rename); the path written."""
        return write_bytes_atomic(path, self.to_bytes())


def _unpack(cell: Cell) -> tuple[str, RGB, bool]:
    if isinstance(cell, Styled):
        return cell.text, cell.color, cell.bold
    return str(cell), BLACK, False


def _tokens(text: str) -> list[str]:
    """Characters, except that a run of Latin letters, digits and joiners is one token."""
    out: list[str] = []
    run = ""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "-_./:+#"):
            run += ch
            continue
        if run:
            out.append(run)
            run = ""
        out.append(ch)
    if run:
        out.append(run)
    return out


def _break(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy line breaking by token with 避头尾; a token wider than a line is split by char.

    Widths add up token by token: fpdf2 applies no kerning without text shaping, and CJK
    fonts have none to speak of.
    """
    lines: list[str] = []
    line: list[tuple[str, float]] = []
    used = 0.0

    def place(tok: str, w: float) -> None:
        nonlocal used
        if not line or used + w <= width:
            if line or tok != " " or not lines:  # no space at the start of a wrapped line
                line.append((tok, w))
                used += w
            return
        carry: list[tuple[str, float]] = []
        # A closing mark pulls the token before it down; an opening mark at a line's end goes
        # down with what it opens.
        if tok[0] in NO_LINE_START and len(line) > 1:
            carry.append(line.pop())
        while len(line) > 1 and line[-1][0][-1] in NO_LINE_END:
            carry.insert(0, line.pop())
        lines.append("".join(t for t, _ in line).rstrip())
        line[:] = [*carry, (tok, w)] if (carry or tok != " ") else []
        used = sum(tw for _, tw in line)

    for tok in _tokens(text):
        w = measure(tok)
        if len(tok) > 1 and w > width:
            for ch in tok:  # a Latin run longer than the line (a long code): break it anywhere
                place(ch, measure(ch))
        else:
            place(tok, w)
    lines.append("".join(t for t, _ in line).rstrip())
    return lines
