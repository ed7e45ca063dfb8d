"""`riskmap --self-check`: what an IT desk runs after installing, from a source tree or a bundle.

Each step exercises one part an installation can lose (the demo data, PROJ's and GDAL's data
files, the Qt platform plugin, the translations, a CJK font, the briefing's HTML and PDF writers)
on a temporary copy of the demo city, and prints one line: OK or FAIL, the step, its time and
what it saw. A failing step does not stop the others, unless they need what it should have made,
so one run shows everything that is missing. Nothing is written outside a temporary folder: the
bundle may be read-only, and the user's own database and settings are not the check's business.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from riskmap import __version__

if TYPE_CHECKING:
    from riskmap.core.region import Region
    from riskmap.core.workspace import Workspace

# A district-sized circle around the city's centre: enough sites for a real dossier, and a query
# the index answers in milliseconds.
CIRCLE_RADIUS_M = 5000.0
MAP_SIZE = (800, 600)
RENDER_TIMEOUT_MS = 30_000
# A season preset: its dates follow a fixed rule, so the check never depends on how many years
# the holiday calendar package knows.
BRIEF_PRESET = "flood_season"
# PROJ check: 105°E is the central meridian of EPSG:4544, where x is the false easting.
PROJ_PROBE = (105.0, 36.0, "EPSG:4544", 500_000.0)


@dataclass
class _State:
    """What the steps hand on to each other."""

    tmp: Path
    lang: str
    ws: Workspace | None = None
    region: Region | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Step:
    name: str
    run: Callable[[_State], str]
    needs_ws: bool = False


def run(out: TextIO | None = None, *, lang: str = "zh") -> int:
    """Run every step and print its line to `out` (default: stdout); 0 when all passed, else 1.

    `lang` is the language of the map labels (zh also proves that Chinese renders).
    """
    stream = out if out is not None else _stdout()
    started = time.perf_counter()
    where = _where()
    print(f"riskmap {__version__} self-check ({where})", file=stream, flush=True)
    failed: list[str] = []
    steps = (
        _Step("versions", _versions),
        _Step("demo database", _demo_database),
        _Step("region query", _region_query, needs_ws=True),
        _Step("PROJ", _proj),
        _Step("GDAL", _gdal),
        _Step("CJK font", _cjk_font),
        _Step("map render", _map_render, needs_ws=True),
        _Step("translations", _translations),
        _Step("briefing", _briefing, needs_ws=True),
    )
    # ignore_cleanup_errors: on Windows a file still held open must not turn a pass into a crash.
    with tempfile.TemporaryDirectory(prefix="riskmap-selfcheck-", ignore_cleanup_errors=True) as d:
        state = _State(tmp=Path(d), lang=lang)
        try:
            for step in steps:
                if step.needs_ws and state.ws is None:
                    _line(stream, "SKIP", step.name, None, "needs the demo database")
                    failed.append(step.name)
                    continue
                clock = time.perf_counter()
                try:
                    detail = step.run(state)
                except Exception as exc:
                    _line(stream, "FAIL", step.name, time.perf_counter() - clock, _error(exc))
                    for frame in traceback.format_exception(exc, limit=-4)[1:]:
                        for text in frame.rstrip().splitlines():
                            print(f"       {text}", file=stream)
                    failed.append(step.name)
                else:
                    _line(stream, "OK", step.name, time.perf_counter() - clock, detail)
        finally:
            if state.ws is not None:
                state.ws.store.dispose()  # before the folder goes: Windows keeps open files
    total = time.perf_counter() - started
    if failed:
        print(f"FAIL ({', '.join(failed)}) in {total:.1f} s", file=stream, flush=True)
        return 1
    print(f"OK riskmap {__version__} in {total:.1f} s", file=stream, flush=True)
    return 0


# --------------------------------------------------------------------------------- output


def _stdout() -> TextIO:
    # A windowed Windows executable has no stdout at all; the check must still return its code.
    if sys.stdout is None:
        import io

        return io.StringIO()
    # A console in a legacy code page cannot print the city's Chinese name: a step must not
    # fail on its own report.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    return sys.stdout


def _where() -> str:
    if getattr(sys, "frozen", False):
        return f"bundle {Path(sys.executable).resolve().parent}"
    return f"Python package {Path(__file__).resolve().parent}"


def _line(out: TextIO, status: str, name: str, seconds: float | None, detail: str) -> None:
    took = f"{seconds:6.2f} s" if seconds is not None else " " * 8
    print(f"{status:<4} {name:<14} {took}  {detail}", file=out, flush=True)


def _error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


# ---------------------------------------------------------------------------------- steps


def _versions(_state: _State) -> str:
    # Imported here, one by one, so that a part missing from a bundle fails this step by name.
    import folium
    import fpdf
    import numpy
    import pyogrio
    import pyproj
    import pyqtgraph
    import PySide6
    import shapely
    from PySide6 import QtCore

    parts = [
        f"riskmap {__version__}",
        f"Python {platform.python_version()}",
        f"PySide6 {PySide6.__version__} (Qt {QtCore.qVersion()})",
        f"pyqtgraph {pyqtgraph.__version__}",
        f"numpy {numpy.__version__}",
        f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string})",
        f"pyproj {pyproj.__version__} (PROJ {pyproj.proj_version_str})",
        f"pyogrio {pyogrio.__version__} (GDAL {pyogrio.__gdal_version_string__})",
        f"SQLite {sqlite3.sqlite_version}",
        f"fpdf2 {fpdf.__version__}",
        f"folium {folium.__version__}",
    ]
    return ", ".join(parts)


def _demo_database(state: _State) -> str:
    from riskmap.core.workspace import Workspace
    from riskmap.demo.install import init_db

    # init_db reads the bundled file read-only and writes the copy into the temporary folder.
    url = f"sqlite:///{(state.tmp / 'selfcheck.sqlite').as_posix()}"
    store = init_db(url, admin="selfcheck")
    try:
        ws = Workspace.load(store)
    except BaseException:
        store.dispose()
        raise
    state.ws = ws
    if not len(ws.sites) or ws.city() is None:
        raise RuntimeError(f"the demo city is empty ({len(ws.sites)} sites, no city district)")
    return f"{store.city_name}: {len(ws.sites):,} sites, {len(ws.districts)} districts"


def _region_query(state: _State) -> str:
    from riskmap.core.dossier import build
    from riskmap.core.region import Region

    ws = _ws(state)
    city = ws.city()
    assert city is not None  # _demo_database checked it
    centre = city.geom.representative_point()  # inside the city even if its outline is concave
    region = Region.from_circle(centre.x, centre.y, CIRCLE_RADIUS_M, ws.crs)
    dossier = build(ws, region)
    state.region = region
    c = dossier.totals.overall
    if c.sites == 0:
        raise RuntimeError(f"no site in the {region.label}")
    return (
        f"{region.label}: {c.sites} sites, {c.hazards} hazards ({c.open} open), "
        f"{len(dossier.units)} responsible units"
    )


def _proj(_state: _State) -> str:
    import pyproj
    import pyproj.datadir

    data = Path(pyproj.datadir.get_data_dir())
    if not (data / "proj.db").is_file():
        raise RuntimeError(f"PROJ's proj.db is not in {data}")
    lon, lat, crs, want_x = PROJ_PROBE
    from riskmap.core.crs import GEOGRAPHIC, transformer

    tr = transformer(GEOGRAPHIC, crs)
    x, _y = tr.transform(lon, lat)
    if abs(x - want_x) > 0.01:
        raise RuntimeError(f"{lon}°E in {crs} gave x = {x:.3f}, expected {want_x:.0f}")
    return f"PROJ {pyproj.proj_version_str}, data {data}"


def _gdal(state: _State) -> str:
    import numpy as np
    import pyogrio
    import shapely
    from pyogrio.raw import write

    data = pyogrio.get_gdal_data_path()
    if not data or not Path(data).is_dir():
        raise RuntimeError(f"GDAL's data directory is missing ({data})")
    # A GeoPackage round trip with a CRS: GDAL's drivers and its own PROJ database at once,
    # which is what importing a county's GeoPackage or Shapefile needs.
    path = state.tmp / "probe.gpkg"
    geoms = shapely.to_wkb(shapely.points([[500_000.0, 4_000_000.0]]))
    write(
        str(path),
        np.asarray(geoms, dtype=object),
        field_data=[np.array(["测试"], dtype=object)],
        fields=["name"],
        driver="GPKG",
        geometry_type="Point",
        crs=PROJ_PROBE[2],
    )
    info = pyogrio.read_info(str(path))
    if info["features"] != 1 or info["crs"] != PROJ_PROBE[2]:
        raise RuntimeError(f"GeoPackage read back {info['features']} features in {info['crs']}")
    return f"GDAL {pyogrio.__gdal_version_string__}, data {Path(data)}, GeoPackage round trip"


def _cjk_font(state: _State) -> str:
    """The bundled faces are there, and both Qt and the PDF writer draw 中文 with them."""
    from riskmap.brief.fonts import bundled_files

    files = bundled_files()  # a missing face fails here, by name
    pdf = _pdf_fonts(state)
    qt = _qt_font()
    size = sum(f.stat().st_size for f in files)
    return f"{len(files)} faces in {files[0].parent} ({_size(size)}); PDF {pdf}; Qt {qt}"


def _pdf_fonts(state: _State) -> str:
    """A page in the body face and one in the official face; the names of the faces embedded."""
    from riskmap.brief.fonts import PROBE
    from riskmap.brief.pdfdoc import FONT, PdfDoc

    embedded = []
    for official in (False, True):
        doc = PdfDoc("self-check", dt.date.today(), official=official)
        try:
            doc.add_page()
            doc.paragraph(PROBE, 12.0)
            face = doc.fonts[FONT]
            name = str(face.name)  # the full name fpdf2 embeds it under
            cmap = face.ttfont.getBestCmap()
            missing = [c for c in PROBE if ord(c) not in cmap]
            if missing:
                raise RuntimeError(f"the PDF font {name} has no glyph for {''.join(missing)}")
        finally:
            data = doc.to_bytes()  # closes the font files too
        path = state.tmp / f"font-{'official' if official else 'body'}.pdf"
        path.write_bytes(data)
        if f"+{name}".encode() not in data or _pdf_pages(data) != 1:
            raise RuntimeError(f"{path.name} does not embed {name}")
        embedded.append(name)
    return " and ".join(embedded)


def _qt_font() -> str:
    """The bundled sans loaded into Qt's font database and drawing 中文 (not empty boxes)."""
    _prefer_offscreen()
    from PySide6 import QtCore, QtGui

    from riskmap.brief.fonts import PROBE, SANS_FAMILY
    from riskmap.ui.app import create_app
    from riskmap.ui.fonts import bundled_problem, find_cjk_family, register_bundled

    create_app()
    if SANS_FAMILY not in register_bundled():
        raise RuntimeError(f"Qt did not load the bundled font: {bundled_problem()}")
    font = QtGui.QFont(SANS_FAMILY)
    font.setPixelSize(32)
    raw = QtGui.QRawFont.fromFont(font)
    if raw.familyName() != SANS_FAMILY:
        raise RuntimeError(f"Qt drew {SANS_FAMILY} with {raw.familyName()!r}")
    glyphs = raw.glyphIndexesForString(PROBE)
    if not all(glyphs):
        raise RuntimeError(f"Qt found no glyph of {SANS_FAMILY} for some of {PROBE}")
    image = QtGui.QImage(80, 48, QtGui.QImage.Format.Format_Grayscale8)
    image.fill(QtCore.Qt.GlobalColor.white)
    painter = QtGui.QPainter(image)
    painter.setFont(font)
    painter.drawText(QtCore.QRect(0, 0, 80, 48), QtCore.Qt.AlignmentFlag.AlignCenter, "中文")
    painter.end()
    ink = sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).value() < 128
    )
    if ink < 80:
        raise RuntimeError(f"Qt drew 中文 with {ink} dark pixels: nothing visible")
    return f"draws 中文 with {SANS_FAMILY} ({ink} px of ink); windows use {find_cjk_family()}"


def _map_render(state: _State) -> str:
    ws = _ws(state)
    _prefer_offscreen()
    import numpy as np
    from PySide6 import QtCore, QtGui

    from riskmap.ui.app import create_app
    from riskmap.ui.fonts import find_cjk_family
    from riskmap.ui.map import MapCanvas
    from riskmap.ui.map.canvas import BACKGROUND

    app = create_app()
    canvas = MapCanvas(ws, lang=state.lang)
    try:
        # Painted and grabbed without ever appearing on a real screen.
        canvas.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        canvas.resize(*MAP_SIZE)
        frames: list[bool] = []
        loop = QtCore.QEventLoop()
        canvas.sigFrameRendered.connect(lambda: (frames.append(True), loop.quit()))
        canvas.show()
        canvas.zoom_to_extent()
        if canvas.mode == "raster":
            deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
            while not (frames and canvas.rendering_idle()) and time.monotonic() < deadline:
                QtCore.QTimer.singleShot(200, loop.quit)
                loop.exec()
            if not frames:
                raise RuntimeError(f"no frame rendered in {RENDER_TIMEOUT_MS / 1000:.0f} s")
        app.processEvents()
        image = canvas.view.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    finally:
        canvas.shutdown()
        canvas.close()
        canvas.deleteLater()
    w, h = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), np.uint32, count=image.bytesPerLine() // 4 * h)
    pixels = pixels.reshape(h, -1)[:, :w] & 0xFFFFFF
    background = QtGui.QColor(BACKGROUND).rgb() & 0xFFFFFF
    drawn = float(np.mean(pixels != background))
    colours = len(np.unique(pixels))
    if drawn < 0.05 or colours < 8:
        raise RuntimeError(f"the map came out blank ({drawn:.1%} drawn, {colours} colours)")
    family = find_cjk_family() or "none (Chinese labels will not render)"
    return (
        f"{w}×{h} on '{app.platformName()}', {canvas.mode} mode: {drawn:.0%} of pixels drawn, "
        f"{colours} colours; Qt CJK family {family}"
    )


def _translations(_state: _State) -> str:
    from PySide6 import QtCore

    from riskmap.ui.i18n import qm_path

    path = qm_path("zh")
    translator = QtCore.QTranslator()
    if path is None or not translator.load(str(path)):
        raise RuntimeError(f"cannot load {path} (build it with: make i18n)")
    sample = "Reading the layer catalog…"
    got = translator.translate("Startup", sample)
    if not got or got == sample:
        raise RuntimeError(f"{path.name} has no translation of {sample!r}")
    from riskmap.ui.i18n import qt_translator

    qt_tr = qt_translator("zh")  # the standard buttons: 确定, 取消
    ok = qt_tr.translate("QPlatformTheme", "OK") if qt_tr is not None else ""
    if ok != "确定":
        raise RuntimeError("Qt's own zh_CN translations (qtbase_zh_CN.qm) are missing")
    return f"zh_CN from {path}: {sample!r} → {got!r}; Qt's buttons: OK → {ok!r}"


def _briefing(state: _State) -> str:
    from riskmap.brief import build_briefing

    out = state.tmp / "briefing"
    out.mkdir()
    written = build_briefing(
        _ws(state), BRIEF_PRESET, out_dir=out, formats=("html", "pdf"), as_of=dt.date.today()
    )
    html, pdf = written.get("html"), written.get("pdf")
    if html is None or not html.is_file() or b"<html" not in html.read_bytes()[:4096].lower():
        raise RuntimeError(f"no HTML briefing written ({html})")
    if pdf is None or not pdf.is_file():
        raise RuntimeError(f"no PDF briefing written ({pdf})")
    pages = _pdf_pages(pdf.read_bytes())
    if pages < 1:
        raise RuntimeError(f"{pdf.name} has no pages")
    return (
        f"{html.name} ({_size(html.stat().st_size)}), "
        f"{pdf.name} ({pages} pages, {_size(pdf.stat().st_size)})"
    )


# -------------------------------------------------------------------------------- helpers


def _ws(state: _State) -> Workspace:
    if state.ws is None:
        raise RuntimeError("the demo database did not open")
    return state.ws


def _prefer_offscreen() -> None:
    """Render offscreen where there is no display (a server, CI, a remote shell without X).

    Only before the application exists, and never over a platform the user chose.
    """
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6 import QtWidgets

        if QtWidgets.QApplication.instance() is not None:
            return
    if sys.platform.startswith(("win", "darwin")):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _pdf_pages(data: bytes) -> int:
    """Page objects in a PDF (fpdf2 writes them uncompressed); 0 when it is not a PDF at all."""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        return 0
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def main(argv: list[str] | None = None) -> int:
    """`python -m riskmap.selfcheck [--lang zh|en]`, for a machine where the CLI flag is not in."""
    import argparse

    p = argparse.ArgumentParser(prog="riskmap-selfcheck", description=__doc__)
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    return run(lang=p.parse_args(argv).lang)


if __name__ == "__main__":
    raise SystemExit(main())
