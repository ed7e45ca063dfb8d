"""Whoever creates a PostGIS database with `riskmap db init` can run it afterwards: the admin
recorded is the user later commands act as (the database login), not only the system login."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from riskmap.cli import main
from riskmap.core.ledger import resolve_actor
from riskmap.store.engine import open_store
from riskmap.store.schema import User


@pytest.fixture
def chief_url(pg_server: str, pg_databases) -> str:
    """An empty PostGIS database owned by the login `chief_…`, which is no superuser."""
    login = f"chief_{uuid.uuid4().hex[:6]}"
    url = pg_databases.new()
    name = url.rsplit("/", 1)[1]
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE ROLE "{login}" LOGIN'))
        c.execute(text(f'ALTER DATABASE "{name}" OWNER TO "{login}"'))
    admin.dispose()
    db = create_engine(url, isolation_level="AUTOCOMMIT")
    with db.connect() as c:
        c.execute(text("CREATE EXTENSION postgis"))
        c.execute(text(f'GRANT ALL ON SCHEMA public TO "{login}"'))
    db.dispose()
    return url.replace("://postgres@", f"://{login}@")


def _admins(url: str) -> set[str]:
    store = open_store(url)
    try:
        with store.session() as s:
            return {u.name for u in s.query(User).filter_by(role="admin", active=True)}
    finally:
        store.dispose()


def test_creator_is_admin_as_the_database_login(chief_url: str, monkeypatch, capsys) -> None:
    login = chief_url.split("://", 1)[1].split("@", 1)[0]
    monkeypatch.delenv("RISKMAP_USER", raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "ops")  # the system login differs
    assert main(["db", "init", "--empty", "--db", chief_url]) == 0
    assert _admins(chief_url) == {login}
    store = open_store(chief_url)
    actor = resolve_actor(store)
    store.dispose()
    assert (actor.name, actor.role) == (login, "admin")
    # an admin's command works: adding a user
    assert main(["user", "add", "wall01", "--role", "viewer", "--db", chief_url]) == 0
    capsys.readouterr()


def test_creator_with_riskmap_user_set_keeps_both(chief_url: str, monkeypatch, capsys) -> None:
    login = chief_url.split("://", 1)[1].split("@", 1)[0]
    monkeypatch.setenv("RISKMAP_USER", "zhangwei")
    assert main(["db", "init", "--empty", "--db", chief_url]) == 0
    assert _admins(chief_url) == {login, "zhangwei"}
    monkeypatch.delenv("RISKMAP_USER")  # a later shell without it: still the admin
    assert main(["user", "add", "wall02", "--role", "viewer", "--db", chief_url]) == 0
    capsys.readouterr()
