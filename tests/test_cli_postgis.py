"""The command line gives the same answers on PostGIS as on SQLite (every feature, one server)."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest

from riskmap.cli import main


@pytest.fixture
def both(demo_copy: str, demo_pg_copy: str) -> dict[str, str]:
    return {"sqlite": demo_copy, "postgis": demo_pg_copy}


def _json(capsys, *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_query_json_is_identical(both, demo_anchor, capsys) -> None:
    outs = [
        _json(capsys, "query", "--db", url, "--district", "东川县", "--format", "json",
              "--as-of", demo_anchor.isoformat())
        for url in both.values()
    ]  # fmt: skip
    assert outs[0] == outs[1] and len(outs[0]["sites"]) > 100


def test_incident_and_patrol_coverage_are_identical(both, demo_anchor, capsys) -> None:
    texts = []
    for url in both.values():
        assert main(["incident", "--db", url, "--at", "104.62,35.61", "--as-of",
                     demo_anchor.isoformat()]) == 0  # fmt: skip
        assert main(["patrol", "coverage", "--db", url, "--preset", "qingming"]) == 0
        texts.append(capsys.readouterr().out)
    assert texts[0] == texts[1] and "km" in texts[0]


def test_export_import_round_trip_on_postgis(both, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("RISKMAP_USER", "admin")
    files = {}
    for name, url in both.items():
        files[name] = tmp_path / f"chem_{name}.gpkg"
        assert main(["export", str(files[name]), "--layer", "chemical_plants", "--db", url]) == 0
    a, b = (pyogrio.read_dataframe(f) for f in files.values())
    assert len(a) == len(b) > 10
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    assert a.geometry.geom_equals_exact(b.geometry, tolerance=1e-9).all()
    capsys.readouterr()
    pg = both["postgis"]
    assert main(["import", str(files["sqlite"]), "--layer", "chemical_plants", "--db", pg]) == 0
    capsys.readouterr()
    after = _json(capsys, "query", "--db", pg, "--layers", "chemical_plants", "--format", "json")
    assert len(after["sites"]) == 2 * len(a)


def test_ledger_edits_and_audit_on_postgis(demo_pg_copy: str, capsys, monkeypatch) -> None:
    monkeypatch.setenv("RISKMAP_USER", "zhangwei")
    out = _json(capsys, "query", "--db", demo_pg_copy, "--status", "open", "--format", "json")
    rect = next(r for r in out["rectifications"] if r["status"] == "open")
    assert main(["ledger", "transition", str(rect["id"]), "start", "--db", demo_pg_copy]) == 0
    capsys.readouterr()
    assert main(["audit", "--site", str(rect["site_id"]), "--format", "json",
                 "--db", demo_pg_copy]) == 0  # fmt: skip
    events = json.loads(capsys.readouterr().out)
    assert any(e["user"] == "zhangwei" and e["table"] == "rectifications" for e in events)
