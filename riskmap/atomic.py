"""Writing a file so that a reader never sees half of it and a failure leaves the old one.

Every file riskmap writes for people (briefings, exports, rosters, settings) goes through here:
a temporary file beside the target, flushed to disk, renamed over it, and the directory flushed
so the rename survives a power cut too. The file gets ordinary permissions, 0666 less the umask,
like any file a program creates: a briefing on a shared folder opens for a colleague. (mkstemp,
used before, makes every file 0600.)
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from riskmap.errors import RiskmapError
from riskmap.messages import os_reason

_MODE = 0o666  # the kernel takes the umask off, as for any file a program creates


def _error(path: Path, exc: OSError) -> RiskmapError:
    return RiskmapError.of("export.cannot_write", path=path, detail=os_reason(exc))


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # a directory that cannot be opened (Windows): the rename is all there is
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares) do not sync directories
    finally:
        os.close(fd)


def _new_temp(path: Path) -> Path:
    """A new empty file beside `path`, created with ordinary permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _MODE))
        except FileExistsError:
            continue
        return tmp
    raise RiskmapError.of("export.no_temp_name", path=path)


def _ordinary_mode(directory: Path) -> int:
    """The mode a new file gets in `directory` (0666 less the umask): read off a probe file,
    as the umask cannot be read without setting it, which races with other threads."""
    probe = _new_temp(directory / "mode")
    try:
        return probe.stat().st_mode & 0o777
    finally:
        probe.unlink(missing_ok=True)


def replace_with(
    tmp: str | os.PathLike[str], path: str | os.PathLike[str], *, reset_mode: bool = False
) -> Path:
    """Move the finished file `tmp` over `path` durably: its bytes, then the rename, on disk.

    `reset_mode`: give the file ordinary permissions first, for a file another library made
    with its own (SQLite, and so GDAL's GeoPackage, makes 0644 whatever the umask)."""
    tmp, path = Path(tmp), Path(path)
    if reset_mode:
        os.chmod(tmp, _ordinary_mode(path.parent))
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)
    return path


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside `path` to write to (by name, e.g. openpyxl's save); on leaving
    the block it replaces `path`, on an exception it is removed. RiskmapError on OSError."""
    path = Path(path)
    try:
        tmp = _new_temp(path)
    except OSError as exc:
        raise _error(path, exc) from None
    try:
        yield tmp
        replace_with(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _error(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """`data` to `path` through a temporary file beside it and a rename; RiskmapError on failure."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))
