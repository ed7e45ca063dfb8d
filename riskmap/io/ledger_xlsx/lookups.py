"""What the imported rows refer to (sites, hazards, units …), read before they are checked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmap.core.catalog import load_catalog
from riskmap.io.ledger_xlsx.columns import _norm
from riskmap.io.ledger_xlsx.districts import _DistrictTree
from riskmap.io.ledger_xlsx.names import NameIndex, name_key
from riskmap.io.ledger_xlsx.read import _Row
from riskmap.store.schema import Duty, Hazard, Inspection, Rectification, Site, Unit

_CHUNK = 5000


class _Lookups:
    """What the rows refer to, read in batches with bound parameters."""

    def __init__(self, s: Session, rows: Sequence[_Row]) -> None:
        def wanted(key: str) -> list[Any]:
            return sorted({r.cells[key] for r in rows if r.cells.get(key) is not None})

        self.s = s
        self.sites: dict[int, Any] = {}
        cols = (
            Site.id,
            Site.name,
            Site.layer,
            Site.district_code,
            Site.address,
            Site.lon,
            Site.lat,
        )
        for chunk in _chunks(wanted("site_id")):
            self.sites.update((r.id, r) for r in s.execute(select(*cols).where(Site.id.in_(chunk))))
        # A name matches after normalisation (names.name_key), which SQL cannot compare: a file
        # naming its sites reads every site's name once (10^5 sites: a fraction of a second).
        named = any(r.cells.get("site_name") and r.cells.get("site_id") is None for r in rows)
        everything = list(s.execute(select(*cols).order_by(Site.id))) if named else []
        for r in everything:
            self.sites.setdefault(r.id, r)
        self.site_names: NameIndex[Any] = NameIndex(everything, lambda r: r.name)
        self.hazards: dict[int, Hazard] = {}
        for chunk in _chunks(wanted("hazard_id")):
            for h in s.scalars(select(Hazard).where(Hazard.id.in_(chunk))):
                self.hazards[h.id] = h
        self.rects: dict[int, Rectification] = {}
        for chunk in _chunks(sorted(self.hazards)):
            for rect in s.scalars(select(Rectification).where(Rectification.hazard_id.in_(chunk))):
                self.rects[rect.hazard_id] = rect
        # A row may name its hazard only: its site is the hazard's.
        more = sorted({h.site_id for h in self.hazards.values()} - set(self.sites))
        for chunk in _chunks(more):
            self.sites.update((r.id, r) for r in s.execute(select(*cols).where(Site.id.in_(chunk))))
        self.inspections: set[int] = set()
        for chunk in _chunks(wanted("inspection_id")):
            self.inspections.update(
                s.scalars(select(Inspection.id).where(Inspection.id.in_(chunk)))
            )
        # Hazards by what a 台账 row says of them (site, date found, description), for a
        # named file imported again; read only for such a file.
        self._content: dict[tuple[int, Any, str], list[int]] | None = None
        self._named = named
        self.units = {u.id: u for u in s.execute(select(Unit.id, Unit.name, Unit.district_code))}
        self.unit_names: NameIndex[Any] = NameIndex(self.units.values(), lambda u: u.name)
        self.tree = _DistrictTree(s)
        catalog = load_catalog()
        self.layer_keys: dict[str, str] = {}
        for spec in catalog.values():
            for name in (spec.key, spec.name_zh, spec.name_en):
                self.layer_keys[_norm(name)] = spec.key
        self.layer_names = {spec.key: spec.name_zh for spec in catalog.values()}

    def same_hazard(self, site_id: int, found_on: Any, description: Any) -> Hazard | None:
        """The one existing hazard at `site_id` found on `found_on` with that description
        (after `name_key`), loaded into `hazards` and `rects`; None when none, or several."""
        if not self._named or found_on is None or not description:
            return None
        if self._content is None:
            self._content = defaultdict(list)
            stmt = select(Hazard.id, Hazard.site_id, Hazard.found_on, Hazard.description)
            for hid, sid, day, text in self.s.execute(stmt):
                self._content[(sid, day, name_key(text))].append(hid)
        ids = self._content.get((site_id, found_on, name_key(description)), [])
        if len(ids) != 1:
            return None
        h = self.hazards.get(ids[0])
        if h is None:
            h = self.hazards[ids[0]] = self.s.get(Hazard, ids[0])
            rect = self.s.scalar(select(Rectification).where(Rectification.hazard_id == h.id))
            if rect is not None:
                self.rects[h.id] = rect
        return h

    def duty_units(self, site_id: int, unit_ids: Iterable[int]) -> set[int]:
        stmt = select(Duty.unit_id).where(Duty.site_id == site_id, Duty.unit_id.in_(list(unit_ids)))
        return set(self.s.scalars(stmt))

    def pick_unit(self, cands: list[Any], site: Any, old: Rectification | None) -> list[Any]:
        """Units of one name, narrowed: the order's current unit, then the one with a duty for
        the site (the enterprise answering for it), then the one of the site's township or
        county (城关镇人民政府 exists in several counties)."""
        if old is not None and old.unit_id in {u.id for u in cands}:
            return [u for u in cands if u.id == old.unit_id]
        if site is None:
            return cands
        duty = self.duty_units(site.id, [u.id for u in cands])
        if len(duty) == 1:
            return [u for u in cands if u.id in duty]
        codes = {site.district_code}
        d = self.tree.rows.get(site.district_code) if site.district_code else None
        if d is not None and d.parent_code:
            codes.add(d.parent_code)
        local = [u for u in cands if u.district_code in codes]
        return local if local else cands


def _chunks(items: Sequence[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield list(items[i : i + _CHUNK])
