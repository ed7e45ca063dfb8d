"""The command line's one error boundary, on a real read-only database, a really full disk and
an injected bug: one line on stderr, exit 2 (1 for a bug, with the log named), no traceback,
the database unchanged."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from test_cli import assert_one_line_error, digest, run


def _can_mount() -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    not _can_mount(), reason="needs root and a private mount namespace (unshare -m)"
)


def _riskmap(*args: str) -> str:
    return shlex.join([sys.executable, "-m", "riskmap", *args])


def _in_namespace(script: str, out: Path) -> tuple[int, str]:
    """Run `script` (sh) in a private mount namespace; (the riskmap exit code, its stderr)."""
    proc = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode == 0, proc.stderr
    code = int((out / "rc").read_text().strip())
    return code, (out / "stderr").read_text(encoding="utf-8")


def _venues(path: Path, n: int) -> Path:
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(104.3, 105.1, n), rng.uniform(35.2, 35.9, n)
    lines = ["名称,经度,纬度,类型"]
    lines += [
        f"场所{i},{x:.6f},{y:.6f},学校" for i, (x, y) in enumerate(zip(lon, lat, strict=True))
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@needs_mount
def test_import_and_user_add_on_a_read_only_database(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    venues = _venues(tmp_path / "场所.csv", 20)
    before = digest(db)
    user_add = ["user", "add", "lisi", "--role", "editor", "--db", demo_copy, "--user", "admin"]
    for command, stdin in (
        (
            [
                "import",
                str(venues),
                "--layer",
                "dense_venues",
                "--db",
                demo_copy,
                "--user",
                "admin",
            ],
            "",
        ),
        # the acting admin's password (the demo's), then the new user's
        ([*user_add, "--password-stdin"], "printf 'riskmap\\nlisi-2026-pw\\n' | "),
    ):
        # The file alone is mounted read-only: SQLite opens it read-only and refuses the write
        # ("attempt to write a readonly database"), as for a copy on a read-only share.
        script = (
            f"mount --bind {db} {db} && mount -o remount,bind,ro {db} && "
            f"{stdin}{_riskmap(*command)} 2>{tmp_path / 'stderr'}; echo $? >{tmp_path / 'rc'}"
        )
        code, err = _in_namespace(script, tmp_path)
        proc = subprocess.CompletedProcess(command, code, "", err)
        assert_one_line_error(proc, "the database is read-only", "nothing was changed")
    assert digest(db) == before


@needs_mount
def test_an_import_onto_a_full_disk(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    venues = _venues(tmp_path / "场所.csv", 20_000)
    disk = tmp_path / "disk"
    disk.mkdir()
    # Room for the database and a little more: the import's writes fill the disk (ENOSPC).
    size_k = db.stat().st_size // 1024 + 256
    target = disk / db.name
    url = f"sqlite:///{target}"
    command = _riskmap(
        "import", str(venues), "--layer", "dense_venues", "--db", url, "--user", "admin"
    )
    script = (
        f"mount -t tmpfs -o size={size_k}k tmpfs {disk} && cp {db} {target} && "
        f"sha256sum {target} >{tmp_path / 'before'} && "
        f"{command} >/dev/null 2>{tmp_path / 'stderr'}; echo $? >{tmp_path / 'rc'}; "
        f"sha256sum {target} >{tmp_path / 'after'}"
    )
    code, err = _in_namespace(script, tmp_path)
    proc = subprocess.CompletedProcess([], code, "", err)
    assert_one_line_error(proc, "disk", "full", "nothing was written")
    before = (tmp_path / "before").read_text().split()[0]
    assert (tmp_path / "after").read_text().split()[0] == before


def test_a_bug_is_logged_and_its_line_names_the_log(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    env = {**os.environ, "RISKMAP_LOG_DIR": str(logs)}
    proc = run("--log-path", env=env)
    assert proc.returncode == 0 and proc.stdout.strip() == str(logs / "riskmap.log")
    # A command with a bug in it: the boundary must not print the traceback.
    code = (
        "import riskmap.cli as cli\n"
        "def broken(args):\n"
        "    return {}['no such key']\n"
        "cli.cmd_summary = broken\n"
        "raise SystemExit(cli.main(['summary']))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 1, proc.stderr
    err = proc.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith("riskmap: error: an unexpected error (KeyError: 'no such key')")
    assert err.endswith(str(logs / "riskmap.log"))
    logged = (logs / "riskmap.log").read_text(encoding="utf-8")
    assert "Traceback" in logged and "no such key" in logged and "in broken" in logged


def test_an_exception_on_another_thread_is_one_line_and_logged(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    code = (
        "import threading\n"
        "from riskmap.logs import install_hooks\n"
        "install_hooks()\n"
        "t = threading.Thread(target=lambda: 1 / 0, name='worker-1')\n"
        "t.start(); t.join()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "RISKMAP_LOG_DIR": str(logs)},
        timeout=120,
    )
    err = proc.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert "ZeroDivisionError" in err and str(logs / "riskmap.log") in err
    assert "in worker-1" in (logs / "riskmap.log").read_text(encoding="utf-8")
