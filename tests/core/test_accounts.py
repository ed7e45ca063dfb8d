"""Passwords: the stored hash, signing in, who may set whose password, and the first admin."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import select

from riskmap.core.accounts import authenticate, first_password_allowed, has_password
from riskmap.core.ledger import Ledger, resolve_actor
from riskmap.demo.install import init_db
from riskmap.errors import LedgerError, PermissionDenied
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
from riskmap.store.passwords import hash_password, verify_password
from riskmap.store.schema import AuditEvent, User


@pytest.fixture
def store(demo_copy: str):
    s = open_store(demo_copy)
    yield s
    s.dispose()


def _hash_of(store, name: str) -> str | None:
    with store.session() as s:
        return s.get(User, name).password_hash


# -- the stored form -------------------------------------------------------------------------


def test_the_hash_is_scrypt_with_its_parameters_salt_and_key() -> None:
    stored = hash_password("巡查2026!")
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    salt_raw, key_raw = base64.b64decode(salt), base64.b64decode(key)
    assert (len(salt_raw), len(key_raw)) == (16, 32)
    # An independent derivation with the stored parameters gives the stored key.
    again = hashlib.scrypt(
        "巡查2026!".encode(), salt=salt_raw, n=16384, r=8, p=1, maxmem=64 * 2**20, dklen=32
    )
    assert again == key_raw
    assert "巡查2026!" not in stored


def test_verify_accepts_the_password_only() -> None:
    stored = hash_password("correct horse")
    assert verify_password("correct horse", stored)
    for wrong in ("correct horsE", "correct horse ", "", "x"):
        assert not verify_password(wrong, stored)
    assert not verify_password("correct horse", None)
    assert not verify_password("correct horse", "md5$abc")
    assert not verify_password("correct horse", stored.replace("scrypt$16384", "scrypt$3"))


def test_the_same_password_gets_a_different_salt_per_user(store) -> None:
    # Every demo user has the demo password, each hashed with their own salt.
    with store.session() as s:
        hashes = {u.name: u.password_hash for u in s.scalars(select(User))}
    assert {"admin", "zhangwei", "lina", "duty", "wall"} <= hashes.keys()
    salts = {h.split("$")[4] for h in hashes.values()}
    assert len(salts) == len(hashes)
    assert all(verify_password("riskmap", h) for h in hashes.values())


# -- signing in --------------------------------------------------------------------------------


def test_authenticate_proves_the_person_or_refuses_the_same_way(store) -> None:
    lina = authenticate(store, "lina", "riskmap")
    assert (lina.name, lina.role, lina.display_name, lina.authenticated) == (
        "lina",
        "editor",
        "李娜",
        True,
    )
    for name, password in (("lina", "wrong"), ("nobody", "riskmap"), ("lina", "")):
        with pytest.raises(PermissionDenied, match=r"^wrong user name or password$"):
            authenticate(store, name, password)
    # A name alone (a script's --user) is not proof.
    assert resolve_actor(store, "lina").authenticated is False


def test_an_inactive_user_cannot_sign_in(store) -> None:
    with Ledger(store, authenticate(store, "admin", "riskmap")).edit() as tx:
        tx.set_user("lina", "editor", "李娜", active=False)
    with pytest.raises(PermissionDenied, match="wrong user name or password"):
        authenticate(store, "lina", "riskmap")


# -- setting passwords -------------------------------------------------------------------------


def test_a_person_changes_their_own_password_given_the_old_one(store) -> None:
    zhang = authenticate(store, "zhangwei", "riskmap")
    before = _hash_of(store, "zhangwei")
    with (
        pytest.raises(PermissionDenied, match="current password is wrong"),
        Ledger(store, zhang).edit() as tx,
    ):
        tx.set_password("zhangwei", "新密码-2026", old="guess")
    assert _hash_of(store, "zhangwei") == before
    with Ledger(store, zhang).edit() as tx:  # an editor, yet their own password is theirs
        tx.set_password("zhangwei", "新密码-2026", old="riskmap")
    assert authenticate(store, "zhangwei", "新密码-2026").name == "zhangwei"
    with pytest.raises(PermissionDenied):
        authenticate(store, "zhangwei", "riskmap")


def test_only_a_signed_in_admin_resets_someone_elses(store) -> None:
    zhang = authenticate(store, "zhangwei", "riskmap")
    with pytest.raises(PermissionDenied), Ledger(store, zhang).edit() as tx:
        tx.set_password("lina", "zhang-knows-it")
    by_name_only = Actor("admin", "admin", "系统管理员")
    with (
        pytest.raises(PermissionDenied, match="only a signed-in admin"),
        Ledger(store, by_name_only).edit() as tx,
    ):
        tx.set_password("lina", "zhang-knows-it")
    assert authenticate(store, "lina", "riskmap").name == "lina"
    admin = authenticate(store, "admin", "riskmap")
    with pytest.raises(LedgerError, match="at least 6"), Ledger(store, admin).edit() as tx:
        tx.set_password("lina", "short")
    with Ledger(store, authenticate(store, "admin", "riskmap")).edit() as tx:
        tx.set_password("lina", "重置后的密码")
    assert authenticate(store, "lina", "重置后的密码").name == "lina"


def test_the_trail_records_that_a_password_changed_never_the_hash(store) -> None:
    admin = authenticate(store, "admin", "riskmap")
    with Ledger(store, admin).edit() as tx:
        tx.set_password("lina", "重置后的密码")
        events = tx.events
    with store.session() as s:
        (ev,) = [s.get(AuditEvent, i) for i in events]
        assert (ev.user, ev.table, ev.action) == ("admin", "users", "update")
        text = json.dumps([ev.before, ev.after], ensure_ascii=False)
        stored = s.get(User, "lina").password_hash
    assert "password_hash" not in text and stored.split("$")[5] not in text
    assert ev.before["password_set_at"] != ev.after["password_set_at"]


def test_the_first_admin_of_a_database_without_passwords_sets_their_own(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    store = init_db(url, empty=True, admin="root", today=dt.date(2026, 11, 1))
    try:
        assert not has_password(store, "root") and first_password_allowed(store, "root")
        with pytest.raises(PermissionDenied, match="root has no password yet; set the first"):
            authenticate(store, "root", "anything")
        root = resolve_actor(store, "root")
        with Ledger(store, root).edit() as tx:
            tx.set_user("chen", "editor", "陈")
        with (
            pytest.raises(PermissionDenied, match="chen has no password yet; an admin sets"),
            Ledger(store, resolve_actor(store, "chen")).edit() as tx,
        ):
            tx.set_password("chen", "chen-own-choice")
        with Ledger(store, root).edit() as tx:
            tx.set_password("root", "root-first-pw")
        # From now on the rule of the first password is spent: a second admin gets theirs
        # from a signed-in admin, as everyone else does.
        assert not first_password_allowed(store, "root")
        with pytest.raises(PermissionDenied, match="chen has no password yet; an admin sets"):
            authenticate(store, "chen", "x")
        root = authenticate(store, "root", "root-first-pw")
        with Ledger(store, root).edit() as tx:
            tx.set_password("chen", "chen-from-root")
        assert authenticate(store, "chen", "chen-from-root").role == "editor"
    finally:
        store.dispose()
