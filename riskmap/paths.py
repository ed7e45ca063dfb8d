"""Locate layers/, resources/ and data/ in a source tree, an installed wheel or a bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from riskmap.errors import RiskmapError


def user_cache_dir() -> Path:
    """What riskmap may rebuild (basemap tiles, database snapshots): `RISKMAP_CACHE_DIR`, else
    the platform's cache folder."""
    env = os.environ.get("RISKMAP_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs  # only here: the other paths are the installation's own

    return Path(platformdirs.user_cache_dir("riskmap", appauthor=False))


def _candidates() -> list[Path]:
    roots: list[Path] = []
    env = os.environ.get("RISKMAP_HOME")
    if env:
        roots.append(Path(env))
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder bundle
    if bundle:
        roots.append(Path(bundle))
    here = Path(__file__).resolve().parent
    roots.append(here.parent)  # source checkout / editable install
    roots.append(here / "_data")  # wheel with shared data copied inside the package
    return roots


def project_dir(name: str) -> Path:
    """The first existing `name` directory (may be nested: "resources/fonts") among the roots;
    RiskmapError when there is none (a broken installation)."""
    for root in _candidates():
        path = root / name
        if path.is_dir():
            return path
    searched = [r / name for r in _candidates()]
    raise RiskmapError.of("install.missing_folder", folder=name, searched=searched)


def layers_dir() -> Path:
    return project_dir("layers")


def data_dir() -> Path:
    return project_dir("data")


def resources_dir() -> Path:
    return project_dir("resources")


def fonts_dir() -> Path:
    """resources/fonts: looked up by itself, so that an unrelated resources/ folder (another
    package's, in site-packages beside a wheel's riskmap) cannot hide the bundled fonts."""
    return project_dir("resources/fonts")
