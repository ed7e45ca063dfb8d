"""The office's document settings and number register, on SQLite and PostGIS."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text

from riskmap.core.documents import (
    DocumentSettings,
    format_doc_number,
    issue_number,
    issuing,
    load_document_settings,
    peek_number,
    register,
    save_document_settings,
)
from riskmap.demo.install import init_db
from riskmap.errors import PermissionDenied, RiskmapError
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
from riskmap.store.schema import AuditEvent

ADMIN = Actor("admin", "admin", "管理员")
EDITOR = Actor("zhangwei", "editor", "张伟")
VIEWER = Actor("wall", "viewer", "大屏")
# The smallest PNG: signature, IHDR 1×1 grey, IDAT, IEND.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c63600000000200015e3a3d6b0000000049454e44ae426082"
)


@pytest.fixture(params=["sqlite", "postgis"])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'docs.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    s = init_db(url, empty=True, admin="admin")
    s.meta["city_name"] = "石门市"
    yield s
    s.dispose()


def test_number_reads_as_gb9704_writes_it() -> None:
    assert format_doc_number("石安办督", 2026, 3) == "石安办督〔2026〕3号"
    assert format_doc_number("石安办督", 2027, 120) == "石安办督〔2027〕120号"


def test_defaults_before_anything_is_set(store) -> None:
    s = load_document_settings(store)
    assert s.office == "石门市安全生产委员会办公室"
    assert s.number_prefix == "石安办督"
    assert s.marking == "内部资料"
    assert s.seal_png is None and s.title_font is None and s.body_font is None
    assert s.contact_person == "" and s.contact_phone == ""


def test_settings_round_trip_and_are_audited(store) -> None:
    want = DocumentSettings(
        office="石门市安全生产委员会办公室",
        contact_person="王建国",
        contact_phone="0736-1234567",
        number_prefix="石安委办",
        seal_png=PNG,
        marking="内部资料 注意保存",
        title_font="FZXiaoBiaoSong-B05S",
        body_font=None,
    )
    save_document_settings(store, want, ADMIN)
    assert load_document_settings(store) == want
    # Reopened, as another seat would see them.
    other = open_store(store.url)
    try:
        assert load_document_settings(other) == want
    finally:
        other.dispose()
    changed = DocumentSettings(**{**want.__dict__, "contact_phone": "0736-7654321"})
    save_document_settings(store, changed, ADMIN)
    with store.engine.connect() as c:
        events = c.execute(
            select(AuditEvent.user, AuditEvent.action, AuditEvent.before, AuditEvent.after)
            .where(AuditEvent.table == "document_settings")
            .order_by(AuditEvent.id)
        ).all()
    assert [(e.user, e.action) for e in events] == [("admin", "create"), ("admin", "update")]
    assert events[0].after["contact_person"] == "王建国"
    assert events[1].before["contact_phone"] == "0736-1234567"
    assert events[1].after["contact_phone"] == "0736-7654321"


def test_only_an_admin_sets_them_and_a_seal_must_be_a_png(store) -> None:
    with pytest.raises(PermissionDenied):
        save_document_settings(store, DocumentSettings(office="x"), EDITOR)
    with pytest.raises(RiskmapError, match="PNG"):
        save_document_settings(store, DocumentSettings(seal_png=b"GIF89a...."), ADMIN)
    with pytest.raises(RiskmapError, match="prefix"):
        save_document_settings(store, DocumentSettings(number_prefix="石安办督〔2026〕"), ADMIN)
    assert load_document_settings(store).office == "石门市安全生产委员会办公室"


def test_numbers_run_on_without_gaps_per_kind_and_year(store) -> None:
    assert peek_number(store, "notice", 2026) == 1
    got = [issue_number(store, "notice", 2026, EDITOR, f"单位{i}") for i in range(1, 4)]
    assert got == [1, 2, 3]
    assert peek_number(store, "notice", 2026) == 4
    assert peek_number(store, "notice", 2026) == 4  # a preview issues nothing
    assert issue_number(store, "briefing", 2026, EDITOR, "简报") == 1
    assert issue_number(store, "notice", 2027, EDITOR, "单位") == 1
    rows = register(store, "notice", 2026)
    assert [(r.number, r.issued_by, r.subject) for r in rows] == [
        (1, "zhangwei", "单位1"),
        (2, "zhangwei", "单位2"),
        (3, "zhangwei", "单位3"),
    ]
    with store.engine.connect() as c:
        n = c.scalar(text("SELECT COUNT(*) FROM audit_events WHERE \"table\" = 'document_numbers'"))
    assert n == 5


def test_a_failed_document_takes_no_number(store) -> None:
    issue_number(store, "notice", 2026, EDITOR, "A")
    with pytest.raises(OSError), issuing(store, "notice", 2026, EDITOR, "B") as n:
        assert n == 2
        raise OSError("disk full")
    assert issue_number(store, "notice", 2026, EDITOR, "C") == 2
    assert [r.subject for r in register(store, "notice", 2026)] == ["A", "C"]


def test_a_viewer_issues_nothing_and_kinds_are_checked(store) -> None:
    with pytest.raises(PermissionDenied):
        issue_number(store, "notice", 2026, VIEWER, "x")
    with pytest.raises(RiskmapError, match="register"):
        issue_number(store, "memo", 2026, EDITOR, "x")
    assert register(store) == []


def test_unique_kind_year_number_in_the_database(store) -> None:
    issue_number(store, "notice", 2026, EDITOR, "A")
    with pytest.raises(Exception, match=re.compile("unique", re.I)), store.engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO document_numbers (kind, year, number, issued_at, issued_by, subject)"
                " VALUES ('notice', 2026, 1, CURRENT_TIMESTAMP, 'x', '')"
            )
        )


def test_concurrent_seats_never_share_a_number(store) -> None:
    """Threads with engines of their own, as separate seats would be."""
    per_seat, seats = 6, 4
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def seat(i: int) -> None:
        s = open_store(store.url)
        try:
            for _ in range(per_seat):
                n = issue_number(s, "notice", 2026, EDITOR, f"seat {i}")
                with lock:
                    got.append(n)
        except BaseException as exc:
            errors.append(exc)
        finally:
            s.dispose()

    threads = [threading.Thread(target=seat, args=(i,)) for i in range(seats)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(got) == list(range(1, per_seat * seats + 1))


SEAT = """
import sys
from riskmap.core.documents import issue_number
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
s = open_store(sys.argv[1])
print(" ".join(str(issue_number(s, "briefing", 2026, Actor("a", "editor"), "p")) for _ in range(5)))
"""


def test_concurrent_processes_never_share_a_number(store) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", SEAT, store.url], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    got = [int(n) for p in procs for n in p.communicate(timeout=120)[0].split()]
    assert all(p.returncode == 0 for p in procs)
    assert sorted(got) == list(range(1, 16))
