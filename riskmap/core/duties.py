"""The accountability chain: which units answer for which sites, in which role.

A duty applies to a site when it names the site, or when it names no site and both its layer
(if any) and its district (if any: the site's township, county or city) match. Area duties are
matched once per (layer, township) pair, not once per site, so a city-wide selection stays cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import bindparam, select

from riskmap.core.workspace import Workspace
from riskmap.store.schema import DUTY_ROLES, Duty, Unit

# The chain in the order officials say it: 主管, 监管, 属地, 主体, then 审批.
ROLES = DUTY_ROLES
_CHUNK = 5000


def chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterator[list[int]]:
    """Bound-parameter batches small enough for any backend's parameter limit."""
    for i in range(0, len(ids), size):
        yield [int(x) for x in ids[i : i + size]]


def responsible(
    ws: Workspace, sites: Iterable[tuple[int, str, str | None]]
) -> dict[tuple[int, str], set[int]]:
    """(unit id, role) → the ids of the given (site id, layer, township code) it answers for."""
    sites = list(sites)
    area: list[tuple[int, str, str | None, str | None]] = []
    by_site: dict[int, list[tuple[int, str]]] = defaultdict(list)
    with ws.store.engine.connect() as c:
        area_stmt = select(Duty.unit_id, Duty.role, Duty.layer, Duty.district_code).where(
            Duty.site_id.is_(None)
        )
        area.extend((uid, role, layer, code) for uid, role, layer, code in c.execute(area_stmt))
        stmt = select(Duty.site_id, Duty.unit_id, Duty.role).where(
            Duty.site_id.in_(bindparam("ids", expanding=True))
        )
        for chunk in chunks([sid for sid, _, _ in sites]):
            for sid, uid, role in c.execute(stmt, {"ids": chunk}):
                by_site[sid].append((uid, role))

    per_key: dict[tuple[str, str | None], list[tuple[int, str]]] = {}
    members: dict[tuple[int, str], set[int]] = defaultdict(set)
    for sid, layer, township in sites:
        key = (layer, township)
        if key not in per_key:
            chain = set(ws.ancestors(township))
            per_key[key] = [
                (uid, role)
                for uid, role, d_layer, d_code in area
                if (d_layer is None or d_layer == layer) and (d_code is None or d_code in chain)
            ]
        for pair in per_key[key]:
            members[pair].add(sid)
        for pair in by_site.get(sid, ()):
            members[pair].add(sid)
    return dict(members)


def unit_info(ws: Workspace, unit_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """unit id → (name, kind)."""
    info: dict[int, tuple[str, str]] = {}
    stmt = select(Unit.id, Unit.name, Unit.kind).where(
        Unit.id.in_(bindparam("ids", expanding=True))
    )
    with ws.store.engine.connect() as c:
        for chunk in chunks(sorted(set(unit_ids))):
            for uid, name, kind in c.execute(stmt, {"ids": chunk}):
                info[uid] = (name, kind)
    return info
