"""Build the riskmap desktop bundle (SPEC C12): a PyInstaller one-folder build, packed to ship.

    python build_installer.py [--clean] [--no-archive] [--outdir DIR] [--workdir DIR]

Needs only what `pip install -e '.[build]'` installed. Steps:

1. compile the translations (.ts → .qm) that are missing or older than their source;
2. run PyInstaller on installer/riskmap.spec (console on Linux, so `--self-check` prints;
   windowed on Windows, with a console `riskmap-cli.exe` beside it, and on macOS): the folder
   OUTDIR/riskmap holds the executable with layers/, resources/ (with the Chinese fonts), data/
   and PROJ's and GDAL's data;
3. check that the bundle holds the bundled fonts and no link to a missing file, print its size
   and fail above SIZE_LIMIT_MB;
4. pack OUTDIR/riskmap as riskmap-<version>-<platform>-<arch>.tar.gz (.zip on Windows);
5. on Windows, write OUTDIR/riskmap.iss and run Inno Setup's `iscc` on it when it is installed.

Then `OUTDIR/riskmap/riskmap --self-check` is the check an IT desk runs after installing.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import string
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SPEC = ROOT / "installer" / "riskmap.spec"
ISS_TEMPLATE = ROOT / "installer" / "riskmap.iss.in"
NAME = "riskmap"
SIZE_LIMIT_MB = 600
IS_WINDOWS = sys.platform.startswith("win")
IS_MACOS = sys.platform == "darwin"


class BuildError(Exception):
    """A step failed; the message says which and what to do."""


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def platform_tag() -> str:
    """`<platform>-<arch>` as people name downloads: linux-x86_64, windows-amd64, macos-arm64."""
    system = "windows" if IS_WINDOWS else "macos" if IS_MACOS else sys.platform.rstrip("0123456789")
    machine = platform.machine().lower() or "unknown"
    machine = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def archive_name(version: str, tag: str | None = None, windows: bool = IS_WINDOWS) -> str:
    suffix = ".zip" if windows else ".tar.gz"
    return f"{NAME}-{version}-{tag or platform_tag()}{suffix}"


# ------------------------------------------------------------------------------- steps


def _tool(name: str) -> str | None:
    """A console script of this Python's environment (a venv need not be on PATH), else PATH."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / name, scripts / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    return shutil.which(name)


def compile_translations(root: Path = ROOT) -> list[Path]:
    """Build each resources/i18n/*.qm that is missing or older than its .ts; the ones built."""
    stale = [
        ts
        for ts in sorted((root / "resources" / "i18n").glob("*.ts"))
        if not ts.with_suffix(".qm").exists()
        or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime
    ]
    if not stale:
        return []
    lrelease = _tool("pyside6-lrelease")
    if lrelease is None:
        raise BuildError("pyside6-lrelease not found: install the project (pip install -e .)")
    built = []
    for ts in stale:
        qm = ts.with_suffix(".qm")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def run_pyinstaller(outdir: Path, workdir: Path, clean: bool) -> Path:
    """The bundle folder OUTDIR/riskmap (OUTDIR/riskmap.app's sibling folder on macOS)."""
    try:
        import PyInstaller  # noqa: F401  (only to fail early with the way out)
    except ImportError:
        raise BuildError("PyInstaller is missing: pip install -e '.[build]'") from None
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={outdir}",
        f"--workpath={workdir}",
    ]
    if clean:
        cmd.append("--clean")  # PyInstaller's own cache of processed binaries too
    cmd += ["--", f"--name={NAME}"]
    if IS_WINDOWS or IS_MACOS:
        cmd.append("--windowed")
    subprocess.run(cmd, check=True, cwd=ROOT)
    bundle = outdir / NAME
    if not bundle.is_dir():
        raise BuildError(f"PyInstaller finished but {bundle} is missing")
    return bundle


def folder_size(path: Path) -> int:
    """Bytes on disk of the files under `path`, each symlink counted as a link, not its target."""
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            total += os.lstat(os.path.join(dirpath, f)).st_size
    return total


def dangling_links(folder: Path) -> list[Path]:
    """Symbolic links under `folder` whose target is missing (a user would get a broken file)."""
    out = []
    for dirpath, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(dirpath, name)
            if path.is_symlink() and not path.exists():
                out.append(path)
    return sorted(out)


def missing_fonts(bundle: Path, root: Path = ROOT) -> list[str]:
    """The files of resources/fonts/ (the bundled Chinese fonts and their licence) that the
    bundle lacks: without them a machine with no Chinese font shows boxes."""
    found = {p.name for p in bundle.rglob("*") if p.parent.name == "fonts" and p.is_file()}
    wanted = sorted(p.name for p in (root / "resources" / "fonts").iterdir() if p.is_file())
    return [name for name in wanted if name not in found]


def check_bundle(bundle: Path) -> None:
    """BuildError when the bundle lacks the fonts or Qt's Chinese words, or ships a link to
    nothing."""
    broken = dangling_links(bundle)
    if broken:
        names = ", ".join(str(p.relative_to(bundle)) for p in broken)
        raise BuildError(
            f"the bundle has links to missing files ({names}): see _without_dangling_links in "
            "installer/riskmap.spec"
        )
    fonts = missing_fonts(bundle)
    if fonts:
        raise BuildError(f"the bundle lacks resources/fonts/ files: {', '.join(fonts)}")
    # The zh UI's standard buttons and file dialogs (确定/取消/保存) are Qt's own strings.
    if not any(bundle.rglob("qtbase_zh_CN.qm")):
        raise BuildError(
            "the bundle lacks Qt's Chinese translations (qtbase_zh_CN.qm): see the "
            "translations filter in installer/riskmap.spec"
        )


def make_archive(bundle: Path, target: Path) -> Path:
    """Pack `bundle` (its folder name at the archive's root) into `target` (.zip or .tar.gz)."""
    target.unlink(missing_ok=True)
    if target.name.endswith(".zip"):
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in sorted(bundle.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(bundle.parent).as_posix())
    else:
        # Level 6: within a few per cent of 9 on these libraries, in half the time.
        with tarfile.open(target, "w:gz", compresslevel=6) as tf:
            tf.add(bundle, arcname=bundle.name)  # symlinks stay links (Qt's lib aliases)
    return target


def write_inno_script(bundle: Path, outdir: Path, version: str) -> Path:
    text = string.Template(ISS_TEMPLATE.read_text(encoding="utf-8")).substitute(
        version=version,
        source_dir=str(bundle.resolve()),
        output_dir=str(outdir.resolve()),
        output_base=f"{NAME}-{version}-{platform_tag()}-setup",
    )
    iss = outdir / f"{NAME}.iss"
    # Inno Setup 6 reads a script as UTF-8 only with a byte-order mark (the shortcut names are
    # Chinese); without one it takes the ANSI code page.
    iss.write_text(text, encoding="utf-8-sig")
    return iss


def _iscc() -> str | None:
    found = shutil.which("iscc")
    if found:
        return found
    for env in ("ProgramFiles(x86)", "ProgramFiles"):
        base = os.environ.get(env)
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return str(Path(base) / "Inno Setup 6" / "ISCC.exe")
    return None


# -------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clean", action="store_true", help="rebuild from scratch (no cached work)")
    p.add_argument("--no-archive", action="store_true", help="leave the folder unpacked")
    p.add_argument("--outdir", type=Path, default=ROOT / "dist", help="default: dist/")
    p.add_argument(
        "--workdir", type=Path, default=None, help="PyInstaller's work files (default: build/)"
    )
    args = p.parse_args(argv)
    outdir: Path = args.outdir.resolve()
    workdir: Path = (args.workdir or ROOT / "build").resolve()
    version = project_version()
    started = time.perf_counter()
    try:
        if args.clean:
            shutil.rmtree(workdir, ignore_errors=True)
            shutil.rmtree(outdir / NAME, ignore_errors=True)
        for qm in compile_translations():
            print(f"compiled {qm.relative_to(ROOT)}")
        print(f"building {NAME} {version} for {platform_tag()} with PyInstaller…", flush=True)
        bundle = run_pyinstaller(outdir, workdir, args.clean)
        check_bundle(bundle)
        built = time.perf_counter() - started
        size_mb = folder_size(bundle) / 2**20
        print(f"bundle: {bundle} ({size_mb:.0f} MB, built in {built:.0f} s)")
        if size_mb > SIZE_LIMIT_MB:
            raise BuildError(
                f"the bundle is {size_mb:.0f} MB, over the {SIZE_LIMIT_MB} MB limit: see the "
                "excludes in installer/riskmap.spec"
            )
        if args.no_archive:
            print("archive: skipped (--no-archive)")
        else:
            clock = time.perf_counter()
            target = make_archive(bundle, outdir / archive_name(version))
            print(
                f"archive: {target} ({target.stat().st_size / 2**20:.0f} MB, "
                f"{time.perf_counter() - clock:.0f} s)"
            )
        if IS_WINDOWS:
            iss = write_inno_script(bundle, outdir, version)
            iscc = _iscc()
            if iscc is None:
                print(f"installer: wrote {iss}; Inno Setup (iscc) not found, skipped compiling it")
            else:
                subprocess.run([iscc, "/Q", str(iss)], check=True)
                print(f"installer: {outdir / f'{NAME}-{version}-{platform_tag()}-setup.exe'}")
        else:
            print("installer: skipped the Inno Setup installer (it is built on Windows only)")
    except BuildError as exc:
        print(f"build_installer: error: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"build_installer: error: {exc}", file=sys.stderr)
        return 1
    # A windowed Windows executable prints nothing: its console twin runs the check.
    exe = bundle / (f"{NAME}-cli.exe" if IS_WINDOWS else NAME)
    print(f"done in {time.perf_counter() - started:.0f} s; check it with: {exe} --self-check")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
