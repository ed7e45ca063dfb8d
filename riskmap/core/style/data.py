"""The attribute a layer is classed by, read for the sites a document draws."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from riskmap.core.catalog import Catalog
from riskmap.core.database import attr_values
from riskmap.core.style.layers import class_key


def site_classes(
    store: Any, catalog: Catalog, sites: Iterable[tuple[int, str]]
) -> Mapping[int, str | None]:
    """Site id → its `[style.classes]` key (the value of the layer's `class_field`), for the
    (id, layer) pairs given; one query per classed layer. Sites of unclassed layers are left
    out (they take the layer colour)."""
    by_layer: dict[str, list[int]] = defaultdict(list)
    for sid, layer in sites:
        spec = catalog.get(layer)
        if spec is not None and spec.style.class_field and spec.style.classes:
            by_layer[layer].append(int(sid))
    out: dict[int, str | None] = {}
    for layer, ids in by_layer.items():
        field = catalog[layer].style.class_field
        assert field is not None
        for chunk_ids, values in attr_values(store, layer, field, ids):
            out.update(zip(chunk_ids.tolist(), (class_key(v) for v in values), strict=True))
    return out
