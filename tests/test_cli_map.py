"""`riskmap map` as a user runs it: the page read back (text, fonts) and the PNG's size."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from test_cli import assert_one_line_error, run


def _squash(text: str) -> str:
    return re.sub(r"[\s\x00]+", "", text)


def test_pdf_page_has_title_legend_scale_date_and_embedded_fonts(
    demo_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "岚城区.pdf"
    proc = run("map", "--db", demo_url, "--district", "岚城区", "--out", str(out),
               "--title", "岚城区五一安全风险图", "--as-of", "2026-11-01")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    # A4 landscape: 297 × 210 mm in points.
    assert round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595
    text = _squash(page.extract_text())
    needles = ("岚城区五一安全风险图", "图例", "危化品企业", "人员密集场所", "应急资源",
               "重大隐患（未销号）", "乡镇（街道）界", "数据截至：2026-11-01", "北")  # fmt: skip
    for needle in needles:
        assert needle in text, needle
    bar = re.search(r"比例尺条(\d+(?:\.\d+)?)(k?m)", text)
    assert bar is not None and float(bar[1]) in (1, 2, 2.5, 5, 10, 20, 25, 50, 100), text
    scale = re.search(r"比例尺1:([\d,]+)", text)
    assert scale is not None and 10_000 < int(scale[1].replace(",", "")) < 2_000_000
    fonts = []
    for f in page["/Resources"]["/Font"].values():
        font = f.get_object()
        desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        fonts.append((str(font["/BaseFont"]), "/FontFile2" in desc or "/FontFile3" in desc))
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)


def test_png_size_follows_the_dpi(demo_url: str, tmp_path: Path) -> None:
    from PIL import Image

    sizes = {}
    for dpi in (60, 120):
        out = tmp_path / f"city_{dpi}.png"
        proc = run("map", "--db", demo_url, "--preset", "五一", "--out", str(out),
                   "--dpi", str(dpi))  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        with Image.open(out) as im:
            sizes[dpi] = im.size
            assert round(im.info["dpi"][0]) == dpi
    # A4 landscape, 297 × 210 mm: 297 / 25.4 × 60 = 701.6 px.
    assert sizes[60] == (702, 496)
    assert sizes[120] == (1403, 992)


def test_refusals_are_one_line(demo_url: str, tmp_path: Path) -> None:
    assert_one_line_error(
        run("map", "--db", demo_url, "--out", str(tmp_path / "x.jpg")), ".pdf or .png"
    )
    assert_one_line_error(
        run("map", "--db", demo_url, "--out", str(tmp_path / "x.png"), "--dpi", "5"), "--dpi 5"
    )
    assert_one_line_error(
        run("map", "--db", demo_url, "--out", str(tmp_path / "x.png"), "--bbox", "1,2,3"),
        "MINLON",
    )
    assert not list(tmp_path.iterdir())
