"""User settings and locations (platformdirs)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs

APP = "riskmap"

# Keys of settings.json that more than one part reads.
PREFER_BUNDLED_FONT = "prefer_bundled_font"  # true: riskmap's own Chinese font in the windows
PDF_FONT = "pdf_font"  # a font file for official documents (riskmap.brief.fonts)
BASEMAP = "basemap"  # the basemap tiles chosen in 底图… (riskmap.core.tiles.BasemapConfig)


def user_data_dir() -> Path:
    env = os.environ.get("RISKMAP_DATA_DIR")
    path = Path(env) if env else Path(platformdirs.user_data_dir(APP, appauthor=False))
    return path


def default_db_path() -> Path:
    return user_data_dir() / "riskmap.sqlite"


def settings_path() -> Path:
    return user_data_dir() / "settings.json"


def load_settings() -> dict[str, Any]:
    """The user's saved settings (an unreadable file counts as none, and is left in place)."""
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any) -> None:
    """Set (or with None, remove) one setting; the file is replaced atomically."""
    from riskmap.atomic import write_text_atomic

    data = load_settings()
    if value is None:
        data.pop(key, None)
    else:
        data[key] = value
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def default_db_url() -> str:
    """`RISKMAP_DB` wins; then the database chosen with `riskmap db use URL` (e.g. a shared
    PostGIS server: postgresql+psycopg2://user@host/riskmap); else the SQLite file in the user
    data directory."""
    env = os.environ.get("RISKMAP_DB")
    if env:
        return env
    chosen = load_settings().get("database")
    if isinstance(chosen, str) and chosen.strip():
        return chosen.strip()
    return f"sqlite:///{default_db_path()}"


def prefer_bundled_font() -> bool:
    """Whether the user asked for riskmap's own Chinese font even where the system has one."""
    return load_settings().get(PREFER_BUNDLED_FONT) is True
