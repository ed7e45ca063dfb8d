"""The fonts the PDFs embed: always the bundled faces, or the official font a site configured."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader

from riskmap.brief import fonts
from riskmap.brief.pdfdoc import PdfDoc
from riskmap.errors import RiskmapError
from riskmap.settings import save_setting

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "resources" / "fonts"


@pytest.fixture(autouse=True)
def fresh_fonts(monkeypatch):
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    fonts.clear_cache()
    yield
    fonts.clear_cache()


def _embedded(pdf: Path) -> set[str]:
    """BaseFont names of the fonts the pages use, without fpdf2's subset prefix (MPDFAA+)."""
    names = set()
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def _text(pdf: Path) -> str:
    # pypdf puts spaces between CJK glyphs and NULs for CIDs it maps through the embedded CMap.
    return re.sub(r"[\s\x00]+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))


def _write(path: Path, *, official: bool, text: str = "安全生产督办通知") -> Path:
    doc = PdfDoc("测试", dt.date(2026, 11, 1), official=official, page_numbers=False)
    doc.add_page()
    doc.paragraph(text, 12.0)
    return doc.save(path)


def _latin_only(tmp_path: Path) -> Path:
    """A real font file without a single Chinese glyph (the bundled sans, cut to ASCII)."""
    font = TTFont(FONTS / "RiskmapNotoSansSC-Regular.otf")
    sub = subset.Subsetter(subset.Options())
    sub.populate(unicodes=range(0x20, 0x7F))
    sub.subset(font)
    out = tmp_path / "Latin-Regular.otf"
    font.save(out)
    return out


def test_bundled_faces_are_shipped_with_their_licence() -> None:
    for name in fonts.BUNDLED_FILES:
        assert (FONTS / name).is_file(), name
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "OFL.txt").read_text(encoding="utf-8")
    total = sum((FONTS / n).stat().st_size for n in fonts.BUNDLED_FILES)
    assert total <= 30 * 2**20
    for name, family in (
        ("RiskmapNotoSansSC-Regular.otf", "Riskmap Noto Sans SC"),
        ("RiskmapNotoSerifSC-Bold.otf", "Riskmap Noto Serif SC"),
    ):
        with TTFont(FONTS / name, lazy=True) as font:
            assert font["name"].getDebugName(1) == family
            cmap = font.getBestCmap()
            # Level-3 characters of 通用规范汉字表, a GB 2312 symbol, and the app's own symbols.
            for ch in "䶮㑇鿍𬌗①℃㎡→●▲■Ⅳ、。《》":
                assert ord(ch) in cmap, (name, ch)


def test_bundled_faces_hold_the_whole_tongyong_table() -> None:
    listed = (ROOT / "tools" / "fonts" / "tongyong_8105.txt").read_text(encoding="utf-8")
    chars = [ln for ln in listed.splitlines() if ln and not ln.startswith("#")]
    assert len(set(chars)) == 8105
    # GB 2312's 6,763 hanzi: rows 0xB0-0xF7, but row 0xD7 ends at 0xF9.
    gb2312 = {
        bytes((hi, lo)).decode("gb2312")
        for hi in range(0xB0, 0xF8)
        for lo in range(0xA1, 0xFF)
        if not (hi == 0xD7 and lo > 0xF9)
    }
    assert len(gb2312) == 6763
    for name in fonts.BUNDLED_FILES:
        with TTFont(FONTS / name, lazy=True) as font:
            cmap = font.getBestCmap()
        assert [c for c in chars if ord(c) not in cmap] == [], name
        assert [c for c in gb2312 if ord(c) not in cmap] == [], name


def test_body_font_is_always_the_bundled_sans(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, str(tmp_path / "not-used-for-the-body.otf"))
    regular, bold = fonts.find_cjk_fonts()
    assert (regular.path, bold.path) == (
        FONTS / "RiskmapNotoSansSC-Regular.otf",
        FONTS / "RiskmapNotoSansSC-Bold.otf",
    )
    assert fonts.find_cjk_font() == regular


def test_pdfs_embed_the_bundled_faces(tmp_path) -> None:
    # fpdf2 names an embedded face by its full name without spaces.
    body = _write(tmp_path / "body.pdf", official=False)
    assert _embedded(body) == {"RiskmapNotoSansSC"}
    assert _text(body) == "安全生产督办通知"
    official = _write(tmp_path / "official.pdf", official=True)
    assert _embedded(official) == {"RiskmapNotoSerifSC"}
    assert _text(official) == "安全生产督办通知"


def test_official_font_from_the_setting_and_the_environment(monkeypatch, tmp_path) -> None:
    chosen = tmp_path / "Official-Regular.otf"
    chosen.write_bytes((FONTS / "RiskmapNotoSansSC-Regular.otf").read_bytes())
    save_setting(fonts.SETTING, str(chosen))
    try:
        regular, bold = fonts.official_fonts()
        assert regular == fonts.FontFile(chosen, 0)
        assert bold == regular  # no Official-Bold.otf beside it
        (tmp_path / "Official-Bold.otf").write_bytes(
            (FONTS / "RiskmapNotoSansSC-Bold.otf").read_bytes()
        )
        fonts.clear_cache()
        assert fonts.official_fonts()[1].path == tmp_path / "Official-Bold.otf"
        assert _embedded(_write(tmp_path / "n.pdf", official=True)) == {"RiskmapNotoSansSC"}
        # The environment wins over the setting.
        monkeypatch.setenv(fonts.ENV_VAR, str(FONTS / "RiskmapNotoSerifSC-Bold.otf"))
        assert fonts.official_fonts()[0].path.name == "RiskmapNotoSerifSC-Bold.otf"
    finally:
        save_setting(fonts.SETTING, None)
    monkeypatch.delenv(fonts.ENV_VAR)
    assert fonts.official_fonts()[0].path == FONTS / "RiskmapNotoSerifSC-Regular.otf"


def test_a_configured_font_that_cannot_write_chinese_is_an_error(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, str(tmp_path / "missing.ttf"))
    with pytest.raises(RiskmapError, match=r"missing\.ttf \(set in \$RISKMAP_PDF_FONT\) is not"):
        fonts.official_fonts()
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    monkeypatch.setenv(fonts.ENV_VAR, str(bad))
    with pytest.raises(RiskmapError, match="cannot read font"):
        fonts.official_fonts()
    monkeypatch.delenv(fonts.ENV_VAR)
    save_setting(fonts.SETTING, str(_latin_only(tmp_path)))
    try:
        with pytest.raises(RiskmapError, match=r"set in the setting 'pdf_font'.*no Chinese glyphs"):
            fonts.official_fonts()
        with pytest.raises(RiskmapError, match="no Chinese glyphs"):
            PdfDoc("测试", dt.date(2026, 11, 1), official=True)
    finally:
        save_setting(fonts.SETTING, None)


def test_a_collection_gives_its_simplified_chinese_faces(monkeypatch, tmp_path) -> None:
    ttc = tmp_path / "Pair.ttc"
    collection = TTCollection()
    collection.fonts = [
        TTFont(FONTS / "RiskmapNotoSerifSC-Bold.otf"),
        TTFont(FONTS / "RiskmapNotoSerifSC-Regular.otf"),
    ]
    collection.save(ttc)
    monkeypatch.setenv(fonts.ENV_VAR, str(ttc))
    regular, bold = fonts.official_fonts()
    assert (regular, bold) == (fonts.FontFile(ttc, 1), fonts.FontFile(ttc, 0))


def test_a_missing_bundle_says_to_reinstall(monkeypatch, tmp_path) -> None:
    from riskmap import paths

    monkeypatch.setattr(paths, "_candidates", lambda: [tmp_path])
    with pytest.raises(RiskmapError, match=r"bundled fonts are missing.*reinstall riskmap"):
        fonts.find_cjk_fonts()
    partial = tmp_path / "resources" / "fonts"
    partial.mkdir(parents=True)
    for name in fonts.SANS_FILES:
        (partial / name).write_bytes((FONTS / name).read_bytes())
    with pytest.raises(RiskmapError, match=r"\(RiskmapNotoSerifSC-Regular\.otf, RiskmapNotoSerif"):
        fonts.official_fonts()
    with pytest.raises(RiskmapError, match="reinstall riskmap"):
        fonts.find_cjk_fonts()  # the serif is missing: the installation is broken as a whole


# Characters the project writes that no Noto CJK face draws (a font subset cannot add them):
# ✗ in the import preview (Qt falls back to another font for it), ˚ accepted in coordinates.
NOT_IN_NOTO = {"\u2717", "\u02da"}


def test_every_character_the_project_writes_is_in_the_bundled_faces() -> None:
    used: set[str] = set()
    for folder, pattern in (("layers", "*.toml"), ("riskmap", "*.py"), ("resources/i18n", "*.ts")):
        for path in (ROOT / folder).rglob(pattern):
            used |= {c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F}
    used = {c for c in used if c.isprintable()} - NOT_IN_NOTO
    assert len(used) > 1000  # the scan saw the Chinese UI
    for name in fonts.BUNDLED_FILES:
        with TTFont(FONTS / name, lazy=True) as font:
            cmap = font.getBestCmap()
        missing = "".join(sorted(c for c in used if ord(c) not in cmap))
        assert not missing, f"{name} lacks {missing}: rerun tools/fonts/make_fonts.py"
