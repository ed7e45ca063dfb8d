"""Every file riskmap writes has the permissions any program's file has (0666 less the umask),
so a briefing saved on a shared folder opens for a colleague; and no temporary file is left."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from riskmap.atomic import atomic_path, write_bytes_atomic


@pytest.fixture(params=[0o022, 0o002], ids=["umask022", "umask002"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _no_leftovers(directory: Path) -> None:
    assert not [p.name for p in directory.rglob(".*") if p.name.endswith(".tmp")]


def test_every_output_kind(umask: int, demo_copy: str, tmp_path: Path, demo_anchor) -> None:
    from riskmap.brief import build_briefing
    from riskmap.core.patrol import load_patrols
    from riskmap.core.workspace import Workspace
    from riskmap.io.duties_xlsx import export_duties
    from riskmap.io.export import export_layer
    from riskmap.io.ledger_xlsx import export_ledger
    from riskmap.io.patrol_export import write_geojson, write_kml, write_roster_xlsx
    from riskmap.io.tables import write_csv
    from riskmap.store.engine import open_store

    want = 0o666 & ~umask
    store = open_store(demo_copy)
    ws = Workspace.load(store)
    out = tmp_path / "out"
    briefing = build_briefing(
        ws, "qingming", 2026, out_dir=out, formats=("html", "xlsx"), as_of=demo_anchor
    )
    written = list(briefing.values())
    assert {p.suffix for p in written} == {".html", ".xlsx"}
    for suffix in (".kml", ".geojson", ".csv", ".xlsx", ".gpkg"):
        written.append(export_layer(store, out / f"plants{suffix}", "chemical_plants").path)
    shp = export_layer(store, out / "roads.shp", "roads").path
    written += [shp.with_suffix(s) for s in (".shp", ".dbf", ".shx", ".prj", ".cpg")]
    patrols = load_patrols(store)
    written.append(write_kml(patrols, out / "patrols.kml", ws.crs))
    written.append(write_geojson(patrols, out / "patrols.geojson", ws.crs))
    written.append(write_roster_xlsx(patrols, out / "roster.xlsx"))
    export_ledger(store, out / "ledger.xlsx", as_of=dt.date(2026, 4, 1))
    export_duties(store, out / "duties.xlsx")
    written += [out / "ledger.xlsx", out / "duties.xlsx"]
    written.append(write_csv(out / "dossier.csv", ["a"], [["b"]]))
    store.dispose()
    modes = {p.name: oct(_mode(p)) for p in written}
    assert modes == {p.name: oct(want) for p in written}
    _no_leftovers(out)


def test_pdf(umask: int, demo_url: str, tmp_path: Path, demo_anchor) -> None:
    from riskmap.brief import fonts
    from riskmap.brief.notice_pdf import write_notice_pdf
    from riskmap.core.notice import unit_notice
    from riskmap.errors import RiskmapError
    from riskmap.store.engine import open_store

    try:
        fonts.find_cjk_fonts()
    except RiskmapError:
        pytest.skip("no Chinese font on this machine for the PDF")
    store = open_store(demo_url)
    out = write_notice_pdf(unit_notice(store, 1, demo_anchor), tmp_path / "n.pdf")
    store.dispose()
    assert _mode(out) == 0o666 & ~umask
    _no_leftovers(tmp_path)


def test_replacing_keeps_the_data_or_the_old_file(umask: int, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.html"
    write_bytes_atomic(target, b"old")
    assert _mode(target) == 0o666 & ~umask
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("the writer failed")
    assert target.read_bytes() == b"old"
    _no_leftovers(tmp_path)
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_atomic_writer_syncs_file_and_directory(tmp_path: Path, monkeypatch) -> None:
    synced: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        synced.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_bytes_atomic(tmp_path / "x.pdf", b"%PDF")
    assert synced == ["file", "dir"]
