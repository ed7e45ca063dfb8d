"""What the window's start-up loads: nothing its first frame does not need (issue 20).

A real `riskmap --db URL` process, offscreen, signed in and closed as soon as the window is
shown; it then lists the modules it imported. Whatever a later action needs (the import and
export dialogs, the PDF and XLSX writers, GDAL, PostGIS, the nearest-site grid) loads on first
use instead, so a cold start pays for none of it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The process runs the command line as `python -m riskmap` would, then prints its modules.
SCRIPT = """
import json, sys
from riskmap.cli import main
code = main(sys.argv[1:])
print("modules " + json.dumps(sorted(sys.modules)))
mirrors = [vars(sys.modules["pyqtgraph.Qt." + m]) for m in ("QtCore", "QtGui", "QtWidgets")]
print("mirrored " + json.dumps(sorted(n for v in mirrors for n in v)))
raise SystemExit(code)
"""

NOT_AT_START = (
    "geoalchemy2",  # PostGIS column types: a PostgreSQL engine loads them
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.mysql",
    "alembic",  # migrations: creating or upgrading a database
    "osgeo",  # GDAL, pyogrio: reading and writing files
    "pyogrio",
    "openpyxl",  # XLSX
    "fpdf",  # PDF, with the fonts' subsetting
    "fontTools",
    "folium",  # the HTML briefing's map
    "jinja2",
    "PIL",  # PNG maps and the font measure behind the sketches
    "numba",  # the nearest-site grid, compiled on a worker after loading
    "pydoc",  # pyqtgraph's parameter trees and its profiler (riskmap.ui.pg_lazy_stdlib)
    "cProfile",
    "riskmap.demo",
    "riskmap.io.importer",
    "riskmap.io.export",
    "riskmap.io.ledger_xlsx",
    "riskmap.ui.importer.dialog",
    "riskmap.ui.briefing.dialog",
    "riskmap.ui.new_city_dialog",
    "riskmap.cli_ledger",  # the subcommands: the window's command line parses without them
    "riskmap.cli_brief",
    "riskmap.cli_import",
    "riskmap.cli_patrol",
    "riskmap.cli_documents",
    "riskmap.cli_holidays",
    "riskmap.cli_map",
    "riskmap.cli_db",
)
# Qt classes the first window never uses: pyqtgraph's mirror of Qt must not have made them.
NOT_MADE_AT_START = ("QXmlStreamReader", "QPdfWriter", "QUndoStack", "QCalendarWidget")


def _start(tmp_path: Path, demo_url: str, script: str) -> subprocess.CompletedProcess[str]:
    """`script` run as a fresh process starting the window on a copy of the demo city, signed
    in as admin, quitting once it is interactive; it must exit 0."""
    city = tmp_path / "city.sqlite"
    shutil.copy(demo_url.removeprefix("sqlite:///"), city)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    args = ["--db", f"sqlite:///{city}", "--quit-after", "0", "--user", "admin", "--password-stdin"]
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        input="riskmap\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def test_pyqtgraphs_qt_mirrors_resolve_every_name_as_pyside6s_own() -> None:
    """The lazy mirrors (riskmap.ui.qt_mirrors) give pyqtgraph each Qt name as the copy did."""
    script = """
import json, sys
import riskmap.ui
import pyqtgraph
from pyqtgraph import Qt
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
before = sorted(vars(Qt.QtWidgets))
wrong = []
for leaf in ("QtCore", "QtGui", "QtWidgets"):
    qt, mirror = getattr(PySide6, leaf), getattr(Qt, leaf)
    for name in dir(qt):
        if not name.startswith("__") and getattr(mirror, name) is not getattr(qt, name):
            wrong.append(leaf + "." + name)
# pyqtgraph's own additions stay its own, as over the copy
extra = [Qt.QtWidgets.QOpenGLWidget.__name__, Qt.QtGui.QFileSystemModel.__name__]
print(json.dumps([len(before), len(dir(PySide6.QtWidgets)), wrong, extra]))
try:
    Qt.QtCore.NoSuchQtName
except AttributeError:
    print("missing names refused")
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    first, second = proc.stdout.splitlines()[-2:]
    held, names, wrong, extra = json.loads(first)
    assert held < names / 4  # the mirror held few of QtWidgets' names before they were asked
    assert wrong == []
    assert extra == ["QOpenGLWidget", "QFileSystemModel"]
    assert second == "missing names refused"


def test_pyqtgraphs_stdlib_imports_resolve_to_the_real_modules_on_first_use() -> None:
    """riskmap.ui.pg_lazy_stdlib: pyqtgraph's `pydoc` and `cProfile` are imported on first use,
    then are the standard library's own; anyone else importing them gets the real ones."""
    script = """
import json, sys
import riskmap.ui
import pyqtgraph
from pyqtgraph import debug
from pyqtgraph.parametertree import interactive
before = ["pydoc" in sys.modules, "cProfile" in sys.modules]
synopsis = interactive.pydoc.splitdoc("One line.\\n\\nThe rest.")
import pydoc, cProfile
same = [interactive.pydoc.splitdoc is pydoc.splitdoc, debug.cProfile.run is cProfile.run,
        type(pydoc).__name__, type(cProfile).__name__]
print(json.dumps([before, list(synopsis), same]))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    before, synopsis, same = json.loads(proc.stdout.splitlines()[-1])
    assert before == [False, False]
    assert synopsis == ["One line.", "The rest."]
    assert same == [True, True, "module", "module"]


def test_the_window_starts_without_what_its_first_frame_does_not_need(
    tmp_path: Path, demo_url: str
) -> None:
    proc = _start(tmp_path, demo_url, SCRIPT)
    assert "interactive at" in proc.stdout  # the window was shown with its event loop running
    line = next(x for x in proc.stdout.splitlines() if x.startswith("modules "))
    loaded = set(json.loads(line.removeprefix("modules ")))
    assert {"riskmap.ui.main_window", "riskmap.ui.map.canvas", "pyqtgraph"} <= loaded
    early = sorted(
        m for m in loaded if any(m == name or m.startswith(name + ".") for name in NOT_AT_START)
    )
    assert early == []
    line = next(x for x in proc.stdout.splitlines() if x.startswith("mirrored "))
    mirrored = set(json.loads(line.removeprefix("mirrored ")))
    assert {"QGraphicsScene", "QPointF"} <= mirrored  # what pyqtgraph and the map did use
    assert mirrored.isdisjoint(NOT_MADE_AT_START)


def test_modules_imported_after_the_client_are_not_read_for_pyside_features(
    tmp_path: Path,
) -> None:
    """riskmap.ui.qt_features: a module imported after the client is marked -1 (its Qt calls
    switch no feature set), and its source is not read for the search."""
    # It names PySide6, so PySide6's own search would have read it and marked it 0.
    (tmp_path / "plain_module_s7.py").write_text("from PySide6 import QtCore\n", encoding="utf-8")
    script = """
import json, linecache, sys
import riskmap.ui
from PySide6.support.feature import pyside_feature_dict
import plain_module_s7
read = any(p.endswith("plain_module_s7.py") for p in linecache.cache)
print(json.dumps([pyside_feature_dict.get("plain_module_s7"), read]))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.splitlines()[-1]) == [-1, False]


def test_no_module_of_riskmap_selects_pyside_features() -> None:
    """What qt_features relies on: nobody switches PySide6's feature set."""
    root = Path(__file__).resolve().parent.parent / "riskmap"
    selects = re.compile(r"^\s*(from __feature__ import|import __feature__)", re.M)
    users = [p for p in root.rglob("*.py") if selects.search(p.read_text(encoding="utf-8"))]
    assert users == []


def test_the_collector_rests_until_the_window_is_shown(tmp_path: Path, demo_url: str) -> None:
    """riskmap.cli.cmd_gui: no cyclic collection while the window starts (the collector is
    off while its modules import, the city loads and the window is built); one full pass
    once it is shown, and the collector is on again after."""
    script = """
import gc, json, sys
import riskmap.ui.app as app
seen = {"built": False, "on while built": None, "full before": 0, "full after": 0}
real = app.open_window
def open_window(*args, **kwargs):
    seen["on while built"] = gc.isenabled()
    window = real(*args, **kwargs)
    seen["built"] = True
    return window
app.open_window = open_window
def counted(phase, info):
    if phase == "start" and info["generation"] == 2:
        seen["full after" if seen["built"] else "full before"] += 1
gc.callbacks.append(counted)
from riskmap.cli import main
code = main(sys.argv[1:])
seen["on at exit"] = gc.isenabled()
print("gc " + json.dumps(seen))
raise SystemExit(code)
"""
    proc = _start(tmp_path, demo_url, script)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("gc "))
    seen = json.loads(line.removeprefix("gc "))
    assert seen["full after"] >= 1
    assert {**seen, "full after": 1} == {
        "built": True,
        "on while built": False,
        "full before": 0,
        "full after": 1,
        "on at exit": True,
    }


def test_the_windows_command_line_reads_as_the_full_parser_reads_it() -> None:
    """riskmap.cli parses a start of the window without the subcommands; what it reads must be
    what the full parser (every subcommand) reads, and anything else goes to the full one."""
    from riskmap.cli import _window_args, build_parser

    for argv in (
        [],
        ["--db", "sqlite:///x.sqlite", "--quit-after", "0", "--password-stdin"],
        ["--wall", "--wall-interval", "7.5", "--gui-lang", "en", "--user", "query"],
        ["--db=query", "--lang", "en"],
    ):
        window = _window_args(argv)
        assert window is not None, argv
        assert vars(window) == vars(build_parser().parse_args(argv)), argv
    for argv in (["query"], ["--db", "x", "summary"], ["--help"], ["--lang", "fr"], ["--nope"]):
        assert _window_args(argv) is None, argv
