"""A tile server on 127.0.0.1 for the basemap's tests (no network): real PNG tiles that say
which tile they are, request counts, and forced refusals or error pages."""

from __future__ import annotations

import http.server
import struct
import threading
import zlib
from collections import Counter


def png(z: int, x: int, y: int) -> bytes:
    """A real 8×8 grey PNG whose pixels say which tile it is (so every tile differs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + bytes([(z * 31 + x * 7 + y) % 256] * 8) for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class TileServer:
    """/{z}/{x}/{y}.png; `status` forces an HTTP error, `body` a 200 that is not an image."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.status = 200
        self.body: bytes | None = None
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.hits[self.path] += 1
                if owner.status != 200:
                    self.send_error(owner.status)
                    return
                try:
                    z, x, y = (int(p) for p in self.path.removesuffix(".png").split("/")[1:4])
                except ValueError:
                    self.send_error(404)
                    return
                data = owner.body if owner.body is not None else png(z, x, y)
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if not self.thread.is_alive():
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
