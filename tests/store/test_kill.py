"""A process killed with SIGKILL while saving a batch of edits leaves all or none of the batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BATCH = 300

CHILD = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from riskmap.core.ledger import Ledger
    from riskmap.store.access import Actor
    from riskmap.store.engine import open_store

    url, pause = sys.argv[1], float(sys.argv[2])
    store = open_store(url)
    ledger = Ledger(store, Actor("zhangwei", "editor"), today=dt.date(2026, 11, 1))
    with ledger.edit() as tx:
        for i in range({batch}):
            hid = tx.create_hazard(1, "general", f"批量隐患 {{i}}", found_on=dt.date(2026, 10, 1))
            tx.set_rectification(hid, "整改", dt.date(2026, 12, 1))
            if i == {batch} // 2:
                print("halfway", flush=True)
                time.sleep(pause)
    print("committed", flush=True)
    time.sleep(30)
    """
).format(batch=BATCH)


def _counts(path: Path) -> tuple[list[str], int, int, int]:
    con = sqlite3.connect(path)
    try:
        integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
        hazards = con.execute("SELECT COUNT(*) FROM hazards").fetchone()[0]
        rects = con.execute("SELECT COUNT(*) FROM rectifications").fetchone()[0]
        events = con.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0]
    finally:
        con.close()
    return integrity, hazards, rects, events


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
@pytest.mark.parametrize("pause", [5.0, 0.0, 0.002, 0.02])
def test_sigkill_mid_batch_leaves_all_or_none(demo_copy: str, pause: float) -> None:
    path = Path(demo_copy.removeprefix("sqlite:///"))
    _, h0, r0, e0 = _counts(path)
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, demo_copy, str(pause)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "halfway"
    # pause 5 s: killed for sure inside the transaction; shorter pauses land anywhere from the
    # middle of the batch to the commit itself.
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL

    from riskmap.store.checks import check_db
    from riskmap.store.engine import open_store

    store = open_store(demo_copy)  # opens, recovering from the WAL
    assert check_db(store) == []
    store.dispose()
    integrity, h1, r1, e1 = _counts(path)
    assert integrity == ["ok"]
    assert (h1 - h0, r1 - r0, e1 - e0) in ((0, 0, 0), (BATCH, BATCH, 2 * BATCH))
    if pause >= 5.0:
        assert (h1, r1, e1) == (h0, r0, e0)
