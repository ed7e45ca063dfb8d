"""Hearing about other clients' commits: PostgreSQL's LISTEN/NOTIFY on `riskmap_changes`.

Schema version 3 installs statement-level triggers on the watched tables
(riskmap.store.schema.WATCHED_TABLES) that send the table's name. PostgreSQL delivers a
notification only when its transaction commits (a rolled-back one sends nothing) and folds the
identical ones of one transaction together, so a batch of 10,000 updates wakes a listener once
per table it touched.

A `ChangeListener` holds a connection of its own in LISTEN; `fileno()` is for select() or a Qt
socket notifier, `poll()` says (without blocking) which tables changed since the last poll, and
`wait()` blocks up to a timeout for the next change. When the server connection drops, the next
poll connects again; notifications sent in between are lost, so that poll reports every watched
table as changed, and a client simply re-reads everything.

SQLite has no such channel: `listener_for` returns None, and the caller watches the file
(riskmap.ui.wall.watch polls `DataVersion`, SQLite's `PRAGMA data_version`).
"""

from __future__ import annotations

import os
import select
import sqlite3
import time
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import Any

import psycopg2
from sqlalchemy import event

from riskmap.errors import StoreError
from riskmap.messages import Words
from riskmap.store.engine import Store, display_url
from riskmap.store.migrate import NOTIFY_CHANNEL
from riskmap.store.schema import WATCHED_TABLES

# Connection settings the URL does not give. A wall display keeps this connection for weeks, idle:
# TCP keepalives notice a server or network that vanished without closing the connection (about
# 10 + 3 × 5 s) — otherwise the socket would just stay silent and every later change be missed.
# The connect timeout bounds how long a reconnection attempt may block its caller (the GUI
# thread) while the server's host does not answer at all.
_CONNECT_DEFAULTS: dict[str, Any] = {
    "application_name": "riskmap listener",
    "connect_timeout": 2,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}
RETRY_S = 1.0  # wait(): how often to try again while the server cannot be reached


class ChangeListener:
    """The tables of one PostgreSQL riskmap database that changed, as other sessions commit.

    `ignore_own`: leave out the commits of this process's own `store` (its engine's pooled
    connections), for a window that already refreshes after its own edits. Other stores and
    other processes are always heard.
    """

    def __init__(self, store: Store, *, ignore_own: bool = False) -> None:
        if not store.is_postgis:
            raise StoreError.of(
                "store.watch_needs_pg",
                url=display_url(store.url),
                backend=store.engine.dialect.name,
            )
        self.store = store
        self.error = ""  # why the connection is down, one line ("" while listening)
        self.connects = 0  # connections made so far: a new one has a new fileno()
        self.notifications = 0  # notifications received, own ones included (tests, the log)
        self._conn: Any = None  # psycopg2 connection while listening
        self._closed = False  # close() was called: stay closed
        self._own_pids: set[int] = set()
        self._hooks: list[tuple[str, Any]] = []
        if ignore_own:
            # The backend pid of every pooled connection this process uses: a notification carries
            # the pid of the session that committed. get_backend_pid() asks libpq, not the server,
            # so a checkout costs nothing more. Python threads (jobs) check out too: set.add and
            # set.discard are atomic under the GIL.
            self._hooks = [("checkout", self._checked_out), ("close", self._forget)]
            for name, fn in self._hooks:
                event.listen(store.engine, name, fn)
        try:
            self._conn = self._connect()
        except psycopg2.Error as exc:
            self.close()
            raise StoreError.of(
                "store.cannot_listen", url=display_url(store.url), detail=exc
            ) from None

    # -- the connection -------------------------------------------------------------------
    def _connect(self) -> Any:
        # A connection of its own, not one taken from the engine's pool: it stays in LISTEN for
        # the listener's whole life, and a pooled one would be handed back to queries still
        # listening, closed by engine.dispose() or recycled by the pool behind our back. The
        # dialect's own create_connect_args gives exactly what the pool would connect with (host
        # or socket folder, port, user, password, sslmode and the rest of the URL's query).
        engine = self.store.engine
        cargs, cparams = engine.dialect.create_connect_args(engine.url)
        conn = psycopg2.connect(*cargs, **{**_CONNECT_DEFAULTS, **cparams})
        try:
            conn.autocommit = True  # LISTEN takes effect at once, no transaction stays open
            with conn.cursor() as cur:
                cur.execute(f"LISTEN {NOTIFY_CHANNEL}")
        except Exception:
            conn.close()
            raise
        self.connects += 1
        self.error = ""
        return conn

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed

    def fileno(self) -> int:
        """The socket to wait on (it changes when the listener connects again)."""
        if not self.connected:
            raise StoreError.of(
                "store.not_listening", detail=self.error or Words("closed", "已关闭")
            )
        return int(self._conn.fileno())

    def backend_pid(self) -> int:
        """The server process of the listening connection (for the server's admin, and tests)."""
        if not self.connected:
            raise StoreError.of(
                "store.not_listening", detail=self.error or Words("closed", "已关闭")
            )
        return int(self._conn.get_backend_pid())

    # -- hearing ----------------------------------------------------------------------------
    def poll(self) -> set[str]:
        """The watched tables changed since the last poll, without waiting for any.

        After the connection dropped, the poll that connects again returns every watched table
        (what changed meanwhile is unknown); while the server cannot be reached it returns an
        empty set, `connected` is False and `error` says why. Only such a reconnection attempt
        may block, at most `connect_timeout` (2 s) for a host that does not answer at all.
        """
        if self._closed:
            return set()
        if self._conn is None:
            return self._reconnect()
        try:
            self._conn.poll()  # reads what the socket holds, without waiting
        except psycopg2.Error as exc:  # OperationalError, InterfaceError: the server is gone
            self._drop(exc)
            return self._reconnect()
        notes = list(self._conn.notifies)
        self._conn.notifies.clear()
        self.notifications += len(notes)
        return {
            n.payload for n in notes if n.channel == NOTIFY_CHANNEL and n.pid not in self._own_pids
        }

    def wait(self, timeout_s: float) -> set[str]:
        """Block until some table changed or `timeout_s` passed; the tables (empty: none)."""
        deadline = time.monotonic() + max(0.0, timeout_s)
        while True:
            got = self.poll()
            left = deadline - time.monotonic()
            if got or left <= 0 or self._closed:
                return got
            if self._conn is None:
                time.sleep(min(left, RETRY_S))
            else:
                # Readable also for messages that are not notifications, and at EOF: poll again.
                select.select([self._conn], [], [], left)

    def _reconnect(self) -> set[str]:
        try:
            self._conn = self._connect()
        except psycopg2.Error as exc:
            self.error = _first_line(exc)
            return set()
        # Anything committed while no connection listened went unheard.
        self._conn.notifies.clear()
        return set(WATCHED_TABLES)

    def _drop(self, exc: BaseException) -> None:
        self.error = _first_line(exc)
        conn, self._conn = self._conn, None
        with suppress(psycopg2.Error):  # psycopg2 may have closed it when the server went away
            conn.close()

    def close(self) -> None:
        """Stop listening and close the connection (again: nothing)."""
        self._closed = True
        for name, fn in self._hooks:
            if event.contains(self.store.engine, name, fn):
                event.remove(self.store.engine, name, fn)
        self._hooks = []
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()
        self.error = self.error or "closed"

    def __enter__(self) -> ChangeListener:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- this process's own sessions ------------------------------------------------------
    def _checked_out(self, dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        self._own_pids.add(int(dbapi_conn.get_backend_pid()))

    def _forget(self, dbapi_conn: Any, _record: Any) -> None:
        # The server may give a closed session's pid to another client's session later.
        with suppress(psycopg2.Error):  # a broken connection has no pid left to forget
            self._own_pids.discard(int(dbapi_conn.get_backend_pid()))


def listener_for(store: Store, *, ignore_own: bool = False) -> ChangeListener | None:
    """A ChangeListener on a PostgreSQL store; None on SQLite, which has no notifications.

    Raises StoreError when the server cannot be reached.
    """
    if not store.is_postgis:
        return None
    return ChangeListener(store, ignore_own=ignore_own)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class DataVersion:
    """SQLite's answer to "did anyone commit?": `PRAGMA data_version` of a database file, which
    changes when another connection commits to it. Holds one read-only connection, opened again
    when the file is replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._inode: int | None = None

    def read(self) -> int | None:
        """The file's data version now; None when the file cannot be read."""
        try:
            inode = os.stat(self.path).st_ino
        except OSError:
            return None
        if self._conn is not None and inode != self._inode:  # the file was replaced
            self.close()
        try:
            if self._conn is None:
                # read-only, autocommit: the probe never holds a transaction open, so it never
                # keeps a writer from checkpointing
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self._conn = sqlite3.connect(uri, uri=True, isolation_level=None)
                self._inode = inode
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            self.close()
            return None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None
