"""The office's documents: its settings (who issues, how numbers read, seal, marking, fonts) and
the register of document numbers (发文登记).

Both live in the database, so every seat of an office issues the same letterhead and draws its
numbers from one register. A number is issued inside a transaction: the next one of its kind and
year, so the register has no gaps and no number twice (the unique (kind, year, number) key makes a
race lose loudly; on PostgreSQL an advisory lock makes it wait instead).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from riskmap.errors import RiskmapError
from riskmap.store.access import Actor
from riskmap.store.engine import Store
from riskmap.store.schema import DocumentNumber
from riskmap.store.schema import DocumentSettings as SettingsRow

# What the register numbers: 督办通知 and 简报 each count from 1 every year.
DOCUMENT_KINDS = ("notice", "briefing")
SETTINGS_ROW_ID = 1
DEFAULT_MARKING = "内部资料"
# A seal is a small image; a larger file is almost certainly a scan of a whole page.
MAX_SEAL_BYTES = 2_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Attempts at a number when another seat takes the same one at the same moment (SQLite; on
# PostgreSQL the lock makes the second wait, so one attempt is enough there).
ISSUE_ATTEMPTS = 8
_PG_LOCK_KEY = 0x5249534B  # "RISK": the register's advisory lock


@dataclass(frozen=True)
class DocumentSettings:
    """How the office's documents read. Empty strings and None mean "not set"."""

    office: str = ""  # 发文机关 / 编制单位, e.g. 石门市安全生产委员会办公室
    contact_person: str = ""  # the office's own contact, printed on every notice
    contact_phone: str = ""
    number_prefix: str = ""  # 机关代字, e.g. 石安办督
    seal_png: bytes | None = None
    marking: str = DEFAULT_MARKING  # printed top left, e.g. 内部资料
    title_font: str | None = None  # a face name; None: the bundled serif
    body_font: str | None = None

    def without_seal(self) -> DocumentSettings:
        return replace(self, seal_png=None)


def default_settings(city_name: str) -> DocumentSettings:
    """What a new database's documents say: the city's 安委办 and its usual 代字."""
    city = city_name.strip()
    return DocumentSettings(
        office=f"{city}安全生产委员会办公室",
        number_prefix=f"{city[:1]}安办督" if city else "安办督",
    )


_FIELDS = tuple(f.name for f in fields(DocumentSettings))


def load_document_settings(store: Store) -> DocumentSettings:
    """The stored settings; each field not set takes the default for the store's city."""
    defaults = default_settings(store.city_name)
    with Session(store.engine) as s:
        row = s.get(SettingsRow, SETTINGS_ROW_ID)
    if row is None:
        return defaults
    values = {}
    for name in _FIELDS:
        value = getattr(row, name)
        if name == "seal_png":
            values[name] = bytes(value) if value else None
        elif name in ("title_font", "body_font"):
            values[name] = value or None
        else:
            values[name] = value or getattr(defaults, name)
    return DocumentSettings(**values)


def check_seal(png: bytes | None) -> None:
    """RiskmapError unless `png` is None or a PNG image of a sensible size."""
    if png is None:
        return
    if not png.startswith(PNG_SIGNATURE):
        raise RiskmapError.of("documents.seal_not_png")
    if len(png) > MAX_SEAL_BYTES:
        raise RiskmapError.of(
            "documents.seal_too_big",
            mb=round(len(png) / 1e6, 1),
            limit_mb=round(MAX_SEAL_BYTES / 1e6, 1),
        )


def save_document_settings(store: Store, settings: DocumentSettings, user: Actor) -> None:
    """Store `settings` for every seat; an admin's change, audited like any other edit."""
    check_seal(settings.seal_png)
    prefix = settings.number_prefix.strip()
    if any(c in prefix for c in "〔〕[]()（）") or prefix.endswith("号"):
        raise RiskmapError.of("documents.bad_prefix", given=prefix)
    with store.begin(user) as s:
        row = s.get(SettingsRow, SETTINGS_ROW_ID)
        if row is None:
            row = SettingsRow(id=SETTINGS_ROW_ID)
            s.add(row)
        row.office = settings.office.strip()
        row.contact_person = settings.contact_person.strip()
        row.contact_phone = settings.contact_phone.strip()
        row.number_prefix = prefix
        row.seal_png = settings.seal_png
        row.marking = settings.marking.strip()
        row.title_font = (settings.title_font or "").strip() or None
        row.body_font = (settings.body_font or "").strip() or None


def format_doc_number(prefix: str, year: int, n: int) -> str:
    """发文字号 as GB/T 9704-2012 7.2.4 writes it: 石安办督〔2026〕3号 (no 第, no leading zeros)."""
    return f"{prefix}〔{year}〕{n}号"


def _check_kind(kind: str) -> None:
    if kind not in DOCUMENT_KINDS:
        raise RiskmapError.of("documents.kind", kind=kind, choices=list(DOCUMENT_KINDS))


@contextmanager
def issuing(store: Store, kind: str, year: int, user: Actor, subject: str) -> Iterator[int]:
    """The next number of `kind` in `year`, registered when the block ends without an error.

    The document is made inside the block, so a failure (a full disk, a font missing) leaves no
    number issued for a document that does not exist: the register has no gaps.
    """
    _check_kind(kind)
    last_error: Exception | None = None
    for _ in range(ISSUE_ATTEMPTS):
        s = store.session(user)
        s.begin()
        try:
            n = _take_next(s, kind, year, user, subject)
        except IntegrityError as exc:  # another seat took this number first
            s.close()
            last_error = exc
            continue
        except OperationalError as exc:
            s.close()
            # SQLite: another seat holds the write lock past the busy timeout.
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            last_error = exc
            continue
        except BaseException:
            s.close()
            raise
        with s:
            try:
                yield n
            except BaseException:
                s.rollback()
                raise
            s.commit()
        return
    detail = str(last_error).splitlines()[0] if last_error else ""
    raise RiskmapError.of("documents.register_busy", detail=detail)


def _take_next(s: Session, kind: str, year: int, user: Actor, subject: str) -> int:
    if s.get_bind().dialect.name == "postgresql":
        # Held to the end of the transaction: the next seat reads the register after our insert.
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    else:
        # Take SQLite's write lock before reading, so that two seats cannot read the same last
        # number (a statement that writes nothing still takes the lock).
        s.execute(text("UPDATE document_numbers SET number = number WHERE 0"))
    last = s.scalar(
        select(func.max(DocumentNumber.number)).where(
            DocumentNumber.kind == kind, DocumentNumber.year == year
        )
    )
    n = int(last or 0) + 1
    s.add(
        DocumentNumber(
            kind=kind,
            year=year,
            number=n,
            issued_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            issued_by=user.name,
            subject=subject,
        )
    )
    s.flush()
    return n


def issue_number(store: Store, kind: str, year: int, user: Actor, subject: str) -> int:
    """Issue and register the next number of `kind` (notice | briefing) in `year`."""
    with issuing(store, kind, year, user, subject) as n:
        return n


def peek_number(store: Store, kind: str, year: int) -> int:
    """The number the next document of `kind` in `year` would get (a preview's; nothing issued)."""
    _check_kind(kind)
    with Session(store.engine) as s:
        last = s.scalar(
            select(func.max(DocumentNumber.number)).where(
                DocumentNumber.kind == kind, DocumentNumber.year == year
            )
        )
    return int(last or 0) + 1


@dataclass(frozen=True)
class IssuedNumber:
    kind: str
    year: int
    number: int
    issued_at: dt.datetime
    issued_by: str
    subject: str


def register(store: Store, kind: str | None = None, year: int | None = None) -> list[IssuedNumber]:
    """The register, oldest first, optionally of one kind and year."""
    stmt = select(DocumentNumber).order_by(
        DocumentNumber.kind, DocumentNumber.year, DocumentNumber.number
    )
    if kind is not None:
        stmt = stmt.where(DocumentNumber.kind == kind)
    if year is not None:
        stmt = stmt.where(DocumentNumber.year == year)
    with Session(store.engine) as s:
        return [
            IssuedNumber(r.kind, r.year, r.number, r.issued_at, r.issued_by, r.subject)
            for r in s.scalars(stmt)
        ]
