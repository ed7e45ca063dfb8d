"""`riskmap ledger | user | audit | notice | db upgrade` as a user runs them: real processes."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from schema_v1 import make_version_1
from test_cli import assert_one_line_error, digest, run


@pytest.fixture
def db(demo_copy: str) -> tuple[str, Path]:
    return demo_copy, Path(demo_copy.removeprefix("sqlite:///"))


def _one(path: Path, sql: str, *params: object) -> object:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


def _submitted_rect(path: Path) -> int:
    return int(_one(path, "SELECT id FROM rectifications WHERE status = 'submitted' LIMIT 1"))


def test_a_viewer_is_refused_and_nothing_changes(db) -> None:
    url, path = db
    rid = _submitted_rect(path)
    before = digest(path)
    proc = run("ledger", "transition", str(rid), "verify", "--db", url, "--user", "wall")
    assert_one_line_error(proc, "wall is a viewer")
    proc = run("ledger", "transition", str(rid), "verify", "--db", url, "--user", "nobody")
    assert_one_line_error(proc, "nobody (not an active user)")
    assert digest(path) == before


def test_transition_and_its_audit_trail(db) -> None:
    url, path = db
    rid = _submitted_rect(path)
    site = _one(
        path,
        "SELECT h.site_id FROM rectifications r JOIN hazards h ON h.id = r.hazard_id"
        " WHERE r.id = ?",
        rid,
    )
    verify = ("ledger", "transition", str(rid), "verify", "--db", url, "--user", "lina")
    before = digest(path)
    # Four eyes: lina's name is not enough, her password is asked (no terminal here).
    proc = run(*verify, "--note", "现场复核合格")
    assert_one_line_error(proc, "Password for lina", "--password-stdin")
    proc = run(*verify, "--note", "现场复核合格", "--password-stdin", stdin="guess\n")
    assert_one_line_error(proc, "wrong user name or password")
    proc = run(*verify, "--password-stdin", stdin="riskmap\n")
    assert_one_line_error(proc, "验收意见")
    assert digest(path) == before
    proc = run(*verify, "--note", "现场复核合格", "--password-stdin", stdin="riskmap\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"rectification {rid}: verified"
    assert _one(path, "SELECT verified_by FROM rectifications WHERE id = ?", rid) == "lina"
    assert _one(path, "SELECT review_note FROM rectifications WHERE id = ?", rid) == "现场复核合格"
    proc = run("audit", "--site", str(site), "--db", url, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    newest = json.loads(proc.stdout)[0]
    assert (newest["user"], newest["action"], newest["table"]) == (
        "lina",
        "update",
        "rectifications",
    )
    assert (newest["before"]["status"], newest["after"]["status"]) == ("submitted", "verified")
    hazard = _one(path, "SELECT hazard_id FROM rectifications WHERE id = ?", rid)
    assert newest["note"] == "现场复核合格" and newest["hazard_id"] == hazard
    assert newest["what"] == f"verify and close (hazard #{hazard})"
    proc = run("audit", "--site", str(site), "--db", url)
    assert "status: submitted → verified" in proc.stdout
    # Forbidden: nothing leaves verified.
    proc = run("ledger", "transition", str(rid), "reject", "--db", url, "--user", "zhangwei")
    assert_one_line_error(proc, "cannot reject a rectification that is verified")


def test_escalate_dry_run_then_for_real(db) -> None:
    url, path = db
    proc = run("ledger", "escalate", "--db", url, "--as-of", "2026-12-31", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    n = int(proc.stdout.strip().splitlines()[-1].split()[0])
    assert n > 0
    assert _one(
        path, "SELECT COUNT(*) FROM hazards WHERE escalated_on IS NOT NULL AND escalation = 1"
    )
    before = _one(path, "SELECT COUNT(*) FROM hazards WHERE escalation = 1")
    proc = run("ledger", "escalate", "--db", url, "--as-of", "2026-12-31", "--user", "zhangwei")
    assert proc.returncode == 0, proc.stderr
    assert _one(path, "SELECT COUNT(*) FROM hazards WHERE escalation = 1") == before + n


def test_users_are_managed_by_an_admin(db) -> None:
    url, path = db
    proc = run("user", "add", "chen", "--role", "editor", "--db", url, "--user", "zhangwei")
    assert_one_line_error(proc, "changing users needs the admin role")
    add = ("user", "add", "chen", "--role", "editor", "--db", url, "--user", "admin")
    proc = run(*add, "--password-stdin", stdin="not-the-admins\nchen-2026\n")
    assert_one_line_error(proc, "wrong user name or password")
    # The admin's password, then chen's.
    proc = run(*add, "--password-stdin", stdin="riskmap\nchen-2026\n")
    assert proc.returncode == 0, proc.stderr
    proc = run("user", "list", "--db", url, "--format", "json")
    users = {u["name"]: u["role"] for u in json.loads(proc.stdout)}
    assert users["chen"] == "editor" and users["wall"] == "viewer"
    rid = _submitted_rect(path)
    proc = run("ledger", "transition", str(rid), "verify", "--db", url, "--user", "chen",
               "--note", "合格", "--password-stdin", stdin="chen-2026\n")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = run("user", "set", "chen", "--inactive", "--db", url, "--user", "admin",
               "--password-stdin", stdin="riskmap\n")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert _one(path, "SELECT active FROM users WHERE name = 'chen'") == 0
    # An inactive user is a viewer again.
    rid = _submitted_rect(path)
    proc = run("ledger", "transition", str(rid), "verify", "--db", url, "--user", "chen")
    assert_one_line_error(proc, "chen (not an active user) is a viewer")
    # add (the user, then its password), set
    assert _one(path, "SELECT COUNT(*) FROM audit_events WHERE \"table\" = 'users'") == 3


def test_passwords_are_changed_by_their_owner_or_reset_by_an_admin(db) -> None:
    url, path = db
    hashed = "SELECT password_hash FROM users WHERE name = ?"
    lina = _one(path, hashed, "lina")
    passwd = ("user", "passwd", "lina", "--db", url, "--password-stdin")
    # lina herself, a viewer too: the old password first.
    proc = run(*passwd, "--user", "lina", stdin="wrong\nnew-secret\n")
    assert_one_line_error(proc, "wrong user name or password")
    proc = run(*passwd, "--user", "lina", stdin="riskmap\nshort\n")
    assert_one_line_error(proc, "at least 6 characters")
    assert _one(path, hashed, "lina") == lina
    proc = run(*passwd, "--user", "lina", stdin="riskmap\nlina-own-2026\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "lina: password set"
    assert _one(path, hashed, "lina") != lina and "lina-own-2026" not in _one(path, hashed, "lina")
    # zhangwei cannot set hers; the admin, signed in, resets it.
    proc = run(*passwd, "--user", "zhangwei", stdin="riskmap\nzhang-knows\n")
    assert_one_line_error(proc, "only a signed-in admin")
    proc = run(*passwd, "--user", "admin", stdin="riskmap\nreset-by-admin\n")
    assert proc.returncode == 0, proc.stderr
    rid = _submitted_rect(path)
    proc = run("ledger", "transition", str(rid), "verify", "--db", url, "--user", "lina",
               "--note", "合格", "--password-stdin", stdin="reset-by-admin\n")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    # A viewer changes their own password too.
    proc = run("user", "passwd", "duty", "--db", url, "--user", "duty", "--password-stdin",
               stdin="riskmap\nduty-2026-new\n")  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def test_db_upgrade_from_version_1(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    url = f"sqlite:///{path}"
    assert run("db", "init", "--empty", "--db", url).returncode == 0
    make_version_1(path)
    proc = run("summary", "--db", url)
    assert_one_line_error(proc, "riskmap db upgrade")
    proc = run("db", "upgrade", "--db", url)
    assert proc.returncode == 0, proc.stderr
    assert "(was 1)" in proc.stdout
    assert run("db", "check", "--db", url).returncode == 0


def test_notice_pdf_for_a_unit_by_name(db, tmp_path: Path) -> None:
    from pypdf import PdfReader

    url, _ = db
    out = tmp_path / "notice.pdf"
    proc = run("notice", "--unit", "石门县交通运输局", "--out", str(out), "--db", url,
               "--as-of", "2026-11-01", "--user", "zhangwei")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "open rectifications" in proc.stdout
    reader = PdfReader(out)
    text = "".join(reader.pages[0].extract_text().split()).replace("\x00", "")
    assert "石门县交通运输局" in text and "督办通知" in text
    assert re.search(r"〔2026〕1号", text) and "〔2026〕1号" in proc.stdout
    # A draft takes no number: the next real one is 2.
    proc = run("notice", "--unit", "石门县交通运输局", "--out", str(out), "--db", url,
               "--as-of", "2026-11-01", "--draft", "--user", "wall")  # fmt: skip
    assert proc.returncode == 0 and "no number taken" in proc.stdout
    proc = run("notice", "--unit", "石门县交通运输局", "--out", str(out), "--db", url,
               "--as-of", "2026-11-01", "--user", "zhangwei")  # fmt: skip
    assert "〔2026〕2号" in proc.stdout
    # A viewer previews, and may not take a number.
    proc = run("notice", "--unit", "石门县交通运输局", "--out", str(out), "--db", url,
               "--user", "wall")  # fmt: skip
    assert proc.returncode == 2 and "editor" in proc.stderr
    proc = run("notice", "--unit", "交通运输局", "--out", str(out), "--db", url)
    assert_one_line_error(proc, "交通运输局")


def test_ledger_export_then_import_from_the_command_line(db, tmp_path: Path) -> None:
    url, path = db
    out = tmp_path / "台账.xlsx"
    proc = run("ledger", "export", str(out), "--db", url, "--as-of", "2026-11-01")
    assert proc.returncode == 0, proc.stderr
    n = _one(path, "SELECT COUNT(*) FROM hazards")
    assert proc.stdout.strip() == f"wrote {n} hazards to {out}"
    events = _one(path, "SELECT COUNT(*) FROM audit_events")
    proc = run("ledger", "import", str(out), "--db", url, "--user", "zhangwei")
    assert proc.returncode == 0, proc.stderr
    assert _one(path, "SELECT COUNT(*) FROM audit_events") == events  # nothing changed
    # A bad cell: nothing is written, the report names the row, exit code 1.
    from openpyxl import load_workbook

    wb = load_workbook(out)
    ws = wb.worksheets[0]
    col = [c.value for c in ws[1]].index("发现日期") + 1
    ws.cell(row=7, column=col, value="2026-02-30")
    wb.save(out)
    before = digest(path)
    report = tmp_path / "report.csv"
    proc = run("ledger", "import", str(out), "--db", url, "--user", "zhangwei",
               "--report", str(report))  # fmt: skip
    assert proc.returncode == 1
    assert "7" in proc.stderr and "发现日期" in proc.stderr
    assert report.exists()
    assert digest(path) == before


def test_duties_export_and_import(db, tmp_path: Path) -> None:
    url, path = db
    out = tmp_path / "责任清单.xlsx"
    proc = run("duties", "export", str(out), "--db", url)
    assert proc.returncode == 0, proc.stderr
    n = _one(path, "SELECT COUNT(*) FROM duties")
    assert proc.stdout.strip() == f"wrote {n} duties to {out}"
    proc = run("duties", "import", str(out), "--db", url, "--user", "zhangwei")
    assert_one_line_error(proc, "zhangwei is an editor; changing duties needs the admin role")
    proc = run("duties", "import", str(out), "--db", url, "--user", "admin", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert _one(path, "SELECT COUNT(*) FROM duties") == n


def test_an_old_ledger_copy_exits_2_and_force_overwrites(db, tmp_path: Path) -> None:
    url, path = db
    out = tmp_path / "旧台账.xlsx"
    assert run("ledger", "export", str(out), "--db", url).returncode == 0
    rid = int(_one(path, "SELECT id FROM rectifications WHERE status = 'in_progress' LIMIT 1"))
    proc = run("ledger", "transition", str(rid), "submit", "--db", url, "--user", "lina")
    assert proc.returncode == 0, proc.stderr
    before = digest(path)
    proc = run("ledger", "import", str(out), "--db", url, "--user", "zhangwei")
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert "李娜 于" in proc.stderr and "整改状态：整改中 → 待验收" in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].endswith("import it again with --force")
    assert digest(path) == before
    proc = run("ledger", "import", str(out), "--db", url, "--user", "zhangwei", "--force")
    assert proc.returncode == 0, proc.stderr
    # The submission stands: a spreadsheet never moves the workflow back.
    assert _one(path, "SELECT status FROM rectifications WHERE id = ?", rid) == "submitted"
    assert _one(path, "SELECT submitted_by FROM rectifications WHERE id = ?", rid) == "lina"


def test_a_named_ledger_from_amap_is_refused_until_the_datum_is_said(db, tmp_path: Path) -> None:
    """A city's own 台账 (CSV, enterprises by name) with lon/lat copied from Amap: exit 2 and
    what to add; with --datum gcj02 its rows land at the sites of their names."""
    from riskmap.core.datum import from_wgs84

    url, path = db
    con = sqlite3.connect(path)
    try:
        sites = con.execute(
            "SELECT id, name, lon, lat FROM sites WHERE layer = 'mines' AND name IN "
            "(SELECT name FROM sites GROUP BY name HAVING count(*) = 1) ORDER BY id LIMIT 5"
        ).fetchall()
        (anchor,) = con.execute("SELECT value FROM meta WHERE key = 'anchor_date'").fetchone()
    finally:
        con.close()
    lines = ["单位名称,经度,纬度,隐患描述,隐患等级,发现日期"]
    for _sid, name, lon, lat in sites:
        glon, glat = from_wgs84(lon, lat, "gcj02")
        lines.append(f"{name},{float(glon):.7f},{float(glat):.7f},巷道支护不足,重大,{anchor}")
    csv_file = tmp_path / "矿山台账.csv"
    csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    before = digest(path)
    proc = run("ledger", "import", str(csv_file), "--db", url, "--user", "zhangwei")
    assert proc.returncode == 2, proc.stderr
    assert "GCJ-02（高德地图）" in proc.stderr and "--datum gcj02" in proc.stderr
    assert digest(path) == before
    proc = run("ledger", "import", str(csv_file), "--datum", "gcj02", "--db", url,
               "--user", "zhangwei")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "新增 5 条" in proc.stdout
    got = _one(path, "SELECT group_concat(site_id) FROM (SELECT site_id FROM hazards "
               "WHERE description = '巷道支护不足' ORDER BY site_id)")  # fmt: skip
    assert got == ",".join(str(s[0]) for s in sorted(sites))
