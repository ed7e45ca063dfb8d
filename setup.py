"""setuptools hook: a wheel carries layers/, resources/ and data/ inside the package.

Installed from a wheel, riskmap has no source tree beside it; riskmap.paths then finds these
folders in riskmap/_data/. An editable install (pip install -e) reads them from the source tree
and gets no copy. The translators' .ts sources stay out (the app reads the compiled .qm).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHARED = ("layers", "resources", "data")
SKIP_SUFFIXES = (".ts",)


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "riskmap" / "_data"
        for name in SHARED:
            src = ROOT / name
            for path in sorted(src.rglob("*")):
                if not path.is_file() or path.suffix in SKIP_SUFFIXES:
                    continue
                dest = target / name / path.relative_to(src)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)


setup(cmdclass={"build_py": BuildPyWithData})
