"""A site's style class as data the store holds: `sites.style_class` (schema version 10).

The class a site is drawn in is the value of its layer's `style.class_field` attribute, as the
key it has in `[style.classes]` (`class_key`). Reading it out of a million JSON documents costs
the map about a second of SQLite, so every path that writes sites or their attributes stores it
beside them through `style_class_of` / `style_classes_of` (here, the one rule): the importer's
writes and updates, the ORM (every `Site` inserted or updated through a session: edits in the
window, the CLI, the ledger importer), the demo and synthetic generators, and migration 0010,
which fills the column of an older database (`fill_style_classes`). `db copy` and the bulk
COPY carry the column over.

The meta key `style_class_fields` records the class field of each layer the column was filled
with. A layer whose field in the catalogue in use differs (a layer file edited since, a test's
own catalogue) is read from its JSON instead (`class_codes`), so the map never shows a stale
class; `fill_style_classes` brings the column and the record up to date again.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
from sqlalchemy import event, text
from sqlalchemy.engine import Connection

from riskmap.core.catalog import Catalog, LayerSpec, load_catalog
from riskmap.core.style.layers import class_key
from riskmap.store.engine import Store
from riskmap.store.load import attr_values, style_class_codes
from riskmap.store.schema import Site

META_KEY = "style_class_fields"
_FILL_CHUNK = 100_000  # ids per UPDATE statement


@functools.cache
def _installed_catalog() -> Catalog:
    return load_catalog()


def class_field(layer: str | LayerSpec, catalog: Catalog | None = None) -> str | None:
    """The attribute the layer is classed by (None: none); `layer` a key of `catalog` (default:
    the installed layer files) or a layer's spec itself."""
    if isinstance(layer, str):
        spec = (catalog if catalog is not None else _installed_catalog()).get(layer)
    else:
        spec = layer
    return spec.style.class_field if spec is not None and spec.style.class_field else None


def class_fields(catalog: Catalog | None = None) -> dict[str, str]:
    """layer key → class field, for the layers classed by one."""
    cat = catalog if catalog is not None else _installed_catalog()
    return {k: f for k in cat if (f := class_field(cat[k])) is not None}


def style_class_of(
    layer: str | LayerSpec, attrs: Mapping[str, Any] | None, catalog: Catalog | None = None
) -> str | None:
    """The `sites.style_class` of a site of `layer` with these attributes."""
    field = class_field(layer, catalog)
    return None if field is None or not attrs else class_key(attrs.get(field))


def style_classes_of(
    layer: str | LayerSpec,
    columns: Mapping[str, Sequence[Any]],
    n: int,
    catalog: Catalog | None = None,
) -> list[str | None]:
    """`style_class_of` for n sites of one layer whose attributes come as columns (attribute →
    n values, an importer's shape); each distinct value converted once."""
    field = class_field(layer, catalog)
    values = columns.get(field) if field is not None else None
    if values is None:
        return [None] * n
    cache: dict[tuple[type, Any], str | None] = {}
    out: list[str | None] = []
    for v in values:
        try:
            key = cache[(type(v), v)]  # the type too: True == 1 as a dict key
        except KeyError:
            key = cache[(type(v), v)] = class_key(v)
        except TypeError:  # an unhashable value (a list in the JSON)
            key = class_key(v)
        out.append(key)
    return out


# ------------------------------------------------------------------------- the ORM's writes


@event.listens_for(Site, "before_insert")
@event.listens_for(Site, "before_update")
def _orm_style_class(_mapper: Any, _connection: Connection, site: Site) -> None:
    site.style_class = style_class_of(site.layer, site.attrs)


# ------------------------------------------------------------------------- filling the column


def fill_style_classes(conn: Connection, catalog: Catalog | None = None) -> int:
    """Set `style_class` of every site from its attributes, in the caller's transaction, and
    record the class fields used in meta; the number of sites given a class."""
    fields = class_fields(catalog)
    postgres = conn.dialect.name == "postgresql"
    layers = [str(r[0]) for r in conn.execute(text("SELECT DISTINCT layer FROM sites"))]
    n = 0
    for layer in sorted(layers):
        field = fields.get(layer)
        if field is None:
            conn.execute(
                text("UPDATE sites SET style_class = NULL WHERE layer = :l"
                     " AND style_class IS NOT NULL"),
                {"l": layer},
            )  # fmt: skip
            continue
        by_class: dict[str | None, list[np.ndarray]] = defaultdict(list)
        for ids, keys in _class_keys(conn, layer, field):
            arr = np.asarray(keys, dtype=object)
            for key in set(keys):
                by_class[key].append(ids[arr == key])
        for key, chunks in by_class.items():
            ids = np.concatenate(chunks)
            n += len(ids) if key is not None else 0
            for a in range(0, len(ids), _FILL_CHUNK):
                part = ids[a : a + _FILL_CHUNK].tolist()
                if postgres:
                    where, param = "id = ANY(:ids)", part
                else:
                    where, param = "id IN (SELECT value FROM json_each(:ids))", json.dumps(part)
                conn.execute(
                    text(f"UPDATE sites SET style_class = :v WHERE {where}"),
                    {"v": key, "ids": param},
                )
    conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": META_KEY})
    conn.execute(
        text("INSERT INTO meta (key, value) VALUES (:k, :v)"),
        {"k": META_KEY, "v": json.dumps(fields, sort_keys=True)},
    )
    return n


def stale_layers(store: Store, catalog: Catalog | None = None) -> list[str]:
    """The layers whose class field in the catalogue differs from the one their column was
    filled from (meta `style_class_fields`)."""
    recorded = json.loads(store.meta.get(META_KEY) or "{}")
    fields = class_fields(catalog)
    return sorted(k for k in {*recorded, *fields} if recorded.get(k) != fields.get(k))


def _class_keys(
    conn: Connection, layer: str, field: str
) -> Iterator[tuple[np.ndarray, list[str | None]]]:
    """(ids, class keys) of a layer's sites in chunks, the field's value read as JSON (SQLite's
    json_extract would give `true` as 1)."""
    if conn.dialect.name == "postgresql":
        sql = "SELECT id, (attrs -> :f)::text FROM sites WHERE layer = :l"
        params: dict[str, Any] = {"f": field, "l": layer}
    else:
        sql = "SELECT id, attrs -> :p FROM sites WHERE layer = :l"
        params = {"p": f"$.{field}", "l": layer}
    result = conn.execute(text(sql), params)
    keys: dict[str | None, str | None] = {None: None}
    while rows := result.fetchmany(65536):
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        out = []
        for _id, raw in rows:
            try:
                out.append(keys[raw])
            except KeyError:
                key = keys[raw] = class_key(json.loads(raw))
                out.append(key)
        yield ids, out


# ------------------------------------------------------------------------- reading it


def column_holds(store: Store, spec: LayerSpec) -> bool:
    """Whether `sites.style_class` holds the class of the layer's sites for this catalogue."""
    recorded = store.meta.get(META_KEY)
    if recorded is None:
        return False
    return json.loads(recorded).get(spec.key) == spec.style.class_field


def class_codes(store: Store, spec: LayerSpec, ids: np.ndarray, subset: bool = False) -> np.ndarray:
    """Class index per site of `ids` (ascending; into spec.style.classes; len(classes) = no
    class), one query. `subset`: `ids` are a few of the layer's sites (a lazy map's viewport),
    so PostgreSQL is asked for those only rather than for the whole layer."""
    classes = list(spec.style.classes)
    default = len(classes)
    codes = np.full(len(ids), default, dtype=np.int16)
    field = spec.style.class_field
    if not field or not classes or not len(ids):
        return codes
    only = [int(i) for i in ids] if subset else None
    sids, vals = [], []
    if column_holds(store, spec):
        for chunk_ids, chunk_codes in style_class_codes(store, spec.key, classes, only):
            sids.append(chunk_ids)
            vals.append(chunk_codes)
    else:
        lookup = {k: i for i, k in enumerate(classes)}
        for chunk_ids, values in attr_values(store, spec.key, field, only):
            sids.append(chunk_ids)
            vals.append(_json_codes(values, lookup, default))
    if not sids:
        return codes
    sid, val = np.concatenate(sids), np.concatenate(vals)
    pos = np.minimum(np.searchsorted(ids, sid), len(ids) - 1)
    ok = ids[pos] == sid
    codes[pos[ok]] = val[ok]
    return codes


def _json_codes(values: list[Any], lookup: dict[str, int], default: int) -> np.ndarray:
    """Class index of each JSON value: each distinct value looked up once, then mapped in C."""
    kinds = set(map(type, values))
    # True == 1 and 1 == 1.0 as dict keys: a column mixing them is looked up row by row
    if len(kinds - {type(None)}) <= 1:
        try:
            table = {v: lookup.get(class_key(v), default) for v in set(values)}
        except TypeError:  # an unhashable value (a list in the JSON)
            table = None
        if table is not None:
            return np.fromiter(map(table.__getitem__, values), dtype=np.int16, count=len(values))
    return np.fromiter((lookup.get(class_key(v), default) for v in values), dtype=np.int16,
                       count=len(values))  # fmt: skip
