"""督办通知: the notice data against independent SQL, and the one-page PDF read back with pypdf."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from pdftext import pdf_text
from pypdf import PdfReader
from sqlalchemy import bindparam, text

from riskmap.brief.notice_pdf import issue_notice_pdf, write_notice_pdf
from riskmap.core.documents import DocumentSettings, save_document_settings
from riskmap.core.notice import (
    REPLY_DAYS,
    REPLY_DAYS_MAJOR_OVERDUE,
    NoticeItem,
    find_unit,
    unit_notice,
)
from riskmap.errors import RiskmapError
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

ADMIN = Actor("admin", "admin", "管理员")
# The smallest PNG: signature, IHDR 1×1 grey, IDAT, IEND.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c63600000000200015e3a3d6b0000000049454e44ae426082"
)
EDITOR = Actor("zhangwei", "editor", "张伟")

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


def test_authority_contact_and_number_come_from_the_settings(demo_copy, demo_anchor) -> None:
    store = open_store(demo_copy)
    try:
        city = store.meta["city_name"]
        uid = 1
        n = unit_notice(store, uid, demo_anchor)
        # Unset settings: the city's office, and 代字 from the city's first character.
        assert n.authority == f"{city}安全生产委员会办公室"
        assert n.number == f"{city[0]}安办督〔{demo_anchor.year}〕\u3000号" and n.draft
        mine = DocumentSettings(
            office="东川县安全生产委员会办公室",
            contact_person="周敏",
            contact_phone="0736-5551234",
            number_prefix="东安办督",
        )
        save_document_settings(store, mine, ADMIN)
        n = unit_notice(store, uid, demo_anchor, serial=7)
        assert n.authority == "东川县安全生产委员会办公室"
        assert n.number == f"东安办督〔{demo_anchor.year}〕7号"
        assert n.settings.contact_person == "周敏"
        assert n.cc[0] == "东川县人民政府"  # a county's office copies its government
    finally:
        store.dispose()


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

NUMBER = re.compile(r"〔(\d{4})〕(\d+)号")


def _all_text(pdf: Path) -> tuple[int, str]:
    return pdf_text(pdf)


def _open_count(store, uid: int, as_of: dt.date) -> int:
    with store.engine.connect() as c:
        return c.execute(
            text(
                "SELECT COUNT(*) FROM rectifications r JOIN hazards h ON h.id = r.hazard_id"
                " WHERE r.unit_id = :u AND r.status <> 'verified' AND h.found_on <= :d"
            ),
            {"u": uid, "d": as_of.isoformat()},
        ).scalar_one()


def test_a_unit_with_31_open_items_gets_all_31_listed(demo_copy, tmp_path, demo_anchor) -> None:
    store = open_store(demo_copy)
    try:
        save_document_settings(
            store,
            DocumentSettings(
                office="青岚市安全生产委员会办公室",
                contact_person="王建国",
                contact_phone="0736-1234567",
                number_prefix="青安办督",
            ),
            ADMIN,
        )
        # Give one unit exactly 31 open items: the first 31 open orders of the city.
        with store.engine.begin() as c:
            ids = (
                c.execute(
                    text(
                        "SELECT r.id FROM rectifications r JOIN hazards h ON h.id = r.hazard_id"
                        " WHERE r.status <> 'verified' AND h.found_on <= :d ORDER BY r.id LIMIT 31"
                    ),
                    {"d": demo_anchor.isoformat()},
                )
                .scalars()
                .all()
            )
            uid = c.execute(text("SELECT MAX(id) FROM units")).scalar_one()
            c.execute(
                text("UPDATE rectifications SET unit_id = NULL WHERE unit_id = :u"), {"u": uid}
            )
            assign = text("UPDATE rectifications SET unit_id = :u WHERE id IN :ids")
            c.execute(assign.bindparams(bindparam("ids", expanding=True)), {"u": uid, "ids": ids})
            unit_person = c.execute(
                text("SELECT contact_person FROM units WHERE id = :u"), {"u": uid}
            ).scalar_one()
        assert len(ids) == 31 and _open_count(store, uid, demo_anchor) == 31
        notice, out = issue_notice_pdf(store, uid, demo_anchor, EDITOR, tmp_path / "n.pdf")
        pages, body = _all_text(out)
        assert pages > 1
        assert "未列出" not in body and "另有" not in body
        # Every item: each description as often as the unit's items carry it.
        assert len(notice.items) == 31
        for desc in {i.description for i in notice.items}:
            want = sum(i.description == desc for i in notice.items)
            assert body.count(desc) >= want, desc
        # One row per item: each deadline (a date never wrapped in its cell) as often as the items
        # have it, and each site's name as its cell's first line begins it.
        for day in {i.deadline for i in notice.items}:
            assert body.count(day.isoformat()) == sum(i.deadline == day for i in notice.items)
        for item in notice.items:
            assert item.site_name[:3] in body
        assert "逾期天数" in body and "剩余天数" in body
        assert "（共31项）" in body
        # The office's contact, not the recipient's own person.
        assert "联系人：王建国" in body and "0736-1234567" in body
        if unit_person:
            assert f"联系人：{unit_person}" not in body
        m = NUMBER.search(body)
        assert m is not None and int(m.group(1)) == demo_anchor.year
        assert f"青安办督〔{demo_anchor.year}〕{m.group(2)}号" in body
        assert "内部资料" in body  # the default marking
    finally:
        store.dispose()


def test_two_notices_never_share_a_number_and_a_draft_takes_none(
    demo_copy, tmp_path, demo_anchor
) -> None:
    store = open_store(demo_copy)
    try:
        draft = write_notice_pdf(unit_notice(store, 1, demo_anchor), tmp_path / "draft.pdf")
        _, body = _all_text(draft)
        assert NUMBER.search(body) is None and "预览稿" in body
        seen = []
        for uid in (1, 2, 1):
            _, out = issue_notice_pdf(store, uid, demo_anchor, EDITOR, tmp_path / f"{uid}.pdf")
            _, body = _all_text(out)
            seen.append(int(NUMBER.search(body).group(2)))
            assert "预览稿" not in body
        assert seen == [1, 2, 3]
        with store.engine.connect() as c:
            audited = c.execute(
                text("SELECT COUNT(*) FROM audit_events WHERE \"table\" = 'document_numbers'")
            ).scalar_one()
        assert audited == 3
    finally:
        store.dispose()


def test_a_notice_that_cannot_be_written_takes_no_number(demo_copy, tmp_path, demo_anchor):
    store = open_store(demo_copy)
    try:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        with pytest.raises(RiskmapError, match="cannot write"):
            issue_notice_pdf(store, 1, demo_anchor, EDITOR, blocker / "under_a_file.pdf")
        _, out = issue_notice_pdf(store, 1, demo_anchor, EDITOR, tmp_path / "ok.pdf")
        assert f"〔{demo_anchor.year}〕1号" in _all_text(out)[1]
    finally:
        store.dispose()


def test_the_seal_image_is_placed_when_set(demo_copy, tmp_path, demo_anchor) -> None:
    store = open_store(demo_copy)
    try:
        save_document_settings(store, DocumentSettings(seal_png=PNG), ADMIN)
        _, out = issue_notice_pdf(store, 1, demo_anchor, EDITOR, tmp_path / "sealed.pdf")
        page = PdfReader(out).pages[0]
        images = [k for k, v in page["/Resources"].get("/XObject", {}).items()
                  if v.get_object()["/Subtype"] == "/Image"]  # fmt: skip
        assert len(images) == 1
    finally:
        store.dispose()


def test_font_is_embedded(store, counts, tmp_path, demo_anchor) -> None:
    n = unit_notice(store, _medium_unit(counts), demo_anchor)
    out = write_notice_pdf(n, tmp_path / "n.pdf")
    for page in PdfReader(out).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in desc or "/FontFile3" in desc


def test_a_very_long_list_continues_with_its_header(store, counts, tmp_path, demo_anchor):
    n = unit_notice(store, max(counts, key=lambda u: counts[u][0]), demo_anchor)
    long_item = dataclasses.replace(n.items[0], description="防火隔离带杂草未清理，" * 8)
    items: tuple[NoticeItem, ...] = (long_item, *n.items) * 6
    big = dataclasses.replace(n, items=items, open=len(items))
    reader = PdfReader(write_notice_pdf(big, tmp_path / "big.pdf"))
    assert len(reader.pages) > 3
    annex = [re.sub(r"[\s\x00]+", "", p.extract_text()) for p in reader.pages[1:]]
    assert all("序号风险点" in page for page in annex)
    assert f"（共{len(items)}项）" in _all_text(tmp_path / "big.pdf")[1]
    assert "未列出" not in "".join(annex)


def test_unit_with_nothing_open(store, counts, unit_names, tmp_path, demo_anchor) -> None:
    uid = min(u for u in unit_names if u not in counts)
    n = unit_notice(store, uid, demo_anchor)
    assert n.items == () and n.open == n.overdue == n.major == 0
    pages, body = _all_text(write_notice_pdf(n, tmp_path / "empty.pdf"))
    assert pages == 1
    assert "无未销号整改事项" in body and n.unit.name in body and "附件" not in body


def test_same_notice_same_bytes(store, counts, tmp_path, demo_anchor) -> None:
    n = unit_notice(store, _medium_unit(counts), demo_anchor)
    a = write_notice_pdf(n, tmp_path / "a.pdf").read_bytes()
    b = write_notice_pdf(n, tmp_path / "a.pdf").read_bytes()  # overwritten in place
    assert a == b
    meta = PdfReader(tmp_path / "a.pdf").metadata
    assert meta is not None and meta.author == "riskmap"
    assert meta.creation_date is not None and meta.creation_date.date() == demo_anchor
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]  # no temp file left


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


def test_notices_issued_at_once_on_postgis_never_share_a_number(
    demo_pg_copy: str, tmp_path: Path, demo_anchor: dt.date
) -> None:
    """Seats issuing notices at the same moment, each with its own connection."""
    import threading

    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def seat(i: int) -> None:
        store = open_store(demo_pg_copy)
        try:
            for j in range(2):
                out = tmp_path / f"{i}_{j}.pdf"
                notice, _ = issue_notice_pdf(store, i + 1, demo_anchor, EDITOR, out)
                m = NUMBER.search(pdf_text(out)[1])
                with lock:
                    got.append(int(m.group(2)))
                    assert notice.serial == int(m.group(2))
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.dispose()

    threads = [threading.Thread(target=seat, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(got) == [1, 2, 3, 4, 5, 6]
