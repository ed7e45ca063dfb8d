"""The district tree the ledger names places by (所属镇办, 所属县区); which sites a district
answers for is riskmap.core.figures.Territory's."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmap.errors import RiskmapError
from riskmap.store.schema import District


class _DistrictTree:
    """city → county → township, read once (a city has a few hundred districts at most)."""

    def __init__(self, s: Session) -> None:
        self.rows = {
            d.code: d
            for d in s.execute(
                select(District.code, District.name, District.level, District.parent_code)
            )
        }

    def find(self, code_or_name: str) -> str:
        key = code_or_name.strip()
        if key in self.rows:
            return key
        named = [d.code for d in self.rows.values() if d.name == key]
        if len(named) == 1:
            return named[0]
        if named:
            raise RiskmapError.of("ledger_file.districts_named", name=key, codes=sorted(named))
        raise RiskmapError.of("ledger_file.no_district", name=key)

    def label(self, code_or_name: str) -> str:
        code = self.find(code_or_name)
        township, county = self.township_county(code)
        return f"{county}{township}（{code}）" if county else f"{self.rows[code].name}（{code}）"

    def township_county(self, code: str | None) -> tuple[str, str]:
        d = self.rows.get(code) if code else None
        if d is None:
            return "", ""
        if d.level == "township":
            parent = self.rows.get(d.parent_code) if d.parent_code else None
            return d.name, parent.name if parent is not None else ""
        if d.level == "county":
            return "", d.name
        return "", ""
