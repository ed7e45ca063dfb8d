from __future__ import annotations

import pytest
from sqlalchemy import select

from riskmap.core.site_detail import site_detail
from riskmap.errors import RiskmapError
from riskmap.store.schema import Duty, Hazard, Site, Unit


def test_chemical_plant_detail_has_the_whole_chain(demo_ws, demo_anchor) -> None:
    with demo_ws.store.session() as s:
        site = s.scalars(select(Site).where(Site.layer == "chemical_plants").limit(1)).one()
        enterprise = s.scalars(
            select(Unit.name).join(Duty, Duty.unit_id == Unit.id).where(Duty.site_id == site.id)
        ).all()
        n_hazards = len(s.scalars(select(Hazard.id).where(Hazard.site_id == site.id)).all())
    d = site_detail(demo_ws, site.id, as_of=demo_anchor)
    assert d.name == site.name and d.layer_name == "危化品企业"
    assert d.districts[-1] == demo_ws.city().name and len(d.districts) == 3
    assert set(enterprise) <= set(d.units["enterprise"])
    assert any("应急管理局" in u for u in d.units["regulator"])
    assert any("人民政府" in u for u in d.units["territorial"])
    assert [f.key for f in d.fields][:1] == ["hazard_class"]
    assert len(d.hazards) == n_hazards
    en = site_detail(demo_ws, site.id, lang="en", as_of=demo_anchor)
    assert en.layer_name == "Hazardous-chemical plants"
    assert en.fields[0].label == "Major-hazard-source class"


def test_unknown_site(demo_ws) -> None:
    with pytest.raises(RiskmapError, match="no site with id 999999"):
        site_detail(demo_ws, 999999)
