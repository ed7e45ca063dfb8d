"""督办通知: the notice data against independent SQL, and the one-page PDF read back with pypdf."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from riskmap.brief.notice_pdf import write_notice_pdf
from riskmap.core.notice import (
    REPLY_DAYS,
    REPLY_DAYS_MAJOR_OVERDUE,
    NoticeItem,
    find_unit,
    notice_number,
    unit_notice,
)
from riskmap.errors import RiskmapError
from riskmap.store.engine import open_store

OPEN_COUNTS = text(
    """
    SELECT r.unit_id,
           COUNT(*) AS n_open,
           SUM(CASE WHEN r.deadline < :as_of THEN 1 ELSE 0 END) AS n_overdue,
           SUM(CASE WHEN h.level = 'major' THEN 1 ELSE 0 END) AS n_major,
           SUM(CASE WHEN h.level = 'major' AND r.deadline < :as_of THEN 1 ELSE 0 END) AS n_mo
    FROM rectifications r JOIN hazards h ON h.id = r.hazard_id
    WHERE r.status <> 'verified' AND r.unit_id IS NOT NULL AND h.found_on <= :as_of
    GROUP BY r.unit_id
    """
)


@pytest.fixture(scope="module")
def store(demo_url: str):
    s = open_store(demo_url)
    yield s
    s.dispose()


@pytest.fixture(scope="module")
def counts(store, demo_anchor: dt.date) -> dict[int, tuple[int, int, int, int]]:
    """unit id → (open, overdue, major, major overdue), straight from SQL."""
    with store.engine.connect() as c:
        rows = c.execute(OPEN_COUNTS, {"as_of": demo_anchor.isoformat()}).all()
    return {r.unit_id: (r.n_open, r.n_overdue, r.n_major, r.n_mo) for r in rows}


@pytest.fixture(scope="module")
def unit_names(store) -> dict[int, str]:
    with store.engine.connect() as c:
        return dict(c.execute(text("SELECT id, name FROM units")).all())


def _text(pdf: Path) -> tuple[int, str]:
    reader = PdfReader(pdf)
    # pypdf puts spaces between CJK glyphs, and NULs where fpdf2 maps codes to CIDs through an
    # embedded CMap (CID-keyed CFF fonts such as Noto CJK; poppler reads those cleanly).
    return len(reader.pages), re.sub(r"[\s\x00]+", "", reader.pages[0].extract_text())


def _medium_unit(counts) -> int:
    """A unit with a few open items, some overdue (the ordinary case)."""
    fitting = [(n, uid) for uid, (n, od, _, _) in counts.items() if 3 <= n <= 10 and od > 0]
    return min(fitting)[1]


# -- data --------------------------------------------------------------------------------------


def test_every_unit_notice_matches_sql(store, counts, unit_names, demo_anchor) -> None:
    for uid in unit_names:
        n = unit_notice(store, uid, demo_anchor)
        want = counts.get(uid, (0, 0, 0, 0))
        assert (n.open, n.overdue, n.major, n.major_overdue) == want, n.unit.name
        assert len(n.items) == n.open
        assert n.unit.id == uid and n.unit.name == unit_names[uid]


def test_items_order_and_days(store, counts, demo_anchor) -> None:
    uid = max(counts, key=lambda u: (counts[u][1], counts[u][0]))  # the most overdue
    n = unit_notice(store, uid, demo_anchor)
    assert n.overdue > 1
    keys = [(-i.days_overdue, not i.major, i.deadline) for i in n.items]
    assert keys == sorted(keys)
    for i in n.items:
        assert i.status != "verified"
        assert i.site_name and i.description and i.county
        assert i.days_overdue == max((demo_anchor - i.deadline).days, 0)
        assert i.days_left == max((i.deadline - demo_anchor).days, 0)
    flags = [i.overdue for i in n.items]
    assert flags == [True] * n.overdue + [False] * (n.open - n.overdue)  # overdue on top


def test_reply_deadline_is_shorter_when_a_major_hazard_is_overdue(store, counts, demo_anchor):
    with_mo = [u for u, c in counts.items() if c[3] > 0]
    without = [u for u, c in counts.items() if c[3] == 0]
    assert with_mo and without
    n = unit_notice(store, with_mo[0], demo_anchor)
    assert n.reply_by == demo_anchor + dt.timedelta(days=REPLY_DAYS_MAJOR_OVERDUE)
    n = unit_notice(store, without[0], demo_anchor)
    assert n.reply_by == demo_anchor + dt.timedelta(days=REPLY_DAYS)


def test_authority_and_number(store, demo_anchor) -> None:
    city = store.meta["city_name"]
    with store.engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT u.id, d.level, d.name FROM units u JOIN districts d "
                "ON d.code = u.district_code WHERE u.kind <> 'enterprise'"
            )
        ).all()
    by_level = {level: (uid, name) for uid, level, name in rows}
    uid, county = by_level["county"]
    n = unit_notice(store, uid, demo_anchor)
    assert n.authority == f"{county}安全生产委员会办公室"
    assert re.fullmatch(rf"{county[0]}安办督〔{demo_anchor.year}〕第 \d{{4}} 号", n.number)
    uid, _ = by_level["city"]
    assert unit_notice(store, uid, demo_anchor).authority == f"{city}安全生产委员会办公室"
    # Reprinting gives the same number; a register's serial wins over the derived one.
    assert unit_notice(store, uid, demo_anchor).number == notice_number(city, uid, demo_anchor)
    assert unit_notice(store, uid, demo_anchor, serial=42).number.endswith("第 0042 号")


def test_unknown_unit_is_an_error(store, demo_anchor) -> None:
    with pytest.raises(RiskmapError, match="no unit with id 999999"):
        unit_notice(store, 999_999, demo_anchor)


def test_find_unit(store, unit_names) -> None:
    uid, name = next((u, n) for u, n in sorted(unit_names.items()) if "林业和草原局" in n)
    assert find_unit(store, str(uid)) == uid
    assert find_unit(store, f"  {name} ") == uid
    # A substring that only this unit's name contains.
    sub = next(
        name[i:]
        for i in range(1, len(name))
        if sum(name[i:] in other for other in unit_names.values()) == 1
    )
    assert find_unit(store, sub) == uid
    many = [n for n in unit_names.values() if "林业和草原局" in n]
    assert len(many) > 5
    with pytest.raises(RiskmapError, match=rf"matches {len(many)} units") as err:
        find_unit(store, "林业和草原局")
    assert str(err.value).count("林业和草原局 (") == 5 and f"{len(many) - 5} more" in str(err.value)
    with pytest.raises(RiskmapError, match="no unit matches"):
        find_unit(store, "不存在的单位%_")
    with pytest.raises(RiskmapError, match="no unit with id"):
        find_unit(store, "999999")


# -- PDF ---------------------------------------------------------------------------------------


def test_notice_pdf_one_page_with_the_list(store, counts, tmp_path, demo_anchor) -> None:
    n = unit_notice(store, _medium_unit(counts), demo_anchor)
    out = write_notice_pdf(n, tmp_path / "out" / "notice.pdf")
    pages, body = _text(out)
    assert pages == 1
    for want in (n.unit.name, "督办通知", n.authority, n.number.replace(" ", ""), "抄送"):
        assert want in body
    for item in n.items[:3]:
        assert item.site_name in body
    assert f"尚有{n.open}项" in body and f"已超过整改期限{n.overdue}项" in body
    assert "另有" not in body
    assert [p.name for p in out.parent.iterdir()] == ["notice.pdf"]  # no temp file left


def test_font_is_embedded(store, counts, tmp_path, demo_anchor) -> None:
    n = unit_notice(store, _medium_unit(counts), demo_anchor)
    out = write_notice_pdf(n, tmp_path / "n.pdf")
    page = PdfReader(out).pages[0]
    fonts_used = page["/Resources"]["/Font"]
    assert fonts_used
    for ref in fonts_used.values():
        font = ref.get_object()
        desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in desc or "/FontFile3" in desc


def test_longest_list_still_one_page(store, counts, tmp_path, demo_anchor) -> None:
    uid = max(counts, key=lambda u: counts[u][0])
    n = unit_notice(store, uid, demo_anchor)
    pages, body = _text(write_notice_pdf(n, tmp_path / "long.pdf"))
    assert pages == 1
    more = re.search(r"另有(\d+)项未列出，详见隐患台账", body)
    assert more is not None
    hidden = int(more.group(1))
    assert 0 < hidden < n.open
    shown = n.items[: n.open - hidden]
    assert shown[0].site_name in body and shown[-1].description in body


def test_very_long_list_still_one_page(store, counts, tmp_path, demo_anchor) -> None:
    n = unit_notice(store, max(counts, key=lambda u: counts[u][0]), demo_anchor)
    long_item = dataclasses.replace(n.items[0], description="防火隔离带杂草未清理，" * 8)
    items: tuple[NoticeItem, ...] = (long_item, *n.items) * 6
    big = dataclasses.replace(n, items=items, open=len(items))
    pages, body = _text(write_notice_pdf(big, tmp_path / "big.pdf"))
    assert pages == 1
    assert "另有" in body


def test_unit_with_nothing_open(store, counts, unit_names, tmp_path, demo_anchor) -> None:
    uid = min(u for u in unit_names if u not in counts)
    n = unit_notice(store, uid, demo_anchor)
    assert n.items == () and n.open == n.overdue == n.major == 0
    pages, body = _text(write_notice_pdf(n, tmp_path / "empty.pdf"))
    assert pages == 1
    assert "无未销号整改事项" in body and n.unit.name in body


def test_same_notice_same_bytes(store, counts, tmp_path, demo_anchor) -> None:
    n = unit_notice(store, _medium_unit(counts), demo_anchor)
    a = write_notice_pdf(n, tmp_path / "a.pdf").read_bytes()
    b = write_notice_pdf(n, tmp_path / "a.pdf").read_bytes()  # overwritten in place
    assert a == b
    meta = PdfReader(tmp_path / "a.pdf").metadata
    assert meta is not None and meta.author == "riskmap"
    assert meta.creation_date is not None and meta.creation_date.date() == demo_anchor


# -- the PDF base ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc():
    from riskmap.brief.pdfdoc import PdfDoc

    d = PdfDoc("测试", dt.date(2026, 11, 1))
    d.add_page()
    yield d
    d.close_fonts()


def test_wrap_keeps_chinese_line_breaking_rules(doc) -> None:
    text = "液化石油气钢瓶超期未检（管线沿线），第三方施工未采取管道保护措施。L-CNG加气站K12+600"
    for width in (12.0, 15.0, 19.0, 23.0, 31.0):
        lines = doc.wrap(text, width, 7.5)
        assert "".join(lines) == text
        assert all(doc.get_string_width(line) <= width + 1e-6 for line in lines if len(line) > 2)
        assert not any(line[0] in "，。）" for line in lines[1:]), lines
        assert not any(line[-1] == "（" for line in lines), lines
        # Latin runs narrower than the line stay whole.
        assert any("L-CNG" in line for line in lines) and any("K12+600" in ln for ln in lines)
    assert doc.wrap("", 20.0, 9.0) == [""]


def test_fit_widths_fill_the_line_and_keep_short_columns_whole(doc) -> None:
    from riskmap.brief.pdfdoc import Column, TableStyle

    cols = (Column("序号"), Column("隐患内容", align="L"), Column("整改期限"))
    rows = [[str(i), "林区防火通道被倒木阻断，" * (i % 5 + 1), "2026-11-01"] for i in range(30)]
    style = TableStyle(size=9.0)
    fitted = doc.fit_widths(cols, rows, style)
    assert sum(c.width for c in fitted) == pytest.approx(doc.text_width)
    for row in rows:  # dates and numbers never wrap; the long text takes the rest
        assert len(doc.wrap(row[2], fitted[2].width - 2 * style.padding_x, 9.0)) == 1
        assert len(doc.wrap(row[0], fitted[0].width - 2 * style.padding_x, 9.0)) == 1


def test_long_table_continues_on_new_pages_with_its_header(tmp_path) -> None:
    from riskmap.brief.pdfdoc import Column, PdfDoc, Styled, TableStyle

    d = PdfDoc("长表", dt.date(2026, 11, 1), footer_note="脚注")
    d.add_page()
    d.heading("长表测试", 16)
    cols = d.fit_widths(
        (Column("序号"), Column("内容", align="L")),
        [[str(i), "隐患"] for i in range(120)],
        TableStyle(),
    )
    d.data_table(cols, [[str(i), Styled(f"第{i}项隐患", bold=i % 2 == 0)] for i in range(120)])
    out = d.save(tmp_path / "long.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) > 1
    for page in reader.pages:
        body = re.sub(r"[\s\x00]+", "", page.extract_text())
        assert body.count("序号内容") == 1 and "脚注" in body
    assert re.sub(r"[\s\x00]+", "", reader.pages[-1].extract_text()).find("第119项隐患") >= 0
