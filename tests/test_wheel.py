"""A wheel carries layers/, resources/ (with the bundled fonts) and data/, and riskmap finds them.

The wheel is built by pip from a copy of the project (the build writes its work files beside
the sources), then unpacked and imported from a folder that
has no source tree around it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from riskmap.brief.fonts import BUNDLED_FILES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_a_wheel_finds_its_bundled_fonts(tmp_path: Path) -> None:
    src = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.qm")
    for name in ("riskmap", "layers", "resources", "data"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    out = tmp_path / "dist"
    # pip's isolated build: the setuptools pyproject.toml asks for, not whatever this venv has.
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (wheel,) = out.glob("riskmap-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for name in BUNDLED_FILES:
        assert f"riskmap/_data/resources/fonts/{name}" in names
    assert "riskmap/_data/resources/fonts/OFL.txt" in names
    assert "riskmap/_data/data/demo_city.sqlite" in names
    assert any(n.startswith("riskmap/_data/layers/") for n in names)
    assert not any(n.endswith(".ts") for n in names)

    # Imported from the unpacked wheel, far from any source tree.
    probe = (
        "import riskmap, riskmap.brief.fonts as f; "
        "print(riskmap.__file__); print(f.bundled_dir()); print(f.official_fonts()[0].path)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RISKMAP_", "PYTHON"))}
    env["PYTHONPATH"] = str(tmp_path / "site")
    env["RISKMAP_DATA_DIR"] = str(tmp_path / "userdata")  # no one's pdf_font setting
    run = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    package, fonts, official = run.stdout.splitlines()
    data = tmp_path / "site" / "riskmap" / "_data"
    assert Path(package).parent == tmp_path / "site" / "riskmap"
    assert Path(fonts) == data / "resources" / "fonts"
    assert Path(official) == data / "resources" / "fonts" / "RiskmapNotoSerifSC-Regular.otf"
