"""Where a vector file's data is (a file, or a member of a ZIP) and a shapefile's parts.

GDAL reads what it can and says little about what it could not: a shapefile without its .dbf
opens with no attributes, one whose .dbf header claims more records than it holds reads the
ones that are there, and a GBK attribute table without a .cpg comes out as Latin-1 mojibake. So
the parts are checked here from their headers, and the encoding is decided from the bytes:
the .cpg when the text agrees with it, else strict UTF-8, else GB18030 (a superset of GBK and
GB2312, the encodings of Chinese shapefiles).
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
from pathlib import Path, PurePosixPath

from riskmap.io.importer.archive import check_declared, verify_members
from riskmap.io.importer.report import SourceError
from riskmap.io.importer.source import check_encoding
from riskmap.messages import Note

VECTOR_SUFFIXES = (".gpkg", ".shp", ".geojson", ".json", ".kml", ".kmz", ".gpx", ".fgb")
_ENCODING_SAMPLE = 4 << 20  # bytes of a .dbf read to decide its encoding


# -- where the data is: a file, or a member of a ZIP -------------------------------------------


class Dataset:
    """The path GDAL opens (maybe /vsizip/…) and a reader for a shapefile's sibling parts."""

    def __init__(self, path: Path, layer: str | None) -> None:
        self.path = path
        self.name = path.name
        self.inner: str | None = None
        self.sizes: dict[str, int] = {}
        if path.stat().st_size == 0:
            raise SourceError.of("import.empty_file", name=path.name)
        if path.suffix.lower() == ".zip":
            self._open_zip(layer)
        else:
            stem = path.with_suffix("")
            for p in path.parent.glob(f"{_glob_escape(stem.name)}.*"):
                if p.with_suffix("") == stem:
                    self.sizes[p.suffix.lower()] = p.stat().st_size

    def _open_zip(self, layer: str | None) -> None:
        try:
            with zipfile.ZipFile(self.path) as z:
                infos = [i for i in z.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError, EOFError):
            raise SourceError.of("import.bad_zip", name=self.path.name) from None
        data = [i for i in infos if PurePosixPath(i.filename).suffix.lower() in VECTOR_SUFFIXES]
        data = [i for i in data if not PurePosixPath(i.filename).name.startswith(".")]
        if layer and len(data) > 1:
            data = [i for i in data if PurePosixPath(i.filename).stem == layer] or data
        if not data:
            raise SourceError.of("import.zip_no_data", name=self.path.name)
        if len(data) > 1:
            names = ", ".join(i.filename for i in data[:8])
            raise SourceError.of("import.zip_several", name=self.path.name, names=names)
        self.inner = data[0].filename
        self.name = f"{self.path.name}/{self.inner}"
        if self.suffix == ".kmz":
            raise SourceError.of("import.zip_holds_kmz", name=self.path.name, inner=self.inner)
        stem = str(PurePosixPath(self.inner).with_suffix(""))
        parts = [i for i in infos if str(PurePosixPath(i.filename).with_suffix("")) == stem]
        for i in parts:
            self.sizes[PurePosixPath(i.filename).suffix.lower()] = i.file_size
        if self.suffix == ".kml":
            check_declared(self.path.name, [data[0]])  # the KML reader counts as it reads
        else:
            # GDAL's /vsizip/ trusts the headers: count what the members really expand to
            with zipfile.ZipFile(self.path) as z:
                verify_members(self.path.name, z, parts)

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.inner).suffix.lower() if self.inner else self.path.suffix.lower()

    @property
    def gdal_path(self) -> str:
        return f"/vsizip/{self.path}/{self.inner}" if self.inner else str(self.path)

    def part_name(self, ext: str) -> str:
        base = PurePosixPath(self.inner).stem if self.inner else self.path.stem
        return f"{base}{ext}"

    def read_part(self, ext: str, limit: int | None = None) -> bytes | None:
        """The first `limit` bytes of the sibling part with extension `ext` (any case)."""
        if ext not in self.sizes:
            return None
        if self.inner is None:
            stem = self.path.with_suffix("")
            for p in self.path.parent.glob(f"{_glob_escape(stem.name)}.*"):
                if p.with_suffix("") == stem and p.suffix.lower() == ext:
                    with p.open("rb") as fh:
                        return fh.read() if limit is None else fh.read(limit)
            return None
        stem = str(PurePosixPath(self.inner).with_suffix(""))
        with zipfile.ZipFile(self.path) as z:
            for i in z.infolist():
                p = PurePosixPath(i.filename)
                if str(p.with_suffix("")) == stem and p.suffix.lower() == ext:
                    with z.open(i) as fh:
                        return fh.read() if limit is None else fh.read(limit)
        return None


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


# -- shapefile parts and encoding -----------------------------------------------------------


def check_shapefile(ds: Dataset) -> int:
    """Check .shp/.shx/.dbf belong together and are whole; the number of records."""
    for ext, what in ((".shx", "shape index"), (".dbf", "attribute table")):
        if ext not in ds.sizes:
            raise SourceError.of(
                "import.shp_part_missing", name=ds.name, what=what, part=ds.part_name(ext)
            )
    shp = ds.read_part(".shp", 100) or b""
    shx = ds.read_part(".shx", 100) or b""
    dbf = ds.read_part(".dbf", 32) or b""
    for part, head in ((".shp", shp), (".shx", shx)):
        if len(head) < 100 or struct.unpack(">i", head[:4])[0] != 9994:
            raise SourceError.of("import.shp_bad_header", part=ds.part_name(part))
    declared_shp = struct.unpack(">i", shp[24:28])[0] * 2
    if ds.sizes[".shp"] < declared_shp:
        raise SourceError.of(
            "import.shp_truncated",
            part=ds.part_name(".shp"),
            declared=declared_shp,
            size=ds.sizes[".shp"],
        )
    claimed_shx = (struct.unpack(">i", shx[24:28])[0] * 2 - 100) // 8
    held_shx = (ds.sizes[".shx"] - 100) // 8
    if held_shx < claimed_shx:
        raise SourceError.of(
            "import.shx_truncated", part=ds.part_name(".shx"), claimed=claimed_shx, held=held_shx
        )
    if len(dbf) < 32 or dbf[0] not in (0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x43, 0x83, 0x8B):
        raise SourceError.of("import.dbf_bad_header", part=ds.part_name(".dbf"))
    claimed_dbf, header_len, record_len = struct.unpack("<IHH", dbf[4:12])
    held_dbf = (ds.sizes[".dbf"] - header_len) // record_len if record_len else 0
    if held_dbf < claimed_dbf:
        raise SourceError.of(
            "import.dbf_truncated", part=ds.part_name(".dbf"), claimed=claimed_dbf, held=held_dbf
        )
    if claimed_dbf != claimed_shx:
        raise SourceError.of(
            "import.shp_dbf_mismatch",
            name=ds.name,
            shapes=claimed_shx,
            part=ds.part_name(".dbf"),
            records=claimed_dbf,
        )
    return claimed_dbf


def _dbf_text_sample(ds: Dataset) -> bytes:
    """The field names and the first records of the .dbf: the bytes whose encoding matters."""
    data = ds.read_part(".dbf", _ENCODING_SAMPLE) or b""
    if len(data) < 32:
        return b""
    header_len, record_len = struct.unpack("<HH", data[8:12])
    names = []
    for off in range(32, min(header_len, len(data)) - 31, 32):
        if data[off] == 0x0D:
            break
        names.append(data[off : off + 11].split(b"\0", 1)[0])
    body = data[header_len:]
    if record_len:
        body = body[: len(body) // record_len * record_len]  # never half a record
    return b"\n".join(names) + b"\n" + body


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding, errors="strict")
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _detect(data: bytes) -> str | None:
    """UTF-8 when the bytes are strict UTF-8, else GB18030 (a superset of GBK and GB2312, the
    encodings of Chinese shapefiles) when they decode as that; None when neither fits."""
    if _decodes(data, "utf-8"):
        return "UTF-8"
    if _decodes(data, "gb18030"):
        return "GB18030"
    return None


def shapefile_encoding(ds: Dataset, given: str | None, notes: list[str]) -> tuple[str, str]:
    """(encoding, origin) for the .dbf: as given, as its .cpg says (when the text agrees), or
    detected from the bytes."""
    if given:
        return check_encoding(given), "given"
    sample = _dbf_text_sample(ds)
    cpg = (ds.read_part(".cpg", 200) or b"").decode("ascii", "replace").strip()
    if cpg:
        enc = _cpg_codec(cpg)
        if enc and _decodes(sample, enc):
            return enc, "file"
        found = _detect(sample)
        if found:
            notes.append(
                Note("note.cpg_wrong", cpg_part=ds.part_name(".cpg"), cpg=cpg, found=found)
            )
            return found, "detected"
        raise SourceError.of(
            "import.dbf_not_cpg", part=ds.part_name(".dbf"), cpg=cpg, cpg_part=ds.part_name(".cpg")
        )
    if sample.isascii():
        return "UTF-8", "detected"
    found = _detect(sample)
    if found is None:
        raise SourceError.of("import.dbf_encoding_unknown", part=ds.part_name(".dbf"))
    notes.append(Note("note.no_cpg_detected", name=ds.name, found=found))
    return found, "detected"


def _cpg_codec(cpg: str) -> str | None:
    text = cpg.strip().upper()
    if text.isdigit():  # ArcGIS writes code pages as numbers: 936 is GBK, 65001 UTF-8
        text = {"65001": "UTF-8", "936": "GBK", "54936": "GB18030"}.get(text, f"CP{text}")
    text = {"ANSI 936": "GBK", "CP936": "GBK"}.get(text, text)
    try:
        codecs.lookup(text)
    except LookupError:
        return None
    return text
