"""The official fonts a document's settings name: found among the machine's fonts by face
name, used for the notice when present, the bundled serif (and a note) when not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from riskmap.brief import fonts
from riskmap.brief.fonts import (
    SERIF_FILES,
    bundled_dir,
    document_faces,
    installed_official_fonts,
    official_font_choices,
)
from riskmap.brief.notice_pdf import render_notice
from riskmap.core.documents import DocumentSettings
from riskmap.core.notice import unit_notice
from riskmap.store.engine import open_store


@pytest.fixture(scope="module")
def font_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a face named 仿宋_GB2312 (the bundled serif under that name) and a file
    that is no font at all."""
    folder = tmp_path_factory.mktemp("fonts")
    font = TTFont(bundled_dir() / SERIF_FILES[0])
    name = font["name"]
    for nid in (1, 4, 16):
        name.removeNames(nameID=nid)
    name.setName("仿宋_GB2312", 1, 3, 1, 0x804)
    name.setName("FangSong_GB2312", 4, 3, 1, 0x409)
    name.setName("FangSong_GB2312", 6, 3, 1, 0x409)
    (folder / "sub").mkdir()
    font.save(folder / "sub" / "fangsong.otf")
    font.close()
    (folder / "broken.ttf").write_bytes(b"not a font")
    return folder


def test_installed_faces_are_found_by_name(font_dir: Path) -> None:
    found = installed_official_fonts([font_dir])
    assert set(found) == {"仿宋_GB2312", "FangSong_GB2312"}
    assert found["仿宋_GB2312"].path == font_dir / "sub" / "fangsong.otf"
    assert official_font_choices([font_dir]) == ([], ["仿宋_GB2312", "FangSong_GB2312"])
    assert installed_official_fonts([font_dir / "sub" / "nothing"]) == {}


def test_a_named_face_is_used_when_present_and_said_missing_when_not(font_dir: Path) -> None:
    faces = document_faces("方正小标宋简体", "仿宋_GB2312", dirs=[font_dir])
    assert faces.body.path == font_dir / "sub" / "fangsong.otf"
    assert faces.title.path.name == SERIF_FILES[1]  # the bundled serif stands in
    assert faces.missing == ("方正小标宋简体",)
    plain = document_faces(None, None)
    assert [f.path.name for f in plain[:3]] == [SERIF_FILES[1], SERIF_FILES[0], SERIF_FILES[1]]
    assert plain.missing == ()


def test_the_notice_embeds_the_named_body_face(
    font_dir: Path, demo_url: str, demo_anchor: dt.date, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [font_dir])
    store = open_store(demo_url)
    try:
        settings = DocumentSettings(office="青岚市安全生产委员会办公室", body_font="仿宋_GB2312")
        notice = unit_notice(store, 1, demo_anchor, settings=settings)
    finally:
        store.dispose()
    doc = render_notice(notice)
    assert doc.missing_fonts == ()
    out = doc.save(tmp_path / "n.pdf")
    fonts_by_object = {
        ref.idnum: str(ref.get_object()["/BaseFont"])
        for page in PdfReader(out).pages
        for ref in page["/Resources"]["/Font"].values()
    }
    names = list(fonts_by_object.values())
    assert "/MPDFAA+仿宋_GB2312" in names, names
    assert len(set(names)) == len(names)  # each face embedded once: no two share a name
