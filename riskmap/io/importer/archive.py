"""How much a compressed file may expand to, and the checks that hold it to that.

A KMZ or ZIP of 1 MB can expand to 1 GB or more (a "zip bomb"), and its headers can lie about
it. Members are checked twice: the sizes the central directory declares before anything is
read, and the bytes actually produced while reading (`Counted`), so a lying header stops at the
limit too. Members are always read as streams, never whole into memory. ZIP64 archives (over
4 GB, or written with it forced) are read like any other: Python's zipfile knows the format.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Sequence

from riskmap.io.importer.report import SourceError

ENV_VAR = "RISKMAP_MAX_EXPANDED_MB"
DEFAULT_MAX_EXPANDED_MB = 2048
_CHUNK = 1 << 20


def max_expanded_bytes() -> int:
    """The limit on what an archive may expand to, from $RISKMAP_MAX_EXPANDED_MB (MB)."""
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_MAX_EXPANDED_MB << 20
    try:
        mb = float(raw)
    except ValueError:
        mb = -1.0
    if not mb > 0:
        raise SourceError.of("import.expand_limit_setting", env=ENV_VAR, value=raw)
    return int(mb * (1 << 20))


def too_big(name: str, limit: int) -> SourceError:
    return SourceError.of(
        "import.expands_beyond", name=name, limit_mb=limit / (1 << 20), env=ENV_VAR
    )


def check_declared(name: str, infos: Sequence[zipfile.ZipInfo], limit: int | None = None) -> None:
    """Refuse before reading when the members' declared sizes already exceed the limit."""
    limit = max_expanded_bytes() if limit is None else limit
    declared = sum(i.file_size for i in infos)
    if declared > limit:
        raise SourceError.of(
            "import.would_expand",
            name=name,
            declared_mb=declared / (1 << 20),
            limit_mb=limit / (1 << 20),
            env=ENV_VAR,
        )


class Counted(io.RawIOBase):
    """A read-only stream over `inner` that raises SourceError once more than `limit` bytes
    came out of it (whatever the archive's headers declared)."""

    def __init__(self, inner: io.BufferedIOBase | io.RawIOBase, name: str, limit: int) -> None:
        self._inner = inner
        self._name = name
        self._limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._inner.read(len(b))
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
            # e.g. a CRC that does not match: the headers lie about the data
            raise SourceError.of("import.damaged", name=self._name, detail=str(exc)) from None
        n = len(data)
        self.count += n
        if self.count > self._limit:
            raise too_big(self._name, self._limit)
        b[:n] = data
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


def verify_members(
    path_name: str, z: zipfile.ZipFile, infos: Sequence[zipfile.ZipInfo], limit: int | None = None
) -> None:
    """Read the members through, counting: refuse when they produce more than the limit or are
    damaged, before a reader that trusts the headers (GDAL's /vsizip/) gets them."""
    limit = max_expanded_bytes() if limit is None else limit
    check_declared(path_name, infos, limit)
    total = 0
    try:
        for info in infos:
            with z.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise too_big(path_name, limit)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise SourceError.of("import.damaged", name=path_name, detail=str(exc)) from None
    except NotImplementedError as exc:  # an unsupported compression method
        raise SourceError.of("import.zip_member", name=path_name, detail=str(exc)) from None
