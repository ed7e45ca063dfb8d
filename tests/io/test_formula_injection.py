"""A name typed as a formula stays text in every CSV and XLSX riskmap writes, and riskmap's
own files read back as written (no apostrophe left over)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from riskmap.core.catalog import load_catalog
from riskmap.core.patrol import load_patrols
from riskmap.io.export import export_layer
from riskmap.io.importer import import_features, plan_import, read_features
from riskmap.io.tables import write_csv, write_xlsx
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

EVIL = [
    '=HYPERLINK("http://x","click")',
    "=cmd|' /C calc'!A0",
    "+86 加油站",
    "-危化品仓库",
    "@SUM(A1:A9)",
    "\t制表符开头",
    "\r回车开头",
]
ADMIN = Actor("admin", "admin")
NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a number written as a number: nothing to run


def _starts_evil(v: object) -> bool:
    return isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r")


def _csv_cells(path_or_text: Path | str) -> list[list[str]]:
    text = (
        path_or_text.read_bytes().decode("utf-8-sig")
        if isinstance(path_or_text, Path)
        else path_or_text
    )
    return list(csv.reader(io.StringIO(text, newline="")))


def _assert_csv_neutral(rows: list[list[str]], must_hold: list[str]) -> None:
    cells = [c for r in rows for c in r]
    run = [c for c in cells if _starts_evil(c) and not NUMBER.fullmatch(c)]
    assert not run, f"cells a spreadsheet would run: {run[:3]}"
    for name in must_hold:
        assert "'" + name in cells, name


def _assert_xlsx_neutral(path: Path, must_hold: list[str]) -> None:
    wb = load_workbook(path)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if (
                    isinstance(c.value, str)
                    and c.value.startswith("'")
                    and _starts_evil(c.value[1:])
                ):
                    pytest.fail(f"{ws.title}!{c.coordinate}: an apostrophe stored: {c.value!r}")
                if _starts_evil(c.value) or (isinstance(c.value, str) and c.value[:1] == "\n"):
                    assert c.data_type == "s" and c.quotePrefix, (ws.title, c.coordinate)
                    seen.add(c.value)
    for name in must_hold:
        # XML reads a carriage return back as a line feed (openpyxl does not escape it)
        assert name.replace("\r", "\n") in seen | {v.replace("\r", "\n") for v in seen}, name


@pytest.fixture
def evil_url(demo_copy: str) -> str:
    """The demo city with its first chemical plants (and every unit's first) renamed as above."""
    con = sqlite3.connect(demo_copy.removeprefix("sqlite:///"))
    with con:
        ids = [
            r[0]
            for r in con.execute(
                "SELECT id FROM sites WHERE layer = 'chemical_plants' ORDER BY id LIMIT ?",
                (len(EVIL),),
            )
        ]
        for i, name in zip(ids, EVIL, strict=True):
            con.execute("UPDATE sites SET name = ? WHERE id = ?", (name, i))
        # every other site too, so each briefing list and the ledger hold such names
        marks = ",".join("?" * len(ids))
        con.execute(f"UPDATE sites SET name = '=' || name WHERE id NOT IN ({marks})", ids)
    con.close()
    return demo_copy


def test_cell_writers_neutralise_and_numbers_stay_numbers(tmp_path: Path) -> None:
    headers = ["名称", "人数", "日期"]
    rows = [[n, -5, dt.date(2026, 4, 4)] for n in EVIL] + [["-5", 3.5, None]]
    out = write_csv(tmp_path / "t.csv", headers, rows)
    cells = _csv_cells(out)
    _assert_csv_neutral(cells, [*EVIL, "-5"])
    assert cells[1][1:] == ["-5", "2026-04-04"]  # the number -5 is not quoted
    out = write_xlsx(tmp_path / "t.xlsx", {"表": (headers, rows)})
    _assert_xlsx_neutral(out, [*EVIL, "-5"])
    ws = load_workbook(out).active
    assert ws["B2"].value == -5 and ws["B2"].data_type == "n"
    assert ws["C2"].value == dt.datetime(2026, 4, 4)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_layer_export_and_its_import_round_trip(evil_url: str, tmp_path: Path, suffix) -> None:
    store = open_store(evil_url)
    out = export_layer(store, tmp_path / f"plants{suffix}", "chemical_plants").path
    if suffix == ".csv":
        _assert_csv_neutral(_csv_cells(out), EVIL)
    else:
        _assert_xlsx_neutral(out, EVIL)
    con = sqlite3.connect(evil_url.removeprefix("sqlite:///"))
    with con:
        before = sorted(
            r[0] for r in con.execute("SELECT name FROM sites WHERE layer = 'chemical_plants'")
        )
        con.execute("DELETE FROM sites WHERE layer = 'chemical_plants'")
    src = read_features(out)
    report = import_features(store, ADMIN, src, plan_import(src, load_catalog(), "chemical_plants"))
    assert report.written, report.to_text("en")
    after = sorted(
        r[0] for r in con.execute("SELECT name FROM sites WHERE layer = 'chemical_plants'")
    )
    con.close()
    store.dispose()
    # the importer trims the blanks around a name (its own rule), nothing else changes
    assert after == sorted(n.strip() for n in before)
    assert {n.strip() for n in EVIL} <= set(after)


def test_query_csv_on_the_command_line(evil_url: str) -> None:
    args = ["query", "--db", evil_url, "--layers", "chemical_plants", "--format", "csv"]
    proc = subprocess.run(
        [sys.executable, "-m", "riskmap", *args, "--table", "sites"],
        capture_output=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    # read as bytes: text mode would turn the CR of a name into a line feed
    _assert_csv_neutral(_csv_cells(proc.stdout.decode()), EVIL)


def test_briefing_ledger_duties_and_roster_xlsx(
    evil_url: str, tmp_path: Path, demo_anchor: dt.date
) -> None:
    from riskmap.brief.context import briefing_context
    from riskmap.brief.xlsx import write_xlsx as write_briefing
    from riskmap.core.workspace import Workspace
    from riskmap.io.duties_xlsx import export_duties
    from riskmap.io.ledger_xlsx import export_ledger
    from riskmap.io.patrol_export import write_roster_xlsx

    store = open_store(evil_url)
    ws = Workspace.load(store)
    b = briefing_context(ws, "qingming", 2026, as_of=demo_anchor)
    out = write_briefing(b, tmp_path / "brief.xlsx")
    _assert_xlsx_neutral(out, [])
    cells = [c.value for w in load_workbook(out).worksheets for r in w.iter_rows() for c in r]
    assert any(_starts_evil(v) for v in cells), "the briefing lists no renamed site"

    out = tmp_path / "ledger.xlsx"
    export_ledger(store, out, as_of=demo_anchor)
    _assert_xlsx_neutral(out, [])
    assert any(_starts_evil(c.value) for r in load_workbook(out).active.iter_rows() for c in r)

    out = tmp_path / "duties.xlsx"
    export_duties(store, out)
    _assert_xlsx_neutral(out, [])

    p = load_patrols(store)[0]
    odd = dataclasses.replace(p, name=EVIL[0], team=EVIL[1], note=EVIL[4])
    out = write_roster_xlsx([odd], tmp_path / "roster.xlsx")
    _assert_xlsx_neutral(out, [EVIL[0], EVIL[1], EVIL[4]])
    ws.store.dispose()
