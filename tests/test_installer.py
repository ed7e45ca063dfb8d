"""The desktop bundle (docs/product.md, C12) and `riskmap --self-check`.

The slow tests build the bundle once per session with build_installer.py into a temporary folder
(about two minutes here) and run the bundled executable where no Python of ours can help it: no
PYTHONPATH, no virtual environment on PATH, an empty home. The fast ones run the self-check from
the source tree and the build script's helpers on small folders.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from test_fonts_hidden import _cannot_hide

from riskmap import selfcheck

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before pytest-qt makes its app

ROOT = Path(__file__).resolve().parents[1]
STEPS = (
    "versions",
    "demo database",
    "region query",
    "PROJ",
    "GDAL",
    "CJK font",
    "map render",
    "translations",
    "briefing",
)


def _load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_installer", ROOT / "build_installer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_installer = _load_build_script()


def _status(lines: list[str]) -> dict[str, str]:
    """Step name → OK / FAIL / SKIP, from the self-check's step lines."""
    found = {}
    for line in lines:
        for step in STEPS:
            if line[5:].startswith(f"{step} ") and line[:4].strip() in ("OK", "FAIL", "SKIP"):
                found[step] = line[:4].strip()
    return found


# --------------------------------------------------------------------- self-check, source tree


def test_selfcheck_from_the_source_tree(qapp) -> None:
    # On pytest-qt's application, as the UI tests use it: the check reuses an existing one.
    out = io.StringIO()
    assert selfcheck.run(out, lang="zh") == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"riskmap {selfcheck.__version__} self-check (Python package ")
    assert _status(lines) == dict.fromkeys(STEPS, "OK"), out.getvalue()
    assert lines[-1].startswith("OK riskmap ")
    for line in lines[1:-1]:
        assert " s  " in line  # every step says how long it took
    text = out.getvalue()
    for part in ("Python ", "PySide6 ", "Qt ", "pyqtgraph ", "numpy ", "GEOS ", "PROJ ",
                 "GDAL ", "SQLite ", "fpdf2 ", "folium "):  # fmt: skip
        assert part in text
    assert " pages" in text and ".html" in text


def test_selfcheck_reports_a_failed_step_and_skips_what_needs_it(monkeypatch) -> None:
    def broken(_state: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(selfcheck, "_demo_database", broken)
    out = io.StringIO()
    assert selfcheck.run(out) == 1
    lines = out.getvalue().splitlines()
    status = _status(lines)
    assert status["demo database"] == "FAIL"
    assert {status[s] for s in ("region query", "map render", "briefing")} == {"SKIP"}
    assert {status[s] for s in ("versions", "PROJ", "GDAL", "translations")} == {"OK"}
    assert any("OSError: disk full" in line for line in lines)
    assert lines[-1].startswith("FAIL (demo database, region query, map render, briefing)")


def test_pdf_pages_counts_page_objects_only() -> None:
    pdf = b"%PDF-1.3\n1 0 obj <</Type /Pages /Count 2>>\n<</Type /Page>>\n<</Type/Page>>\n%%EOF\n"
    assert selfcheck._pdf_pages(pdf) == 2
    assert selfcheck._pdf_pages(b"<html></html>") == 0


# --------------------------------------------------------------------- build script helpers


def test_archive_names_carry_version_platform_and_arch() -> None:
    assert build_installer.archive_name("0.1.0", "linux-x86_64", windows=False) == (
        "riskmap-0.1.0-linux-x86_64.tar.gz"
    )
    assert build_installer.archive_name("0.1.0", "windows-x86_64", windows=True) == (
        "riskmap-0.1.0-windows-x86_64.zip"
    )
    system, arch = build_installer.platform_tag().split("-", 1)
    assert system in ("linux", "windows", "macos") or system == sys.platform
    assert arch and arch != "amd64"
    assert build_installer.project_version() == selfcheck.__version__


def test_archive_keeps_the_folder_and_its_symlinks(tmp_path: Path) -> None:
    bundle = tmp_path / "riskmap"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "riskmap").write_bytes(b"\x7fELF")
    (bundle / "_internal" / "libQt6Core.so.6.11").write_bytes(b"lib")
    (bundle / "_internal" / "libQt6Core.so.6").symlink_to("libQt6Core.so.6.11")
    target = build_installer.make_archive(bundle, tmp_path / "riskmap-0.1.0-linux-x86_64.tar.gz")
    with tarfile.open(target) as tf:
        members = {m.name: m for m in tf.getmembers()}
    assert "riskmap/riskmap" in members
    assert members["riskmap/_internal/libQt6Core.so.6"].issym()
    assert build_installer.folder_size(bundle) == 4 + 3 + len("libQt6Core.so.6.11")


def test_a_link_to_nothing_missing_fonts_or_qt_words_fail_the_build(tmp_path: Path) -> None:
    bundle = tmp_path / "riskmap"
    fonts = bundle / "_internal" / "resources" / "fonts"
    fonts.mkdir(parents=True)
    (bundle / "_internal" / "libQt6Core.so.6.11").write_bytes(b"lib")
    (bundle / "_internal" / "libQt6Core.so.6").symlink_to("libQt6Core.so.6.11")
    (bundle / "_internal" / "libQt6Network.so.6").symlink_to("PySide6/Qt/lib/libQt6Network.so.6")
    assert build_installer.dangling_links(bundle) == [bundle / "_internal" / "libQt6Network.so.6"]
    with pytest.raises(build_installer.BuildError, match=r"links to missing files \(_internal/lib"):
        build_installer.check_bundle(bundle)
    (bundle / "_internal" / "libQt6Network.so.6").unlink()
    shipped = sorted(p.name for p in (ROOT / "resources" / "fonts").iterdir())
    assert "OFL.txt" in shipped and "RiskmapNotoSansSC-Regular.otf" in shipped
    assert build_installer.missing_fonts(bundle) == shipped
    with pytest.raises(build_installer.BuildError, match="lacks resources/fonts/ files: "):
        build_installer.check_bundle(bundle)
    for name in shipped:
        (fonts / name).write_bytes(b"x")
    with pytest.raises(build_installer.BuildError, match=r"lacks Qt's Chinese translations"):
        build_installer.check_bundle(bundle)
    qt_words = bundle / "_internal" / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm"
    qt_words.parent.mkdir(parents=True)
    qt_words.write_bytes(b"qm")
    build_installer.check_bundle(bundle)


def test_inno_script_is_written_from_the_template(tmp_path: Path) -> None:
    iss = build_installer.write_inno_script(tmp_path / "riskmap", tmp_path, "0.1.0")
    text = iss.read_text(encoding="utf-8-sig")
    assert iss.read_bytes().startswith(b"\xef\xbb\xbf")  # Inno reads UTF-8 only with a BOM
    assert '#define AppVersion "0.1.0"' in text and "$" not in text
    assert str((tmp_path / "riskmap").resolve()) in text


# --------------------------------------------------------------------- the bundle (slow)


@dataclass
class Built:
    bundle: Path
    seconds: float
    log: str


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if importlib.util.find_spec("PyInstaller") is None:
        if os.environ.get("CI"):
            pytest.fail("PyInstaller is missing in CI: .ci/run installs the `build` extra")
        pytest.skip("PyInstaller is not installed: pip install -e '.[build]' (or make installer)")
    base = tmp_path_factory.mktemp("installer")
    clock = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--no-archive",
         "--outdir", str(base / "dist"), "--workdir", str(base / "build")],
        capture_output=True, text=True, timeout=1800, cwd=ROOT,
    )  # fmt: skip
    seconds = time.perf_counter() - clock
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-6000:]
    print(f"\nbuild_installer.py: {seconds:.0f} s\n{proc.stdout}")
    return Built(base / "dist" / "riskmap", seconds, log)


def _clean_env(home: Path) -> dict[str, str]:
    """The machine's environment without any trace of our Python, and an empty home."""
    venv_bins = {Path(sys.executable).parent.resolve(), (Path(sys.prefix) / "bin").resolve()}
    if os.environ.get("VIRTUAL_ENV"):
        venv_bins.add((Path(os.environ["VIRTUAL_ENV"]) / "bin").resolve())
    path = [
        p
        for p in os.environ.get("PATH", "").split(os.pathsep)
        if p and Path(p).resolve() not in venv_bins
    ]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "RISKMAP_", "VIRTUAL_ENV", "CONDA", "PROJ_", "GDAL_"))
    }
    runtime = home / "run"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env.update(
        PATH=os.pathsep.join(path),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_RUNTIME_DIR=str(runtime),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


@pytest.mark.slow
def test_bundle_is_small_and_holds_what_riskmap_reads(built: Built) -> None:
    size_mb = build_installer.folder_size(built.bundle) / 2**20
    print(f"bundle {size_mb:.0f} MB, built in {built.seconds:.0f} s")
    assert size_mb < build_installer.SIZE_LIMIT_MB
    assert f"({size_mb:.0f} MB, built in" in built.log  # the script prints the size
    internal = built.bundle / "_internal"
    assert (internal / "layers").is_dir() and any((internal / "layers").glob("*.toml"))
    assert (internal / "resources" / "i18n" / "riskmap_zh_CN.qm").is_file()
    assert not any((internal / "resources").rglob("*.ts"))
    assert (internal / "data" / "demo_city.sqlite").is_file()
    for name in ("OFL.txt", "RiskmapNotoSansSC-Regular.otf", "RiskmapNotoSansSC-Bold.otf",
                 "RiskmapNotoSerifSC-Regular.otf", "RiskmapNotoSerifSC-Bold.otf"):  # fmt: skip
        assert (internal / "resources" / "fonts" / name).is_file(), name
    # PyInstaller's top-level aliases of libraries the spec left out must go with them.
    links = [p for p in built.bundle.rglob("*") if p.is_symlink()]
    assert links  # Qt's libraries keep their aliases
    assert [p for p in links if not p.exists()] == []
    assert (internal / "pyproj" / "proj_dir" / "share" / "proj" / "proj.db").is_file()
    assert (internal / "pyogrio" / "gdal_data").is_dir()
    qt_qm = [p.name for p in internal.rglob("translations/*.qm")]
    assert qt_qm and all(re.search(r"_(zh_CN|en)\.qm$", name) for name in qt_qm), qt_qm
    for left_out in ("tkinter", "matplotlib", "IPython", "pytest", "PyInstaller"):
        assert not (internal / left_out).exists(), left_out
    assert not list(internal.rglob("libgtk-3*"))


@pytest.mark.slow
def test_bundled_self_check_passes_without_python(built: Built, tmp_path: Path) -> None:
    exe = built.bundle / ("riskmap.exe" if sys.platform.startswith("win") else "riskmap")
    # With the machine's fonts hidden where that can be done: the bundle brings its own.
    hide = [] if _cannot_hide() else [str(ROOT / "tools" / "hide_system_fonts.sh")]
    proc = subprocess.run(
        [*hide, str(exe), "--self-check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        cwd=tmp_path,
        env=_clean_env(tmp_path / "home"),
    )
    print(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert _status(lines) == dict.fromkeys(STEPS, "OK"), proc.stdout
    assert lines[-1].startswith("OK riskmap ")
    # Everything came from inside the bundle, not from the source tree beside it.
    assert lines[0].startswith(f"riskmap {selfcheck.__version__} self-check (bundle ")
    inside = str(built.bundle)
    for step in ("PROJ", "GDAL", "CJK font", "translations"):
        line = next(x for x in lines if x[5:].startswith(step))
        assert inside in line, line
    assert not list((tmp_path / "home").rglob("*.sqlite"))  # the user's data was not touched


def test_the_window_loads_without_the_postgresql_driver() -> None:
    # The bundle leaves psycopg2 out (a file seat): the window, the map and the self-check must
    # import without it; only the wall's change watch on a server needs it. It leaves numba
    # out too: only SpatialIndex.nearest (the Python API) compiles with it.
    code = (
        "import sys; sys.modules['psycopg2'] = None; sys.modules['numba'] = None\n"
        "import riskmap.ui.main_window, riskmap.ui.app, riskmap.selfcheck, riskmap.core.database\n"
        "assert 'riskmap.store.watch' not in sys.modules\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
