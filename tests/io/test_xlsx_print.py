"""Every XLSX riskmap writes prints on A4 with all its columns on the page.

LibreOffice converts each workbook to PDF, as a unit printing it would; the PDF's pages must be
A4 and every page of a sheet must carry the sheet's whole header row (fit to width, the header
repeated). Skipped when LibreOffice is not installed, except in CI, where it must be.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pypdf import PdfReader

from riskmap.brief.context import briefing_context
from riskmap.brief.xlsx import write_xlsx as write_briefing_xlsx
from riskmap.core.patrol import load_patrols
from riskmap.io.duties_xlsx.export import export_duties
from riskmap.io.export import export_layer
from riskmap.io.ledger_xlsx.export import export_ledger
from riskmap.io.patrol_export import patrol_unit_names, write_roster_xlsx
from riskmap.io.tables import write_xlsx

ROOT = Path(__file__).resolve().parents[2]
A4_PT = (595.3, 841.9)  # 210 × 297 mm in PDF points
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _need_soffice() -> str:
    if SOFFICE:
        return SOFFICE
    reason = "LibreOffice (soffice) is not installed; apt-get install libreoffice-calc-nogui"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def workbooks(demo_ws, demo_anchor: dt.date, tmp_path_factory) -> dict[str, Path]:
    """One workbook from each of riskmap's XLSX writers, written from the demo city."""
    out = tmp_path_factory.mktemp("xlsx")
    store = demo_ws.store
    files = {
        "ledger": out / "ledger.xlsx",
        "duties": out / "duties.xlsx",
        "briefing": out / "briefing.xlsx",
        "roster": out / "roster.xlsx",
        "layer": out / "layer.xlsx",
        "table": out / "table.xlsx",
    }
    export_ledger(store, files["ledger"], as_of=demo_anchor)
    export_duties(store, files["duties"], demo_ws.catalog)
    b = briefing_context(demo_ws, "qingming", 2026, as_of=demo_anchor)
    write_briefing_xlsx(b, files["briefing"])
    patrols = load_patrols(store)
    write_roster_xlsx(patrols, files["roster"], patrol_unit_names(store, patrols))
    export_layer(demo_ws, files["layer"], "chemical_plants")
    # A narrow table: two short columns print upright.
    write_xlsx(files["table"], {"窄表": (("编号", "名称"), [[i, f"第{i}行"] for i in range(200)])})
    return files


@pytest.fixture(scope="module")
def pdfs(workbooks: dict[str, Path], tmp_path_factory) -> dict[str, Path]:
    soffice = _need_soffice()
    out = tmp_path_factory.mktemp("pdf")
    # The bundled CJK fonts for LibreOffice: the machine may have none, and a page of missing
    # glyphs has no text to check.
    conf = out / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{ROOT / 'resources' / 'fonts'}</dir><cachedir>{out / 'fc'}</cachedir>"
        "</fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    cmd = [
        soffice,
        f"-env:UserInstallation={(out / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, workbooks.values()),
    ]
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=600)
    result = {k: out / (p.stem + ".pdf") for k, p in workbooks.items()}
    missing = [k for k, p in result.items() if not p.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return result


def _visible_headers(ws) -> list[str]:
    return [
        str(ws.cell(row=1, column=j).value)
        for j in range(1, ws.max_column + 1)
        if not ws.column_dimensions[get_column_letter(j)].hidden
        and ws.cell(row=1, column=j).value is not None
    ]


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("kind", ["ledger", "duties", "briefing", "roster", "layer", "table"])
def test_each_workbook_prints_on_a4_with_every_column(kind, workbooks, pdfs) -> None:
    reader = PdfReader(pdfs[kind])
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((w, h)) == pytest.approx(A4_PT, abs=1.5), (kind, w, h)
    pages = [_squash(p.extract_text()) for p in reader.pages]
    wb = load_workbook(workbooks[kind])
    headed = [ws for ws in wb.worksheets if ws.print_title_rows]
    assert headed, kind
    for ws in headed:
        headers = _visible_headers(ws)
        # The page header names the sheet; each of its pages holds the whole header row.
        own = [t for t in pages if t.startswith(_squash(ws.title)) and _squash(headers[0]) in t]
        assert own, (kind, ws.title)
        for text in own:
            missing = [h for h in headers if _squash(h) not in text]
            assert not missing, (kind, ws.title, missing)
    # 第 N 页 共 M 页 on every page, M the PDF's own page count for the workbook.
    assert all(f"共{len(pages)}页" in t for t in pages), kind


def test_wide_sheets_turn_landscape_narrow_ones_stay_upright(workbooks, pdfs) -> None:
    ledger = PdfReader(pdfs["ledger"]).pages[0]
    assert ledger.mediabox.width > ledger.mediabox.height  # 28 columns
    narrow = PdfReader(pdfs["table"])
    assert all(p.mediabox.width < p.mediabox.height for p in narrow.pages)
    # 200 rows of a narrow table on A4: more than one page, each with the header repeated.
    assert len(narrow.pages) > 1
    for page in narrow.pages:
        assert "编号" in page.extract_text() and "名称" in page.extract_text()


def test_the_page_setup_is_in_the_file(workbooks) -> None:
    # What Excel and WPS read (LibreOffice aside): A4, fit to one page wide, titles, footer.
    for kind, path in workbooks.items():
        for ws in load_workbook(path).worksheets:
            assert int(ws.page_setup.paperSize) == 9, (kind, ws.title)  # 9: A4 in OOXML
            assert ws.sheet_properties.pageSetUpPr.fitToPage, (kind, ws.title)
            assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
            assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
            assert ws.oddHeader.center.text == "&A"
