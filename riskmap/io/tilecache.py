"""Remote basemap tiles: fetched over HTTP only for a source the user configured, and kept in a
size-capped disk cache (least recently used tiles go first) so the map works offline wherever
it has been looked at once.

The window keeps it in riskmap.paths.user_cache_dir()/tiles, one folder per source (never named
after the user's key), then z/x/y. Files are written whole (temporary file, then rename), and a
file that is not a complete image — a crash mid-write, a damaged disk — is dropped and fetched
again rather than drawn.
"""

from __future__ import annotations

import contextlib
import os
import threading
import urllib.error
import urllib.request
from collections import OrderedDict
from pathlib import Path
from urllib.parse import urlsplit

from riskmap.core.tiles import BasemapConfig, tile_url
from riskmap.errors import RiskmapError

DEFAULT_MAX_BYTES = 300 * 1024 * 1024  # ~15,000 street tiles: a city at every zoom it is seen
TIMEOUT_S = 8
_PNG = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"IEND\xaeB`\x82"


def complete_image(data: bytes) -> bool:
    """Whether `data` is a whole PNG, JPEG or WebP (not an error page, not a truncated file)."""
    if data.startswith(_PNG):
        return data.endswith(_PNG_END)
    if data.startswith(b"\xff\xd8"):
        return data.rstrip(b"\x00").endswith(b"\xff\xd9")
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return int.from_bytes(data[4:8], "little") + 8 == len(data)
    return False


class TileCache:
    """Tiles on disk under `root`, at most `max_bytes` in all. Safe to use from several threads.

    Recency survives a restart through the files' modification times, which a hit renews."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES):
        self.root = Path(root)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._files: OrderedDict[Path, int] = OrderedDict()  # oldest use first
        self._total = 0
        self._scanned = False  # on first write, in a loader thread: never on the GUI's

    def _scan(self) -> None:
        """Index the files already there, oldest use first (caller holds the lock)."""
        if self._scanned:
            return
        self._scanned = True
        found = []
        if self.root.is_dir():
            for path in self.root.rglob("*.tile"):
                try:
                    st = path.stat()
                except OSError:
                    continue
                found.append((st.st_mtime_ns, path, st.st_size))
        for _mtime, path, size in sorted(found):
            self._files[path] = size
            self._total += size

    def path(self, source: str, z: int, x: int, y: int) -> Path:
        return self.root / source / str(z) / str(x) / f"{y}.tile"

    @property
    def total_bytes(self) -> int:
        with self._lock:
            self._scan()
            return self._total

    def get(self, source: str, z: int, x: int, y: int) -> bytes | None:
        path = self.path(source, z, x, y)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not complete_image(data):
            self._forget(path, unlink=True)
            return None
        with self._lock:
            if path in self._files:
                self._files.move_to_end(path)
        with contextlib.suppress(OSError):  # a read-only cache still serves its tiles
            os.utime(path)
        return data

    def put(self, source: str, z: int, x: int, y: int, data: bytes) -> None:
        if not complete_image(data) or len(data) > self.max_bytes:
            return
        path = self.path(source, z, x, y)
        tmp = path.with_name(f"{path.name}.{threading.get_ident()}.part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
            return  # a full or read-only disk: the map still shows the tile, just not offline
        with self._lock:
            self._scan()
            self._total += len(data) - self._files.pop(path, 0)
            self._files[path] = len(data)
            victims = []
            while self._total > self.max_bytes and self._files:
                old, size = self._files.popitem(last=False)
                self._total -= size
                victims.append(old)
        for old in victims:
            old.unlink(missing_ok=True)

    def _forget(self, path: Path, unlink: bool) -> None:
        with self._lock:
            self._total -= self._files.pop(path, 0)
        if unlink:
            path.unlink(missing_ok=True)


class RemoteTiles:
    """One URL template of a configured source (天地图's map or its labels, or an XYZ URL),
    read through the disk cache. `refusal` holds the first refusal by the server (a bad key,
    a forbidden URL) for the window to say once."""

    def __init__(self, template: str, cache_name: str, config: BasemapConfig, cache: TileCache):
        self.template, self.cache_name, self.cache = template, cache_name, cache
        self.subdomains = config.subdomain_chars
        self.tianditu = config.kind == "tianditu"
        self.min_zoom, self.max_zoom = 0, config.max_zoom
        self.name = urlsplit(template).hostname or template
        self.refusal: RiskmapError | None = None

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        data = self.cache.get(self.cache_name, z, x, y)
        if data is not None:
            return data
        url = tile_url(self.template, z, x, y, self.subdomains)
        req = urllib.request.Request(url, headers={"User-Agent": "riskmap"})
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
                data = resp.read()
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403, 418, 429) and self.refusal is None:
                self.refusal = (
                    RiskmapError.of("tiles.tianditu_refused", status=exc.code)
                    if self.tianditu
                    else RiskmapError.of("tiles.server_refused", host=self.name, status=exc.code)
                )
            return None  # 404: no tile there; the map works without it
        except (OSError, ValueError):
            return None  # offline: the map works without its basemap
        if not complete_image(data):
            return None  # an error page served as 200 is neither drawn nor kept
        self.cache.put(self.cache_name, z, x, y, data)
        return data

    def close(self) -> None:
        pass


def remote_layers(config: BasemapConfig, cache: TileCache) -> list[RemoteTiles]:
    """The fetchers of a configured online source, bottom layer first."""
    return [RemoteTiles(t, name, config, cache) for t, name in config.layers()]
