"""User settings and locations (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "riskmap"


def user_data_dir() -> Path:
    env = os.environ.get("RISKMAP_DATA_DIR")
    path = Path(env) if env else Path(platformdirs.user_data_dir(APP, appauthor=False))
    return path


def default_db_path() -> Path:
    return user_data_dir() / "riskmap.sqlite"


def default_db_url() -> str:
    """`RISKMAP_DB` wins; else the SQLite file in the user data directory."""
    env = os.environ.get("RISKMAP_DB")
    if env:
        return env
    return f"sqlite:///{default_db_path()}"
