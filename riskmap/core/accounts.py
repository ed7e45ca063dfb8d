"""Who is at the keyboard, proven: riskmap passwords on a SQLite database.

A SQLite database keeps its users' password hashes (riskmap.store.passwords); the desktop client
asks for the password at start and at every switch of user, the command line for the steps that
need four eyes. On PostgreSQL the server's login is the proof, and riskmap asks nothing.

A database from before passwords (or a new empty one) has users without a password: while no
active admin has one, an active admin may set their own first password without the old one
(`first_password_allowed`); from then on every other first password comes from an admin.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmap.errors import LedgerError, PermissionDenied
from riskmap.store.access import EVENTS_KEY, Actor
from riskmap.store.engine import Store
from riskmap.store.passwords import hash_password, verify_password
from riskmap.store.schema import User

MIN_PASSWORD = 6


def _user(store: Store, name: str) -> User | None:
    with store.session() as s:
        u = s.get(User, name)
        return u if u is not None and u.active else None


def has_password(store: Store, name: str) -> bool:
    """Whether active user `name` has a password (False for an unknown or inactive name)."""
    u = _user(store, name)
    return u is not None and bool(u.password_hash)


def may_set_first_password(s: Session, u: User) -> bool:
    """The rule of the first password: `u` is an active admin without one, and no active admin
    has one yet (a database from before passwords, or a new empty one)."""
    if u.role != "admin" or not u.active or u.password_hash:
        return False
    keyed = s.scalar(
        select(User.name)
        .where(User.role == "admin", User.active.is_(True), User.password_hash.is_not(None))
        .limit(1)
    )
    return keyed is None


def first_password_allowed(store: Store, name: str) -> bool:
    """Whether `name` may set their own first password without anyone's (SQLite only)."""
    if store.is_postgis:
        return False
    with store.session() as s:
        u = s.get(User, name)
        return u is not None and may_set_first_password(s, u)


def authenticate(store: Store, name: str, password: str) -> Actor:
    """The active user `name`, proven by `password`; PermissionDenied when either is wrong or
    the user has no password yet (which says who may set it)."""
    name = name.strip()
    u = _user(store, name)
    if u is not None and not u.password_hash:
        if first_password_allowed(store, name):
            raise PermissionDenied.of("account.first_password", user=name)
        raise PermissionDenied.of("account.no_password", user=name)
    if u is None or not verify_password(password, u.password_hash):
        # The same words whether the name or the password is wrong: a guesser learns no names.
        raise PermissionDenied.of("account.wrong")
    return Actor(u.name, u.role, u.display_name, authenticated=True)


def signed_in(actor: Actor) -> Actor:
    """`actor` as proven by other means (PostgreSQL's login, a first password just set)."""
    return dataclasses.replace(actor, authenticated=True)


def set_password(s: Session, actor: Actor, name: str, new: str, old: str | None = None) -> None:
    """Set `name`'s password in session `s`: a person changes their own given the old one
    (whatever their role); a signed-in admin resets anyone's; the first admin of a database
    without passwords sets their own first one. The hash is stored, the trail records the date."""
    if s.get_bind().dialect.name == "postgresql":
        raise LedgerError.of("account.on_server")
    u = s.get(User, name)
    if u is None:
        raise LedgerError.of("account.no_user", user=name)
    if len(new) < MIN_PASSWORD:
        raise LedgerError.of("account.too_short", count=MIN_PASSWORD)
    if name == actor.name:
        if u.password_hash:
            if not verify_password(old or "", u.password_hash):
                raise PermissionDenied.of("account.wrong_current")
        elif not may_set_first_password(s, u):
            raise PermissionDenied.of("account.no_password", user=name)
    elif not (actor.may("admin") and actor.authenticated):
        raise PermissionDenied.of("account.admin_only", user=name)
    u.password_hash = hash_password(new)
    u.password_set_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    s.flush()


def change_password(
    store: Store, actor: Actor, name: str, new: str, old: str | None = None
) -> list[int]:
    """`set_password` in a transaction of its own (a viewer may change their own password,
    though they may not edit the ledger); the audit events it wrote."""
    with store.begin(actor) as s:
        set_password(s, actor, name, new, old)
        return list(s.info.get(EVENTS_KEY, []))
