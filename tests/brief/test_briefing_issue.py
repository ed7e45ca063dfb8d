"""A briefing issued as a 简报: the office and marking of the document settings on its masthead,
its 期号 from the register (one more each time, none taken by a failed or draft briefing), the
工作要求 as edited, read back from the PDF and the HTML."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_briefing import _page_texts
from test_cli import run

from riskmap.brief import briefing_context, build_briefing
from riskmap.core.documents import (
    load_document_settings,
    register,
    save_document_settings,
)
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

OFFICE = "青岚市安全生产委员会办公室（值班室）"
EDITOR = Actor("zhangwei", "editor", "张伟")
FORMATS = ("pdf", "html", "xlsx")


@pytest.fixture
def ws(demo_copy: str):
    store = open_store(demo_copy)
    settings = load_document_settings(store)
    save_document_settings(
        store,
        type(settings)(**{**settings.__dict__, "office": OFFICE, "marking": "内部资料 注意保存"}),
        Actor("admin", "admin"),
    )
    w = Workspace.load(store)
    yield w
    store.dispose()


def test_each_issued_briefing_takes_the_next_number(ws, demo_anchor: dt.date, tmp_path) -> None:
    numbers = []
    for n in (1, 2):
        out = build_briefing(ws, "清明", 2027, out_dir=tmp_path / str(n), formats=FORMATS,
                             as_of=demo_anchor, actor=EDITOR)  # fmt: skip
        cover = _page_texts(out["pdf"])[0]
        assert "内部资料注意保存" in cover and re.sub(r"\s", "", OFFICE) in cover
        found = re.search(r"第(\d+)期", cover)
        assert found is not None
        numbers.append(int(found.group(1)))
        page = out["html"].read_text(encoding="utf-8")
        assert f"<p class='issue'>第{n}期</p>" in page and OFFICE in page
        assert "@media print" in page and "@page { size: A4" in page
        assert "beforeprint" in page  # lists opened and the map refitted for printing
        facts = {
            r[0]: r[1] for r in load_workbook(out["xlsx"])["简报信息"].iter_rows(values_only=True)
        }
        assert (facts["期号"], facts["编制单位"]) == (f"第{n}期", OFFICE)
        if n == 1:
            b = briefing_context(ws, "清明", 2027, as_of=demo_anchor)
            # The patrol areas and the gaps are layers of the map, and the gap list runs
            # county by county, each with its count.
            for name in (
                f"节日期间巡查区域（{len(b.patrol_areas)}）",
                f"巡查覆盖缺口（{len(b.gaps)}）",
            ):
                assert json.dumps(name)[1:-1] in page, name  # the layer control's script
            for row in b.districts:
                k = len(b.gaps_of(row.code))
                if k:
                    assert f"<h3>{row.name}：{k} 处</h3>" in page
            assert "总体研判" in page and "工作要求" in page
    assert numbers == [1, 2]
    # A draft takes none; a briefing that fails to be written takes none either (no gap).
    draft = build_briefing(ws, "清明", 2027, out_dir=tmp_path / "d", formats=("pdf",),
                           as_of=demo_anchor)  # fmt: skip
    assert "草稿，未编号" in _page_texts(draft["pdf"])[0]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises((RiskmapError, OSError)):
        build_briefing(ws, "清明", 2027, out_dir=blocker, formats=("pdf",), as_of=demo_anchor,
                       actor=EDITOR)  # fmt: skip
    issued = register(ws.store, "briefing", demo_anchor.year)
    assert [r.number for r in issued] == [1, 2]
    assert {r.issued_by for r in issued} == {"zhangwei"}
    third = build_briefing(ws, "清明", 2027, out_dir=tmp_path / "3", formats=("pdf",),
                           as_of=demo_anchor, actor=EDITOR)  # fmt: skip
    assert "第3期" in _page_texts(third["pdf"])[0]


def test_the_requirements_as_edited_and_the_assessment_are_printed(
    ws, demo_anchor: dt.date, tmp_path
) -> None:
    mine = ["各县区于节前三天报送排查情况。", "未销号重大隐患逐项明确包保领导。"]
    out = build_briefing(ws, "qingming", 2027, out_dir=tmp_path, formats=("pdf",),
                         as_of=demo_anchor, requirements=mine)  # fmt: skip
    text = "".join(_page_texts(out["pdf"]))
    assert "（一）各县区于节前三天报送排查情况。" in text
    assert "（二）未销号重大隐患逐项明确包保领导。" in text
    assert "严格野外火源管控" not in text  # the preset's own, replaced by the edit
    # The preset's season text, its placeholders filled (none left as typed).
    assert "森林火险等级四级及以上的防火区" in text and "{sites_" not in text
    assert "未列出" not in text


def test_the_cli_issues_for_an_editor_and_drafts_for_a_viewer(demo_copy: str, tmp_path) -> None:
    for user, expected in (("zhangwei", "第1期"), ("wall", "草稿，未编号"), ("lina", "第2期")):
        out = tmp_path / user
        proc = run("brief", "--preset", "清明", "--db", demo_copy, "--out", str(out),
                   "--as-of", "2026-11-01", "--formats", "pdf", "--user", user)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        (pdf,) = Path(out).glob("*.pdf")
        assert expected in _page_texts(pdf)[0], user
