"""Every message code, gathered from the areas' modules into one table (codes are unique)."""

from __future__ import annotations

from riskmap.messages import (
    city,
    documents,
    export,
    general,
    importer,
    ledger,
    region,
    sheets,
    store,
)
from riskmap.messages.template import Template


def _gather(*parts: dict[str, Template]) -> dict[str, Template]:
    out: dict[str, Template] = {}
    for part in parts:
        clash = out.keys() & part.keys()
        if clash:
            raise ValueError(f"message codes defined twice: {sorted(clash)}")
        out |= part
    return out


CATALOGUE = _gather(
    general.MESSAGES,
    importer.MESSAGES,
    ledger.MESSAGES,
    store.MESSAGES,
    export.MESSAGES,
    region.MESSAGES,
    city.MESSAGES,
    sheets.MESSAGES,
    documents.MESSAGES,
)
