"""Live refresh on PostgreSQL (LISTEN/NOTIFY), on a real server and a writable demo city: another
process changes a hazard and a listener hears it (how fast: bench/live.py); a rolled-back
transaction says nothing; a batch says once per table; a dropped connection is taken up again.
SQLite has no listener (its clients watch the file)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from pg_editor import commit_now, committed_at, editor_process
from sqlalchemy import select, text

from riskmap.core.ledger import Ledger
from riskmap.errors import StoreError
from riskmap.store.access import Actor
from riskmap.store.engine import Store, open_store
from riskmap.store.schema import WATCHED_TABLES, Hazard
from riskmap.store.watch import ChangeListener, listener_for

EDITOR = Actor("zhangwei", "editor", "张伟")


def open_general_hazard(store: Store) -> int:
    with store.session() as s:
        return s.scalar(
            select(Hazard.id).where(Hazard.level == "general").order_by(Hazard.id).limit(1)
        )


@pytest.fixture
def store(demo_pg_copy: str) -> Iterator[Store]:
    s = open_store(demo_pg_copy)
    yield s
    s.dispose()


@pytest.fixture
def listener(store: Store) -> Iterator[ChangeListener]:
    with ChangeListener(store) as lis:
        yield lis


def test_another_process_changing_a_hazard_is_heard(
    store: Store, listener: ChangeListener, demo_anchor: dt.date
) -> None:
    hid = open_general_hazard(store)
    with editor_process(store.url, demo_anchor, hid) as proc:
        assert listener.poll() == set()  # the editor read, and reading says nothing
        commit_now(proc)
        got = listener.wait(30.0)  # returns as soon as it hears; the bound only ends a failure
        heard = time.time()
        latency = heard - committed_at(proc)
    assert "hazards" in got
    print(f"\nNOTIFY latency, commit in another process → listener: {latency * 1000:.1f} ms")
    with store.session() as s:
        assert s.get(Hazard, hid).level == "major"
    assert listener.poll() == set()  # heard once


def test_nothing_changed_polls_empty(listener: ChangeListener) -> None:
    assert isinstance(listener.fileno(), int) and listener.fileno() >= 0
    assert listener.poll() == set()
    assert listener.wait(0.3) == set()
    assert listener.notifications == 0


def test_a_rolled_back_transaction_notifies_nothing(
    store: Store, listener: ChangeListener, demo_anchor: dt.date
) -> None:
    hid = open_general_hazard(store)
    ledger = Ledger(store, EDITOR, today=demo_anchor)
    with pytest.raises(RuntimeError), ledger.edit() as tx:
        tx.update_hazard(hid, {"level": "major"})
        raise RuntimeError("changed my mind")
    assert listener.wait(0.5) == set()
    assert listener.notifications == 0
    with store.session() as s:
        assert s.get(Hazard, hid).level == "general"
    # The same edit committed is heard: the silence above was the rollback's.
    with ledger.edit() as tx:
        tx.update_hazard(hid, {"level": "major"})
    assert "hazards" in listener.wait(1.0)


def test_a_batch_in_one_transaction_notifies_once_per_table(
    store: Store, listener: ChangeListener
) -> None:
    with store.session() as s:
        ids = list(s.scalars(select(Hazard.id).order_by(Hazard.id).limit(500)))
    assert len(ids) == 500
    with store.engine.begin() as c:
        for hid in ids:  # 500 statements, each firing the statement-level trigger
            c.execute(text("UPDATE hazards SET category = category WHERE id = :id"), {"id": hid})
        c.execute(text("UPDATE rectifications SET funds = funds"))
        assert listener.wait(0.3) == set()  # nothing before the commit
    assert listener.wait(1.0) == {"hazards", "rectifications"}
    assert listener.wait(0.3) == set()
    assert listener.notifications == 2  # PostgreSQL folded 501 into one per table


def test_a_dropped_connection_is_taken_up_again_and_reported_as_everything(
    store: Store, listener: ChangeListener, demo_anchor: dt.date
) -> None:
    old_fd, old_pid = listener.fileno(), listener.backend_pid()
    with store.engine.connect() as c:  # the server's admin ends the listener's session
        assert c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": old_pid}).scalar()
    # Whatever was committed meanwhile went unheard: every watched table may have changed.
    assert listener.wait(2.0) == set(WATCHED_TABLES)
    assert listener.connected and listener.connects == 2 and listener.error == ""
    assert listener.backend_pid() != old_pid
    assert listener.fileno() >= 0 and old_fd >= 0
    ledger = Ledger(store, EDITOR, today=demo_anchor)
    with ledger.edit() as tx:
        tx.update_hazard(open_general_hazard(store), {"level": "major"})
    assert "hazards" in listener.wait(1.0)


def test_ignore_own_hears_other_stores_only(demo_pg_copy: str, demo_anchor: dt.date) -> None:
    mine, other = open_store(demo_pg_copy), open_store(demo_pg_copy)
    try:
        with ChangeListener(mine, ignore_own=True) as lis:
            with Ledger(mine, EDITOR, today=demo_anchor).edit() as tx:
                tx.update_hazard(open_general_hazard(mine), {"level": "major"})
            assert lis.wait(0.5) == set()
            assert lis.notifications >= 1  # it came, and was left out
            with Ledger(other, EDITOR, today=demo_anchor).edit() as tx:
                tx.update_hazard(open_general_hazard(other), {"level": "major"})
            assert "hazards" in lis.wait(1.0)
        assert lis.poll() == set() and not lis.connected  # closed stays closed
    finally:
        mine.dispose()
        other.dispose()


def test_sqlite_has_no_listener(demo_url: str) -> None:
    store = open_store(demo_url)
    try:
        assert listener_for(store) is None
        with pytest.raises(StoreError, match="need PostgreSQL"):
            ChangeListener(store)
    finally:
        store.dispose()
