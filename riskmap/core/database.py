"""What the window may know of the database, in one place.

The window (riskmap.ui) runs no SQL and imports nothing from riskmap.store — an import-linter
contract keeps it so. What it needs of the database it takes from here: who is acting (Actor,
login_name), the open database (Store) and its failures (DatabaseError), opening, probing and
naming a database (probe_database, ServerAddress, display_url, is_database_url, sqlite_path),
watching for other seats' changes (listener_for, ChangeListener, DataVersion, WATCHED_TABLES),
and the loaded districts and one attribute of a layer's sites (DistrictRecord, attr_values).
Counts and rules are not here: they are riskmap.core.figures'; the ledger's workflow is
riskmap.core.ledger's. A name added here is a decision that the window may depend on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from riskmap.store.access import Actor, login_name
from riskmap.store.checks import DatabaseProbe, probe_database
from riskmap.store.engine import (
    DatabaseError,
    ServerAddress,
    Store,
    display_url,
    is_database_url,
    sqlite_path,
)
from riskmap.store.load import DistrictRecord, attr_values

if TYPE_CHECKING:
    from riskmap.store.watch import WATCHED_TABLES, ChangeListener, DataVersion, listener_for

# The change watch needs psycopg2, which a file seat (and the desktop bundle) does without: it
# is loaded when a name of it is first asked for (the wall), not with the rest of the window.
_WATCH_NAMES = frozenset({"WATCHED_TABLES", "ChangeListener", "DataVersion", "listener_for"})


def __getattr__(name: str) -> Any:
    if name in _WATCH_NAMES:
        from riskmap.store import watch

        return getattr(watch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "WATCHED_TABLES",
    "Actor",
    "ChangeListener",
    "DataVersion",
    "DatabaseError",
    "DatabaseProbe",
    "DistrictRecord",
    "ServerAddress",
    "Store",
    "attr_values",
    "display_url",
    "is_database_url",
    "listener_for",
    "login_name",
    "probe_database",
    "sqlite_path",
]
