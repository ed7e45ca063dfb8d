"""A user's new database: the bundled demo city re-anchored on today (`riskmap db init`, the
first run of the client or the command line), or an empty one.

This sits above the store: the store creates schemas and copies tables, and knows nothing of the
demo city, its bundled file or its holidays (riskmap.demo.realign).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Connection, create_engine

from riskmap.core.crs import check_metric_crs
from riskmap.core.style.site_class import fill_style_classes
from riskmap.errors import RiskmapError, StoreError
from riskmap.io.importer.outline import CityOutline, city_words, write_city
from riskmap.paths import data_dir
from riskmap.store.access import Actor
from riskmap.store.engine import (
    Store,
    add_admin,
    create_empty,
    current_user_name,
    open_store,
    read_meta,
    set_demo_passwords,
    sqlite_path,
)
from riskmap.store.transfer import copy_tables, write_database


def demo_source_path() -> Path:
    """The bundled demo city, as `riskmap demo` writes it."""
    return data_dir() / "demo_city.sqlite"


def init_db(
    url: str,
    empty: bool = False,
    overwrite: bool = False,
    today: dt.date | None = None,
    crs: str | None = None,
    admin: str | None = None,
    outline: CityOutline | None = None,
    name: str | None = None,
    code: str | None = None,
) -> Store:
    """Create a riskmap database: the demo city re-anchored on `today`, or only the schema.

    `admin` (default: the current user as later commands resolve it, see current_user_name;
    on PostgreSQL the database login too) becomes an admin of the new database: whoever
    creates it runs it, and can then add the other users. An empty database started from a
    city's `outline` (riskmap.io.importer.outline.read_outline) takes the outline's metric CRS
    and holds it as its district of level "city", named `name` with code `code`.
    """
    if crs is not None and not empty:
        raise StoreError.of("store.demo_crs")
    if outline is not None and not empty:
        raise RiskmapError.of("city.boundary_needs_empty")
    if outline is not None:
        crs = outline.crs
        name, code = city_words(outline, name, code)  # refused before anything is created
    elif crs is not None:
        check_metric_crs(crs)
    if empty:
        store = create_empty(url, overwrite, crs)
    else:
        store = install_demo(url, overwrite, today or dt.date.today())
    names = {current_user_name(store, admin)}
    if admin is None and store.is_postgis:
        # The login that created it stays its admin whether or not $RISKMAP_USER is set later:
        # on PostgreSQL the login is who later commands act as.
        names.add(store.session_user())
    for who in sorted(names):
        add_admin(store, who)
    if outline is not None:
        assert name is not None and code is not None
        write_city(store, Actor(sorted(names)[0], "admin"), outline, name, code)
    if not empty:
        set_demo_passwords(store)
    return store


def install_demo(url: str, overwrite: bool, today: dt.date) -> Store:
    """Copy the bundled demo city to `url`, every date moved so that its anchor day is `today`."""
    src_path = demo_source_path()
    if not src_path.exists():
        raise StoreError.of("store.demo_missing", path=src_path)
    # Read the bundled file without ever writing to it (it may be read-only in an installation).
    src = create_engine(f"sqlite:///file:{src_path}?mode=ro&uri=true", future=True)
    try:
        src_meta = read_meta(src)
        anchor = dt.date.fromisoformat(src_meta["anchor_date"])
        # Every database made from the demo is a database of its own, with its own identity.
        meta = {k: v for k, v in src_meta.items() if k not in ("schema_version", "database_id")}
        meta["anchor_date"] = today.isoformat()
        meta["created_from"] = "demo"

        def fill(sc: Connection, dc: Connection) -> None:
            copy_tables(sc, dc, shift_days=(today - anchor).days)
            # the bundled city may predate the style-class column, or this catalogue
            fill_style_classes(dc)
            # Holiday patrols follow their holiday, not the plain shift; the holiday calendar is
            # loaded only when a database is made, not on every start that opens one.
            from riskmap.demo.realign import realign_patrols

            realign_patrols(sc, dc, today)

        return write_database(src, url, meta, overwrite, fill)
    finally:
        src.dispose()


def open_or_create_default(url: str) -> tuple[Store, bool]:
    """Open the default database, creating it from the demo city on first run."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return init_db(url), True
    # The user's own default database follows the program's schema without asking.
    return open_store(url, upgrade=path is not None), False
