"""An editor in another process, for the live-refresh tests (tests/ is on sys.path: conftest).

It opens the store first (imports take a second or two), says "ready", and commits its hazard
change only when told to, so that the listener is already waiting; right after each commit it
prints its time.time(). It commits once per "go" (optionally "go LEVEL": that level instead of
the one it was started with) until its input ends: bench/live.py times many commits with one.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EDITOR_PROCESS = textwrap.dedent("""
    import datetime as dt, sys, time
    from riskmap.core.ledger import Ledger
    from riskmap.store.access import Actor
    from riskmap.store.engine import open_store
    store = open_store(sys.argv[1])
    try:
        day = dt.date.fromisoformat(sys.argv[2])
        ledger = Ledger(store, Actor("lina", "editor", "李娜"), today=day)
        print("ready", flush=True)
        for line in sys.stdin:  # input closed without a "go": commit nothing
            word, *level = line.split()
            if word != "go":
                break
            with ledger.edit() as tx:
                tx.update_hazard(int(sys.argv[3]), {"level": level[0] if level else sys.argv[4]})
            print(time.time(), flush=True)
    finally:
        store.dispose()
""")


@contextmanager
def editor_process(
    url: str, day: dt.date, hazard_id: int, level: str = "major"
) -> Iterator[subprocess.Popen[str]]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    args = [sys.executable, "-c", EDITOR_PROCESS, url, day.isoformat(), str(hazard_id), level]
    with subprocess.Popen(
        args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", "the editor process failed"
            yield proc
        finally:
            if proc.poll() is None and proc.stdin is not None and not proc.stdin.closed:
                proc.stdin.close()  # an editor never told to commit exits without committing
            proc.wait(60)


def commit_now(proc: subprocess.Popen[str], level: str | None = None) -> None:
    """Tell the editor to commit (its hazard to `level`, else to the level it started with)."""
    assert proc.stdin is not None
    proc.stdin.write(f"go {level}\n" if level else "go\n")
    proc.stdin.flush()


def committed_at(proc: subprocess.Popen[str]) -> float:
    """The editor process's time.time() right after its commit."""
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line, "the editor process did not commit"
    return float(line)
