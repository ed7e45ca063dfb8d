"""What a map's style reads from the database: the attribute a layer is classed by, and the
open hazards per township its small-scale choropleth shades."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from riskmap.core import figures
from riskmap.core.catalog import Catalog
from riskmap.core.database import attr_values
from riskmap.core.style.classify import Choropleth, choropleth
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


def choropleth_layers(catalog: Catalog, keys: Iterable[str]) -> tuple[str, ...]:
    """Those of `keys` whose small-scale style is the township choropleth."""
    return tuple(
        k for k in keys if (a := catalog[k].style.aggregate) is not None and a.kind == "choropleth"
    )


def township_choropleth(
    store: Any,
    catalog: Catalog,
    townships: Collection[str],
    as_of: dt.date,
    layers: Sequence[str],
) -> tuple[dict[str, int], Choropleth | None]:
    """(township code → open hazards of the sites of `layers` it answers for (属地, as
    `figures.by_district_code` counts them: the dossier's number), the choropleth of those
    counts in the style of the first layer's `[style.aggregate]`); every township in
    `townships` has a count, zero included. No layer: no counts, no choropleth."""
    if not layers:
        return {}, None
    by_code = figures.by_district_code(store, as_of, layers, count_sites=False)
    counts = {code: 0 for code in townships}
    for code, f in by_code.items():
        if code in counts:
            counts[code] = f.open
    agg = catalog[layers[0]].style.aggregate
    assert agg is not None
    return counts, choropleth(counts, k=agg.classes, method=agg.method, ramp=agg.ramp)
