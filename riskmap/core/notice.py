"""督办通知: what a responsible unit has not yet closed, as plain data for a one-page notice.

The notice goes from a work-safety committee office (安全生产委员会办公室, 安委办) to one unit and
lists that unit's rectifications that are not verified, overdue ones first. It is issued by the
office the document settings name (riskmap.core.documents: every seat issues the same), under a
number from the office's register. Nothing here renders: `riskmap.brief.notice_pdf` lays it out,
and a GUI or CLI may show the same data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from riskmap.core.documents import DocumentSettings, format_doc_number, load_document_settings
from riskmap.core.figures import Territory, days_left, days_overdue, found_sql, open_sql
from riskmap.errors import RiskmapError
from riskmap.messages import words
from riskmap.store.engine import Store
from riskmap.store.schema import District, Hazard, Rectification, Site, Unit

# Days the unit has to answer in writing; shorter when a major hazard is already overdue.
REPLY_DAYS = 7
REPLY_DAYS_MAJOR_OVERDUE = 3
# How many candidates an ambiguous `find_unit` names.
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class NoticeUnit:
    id: int
    name: str
    kind: str  # regulator | territorial | enterprise
    district_code: str | None
    district_name: str
    contact_person: str
    phone: str


@dataclass(frozen=True)
class NoticeItem:
    rect_id: int
    hazard_id: int
    site_id: int
    site_name: str
    layer: str
    level: str  # general | major
    description: str
    district_code: str | None  # the site's township (or county)
    township: str  # the site's 镇办 ("" when the site is mapped to a county only)
    county: str
    deadline: dt.date
    status: str  # open | in_progress | submitted
    days_overdue: int  # 0 unless overdue
    days_left: int  # 0 when overdue or due today

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def major(self) -> bool:
        return self.level == "major"


@dataclass(frozen=True)
class Notice:
    unit: NoticeUnit
    authority: str  # the issuing office, e.g. 石门市安全生产委员会办公室 (document settings)
    number: str  # 发文字号, e.g. 石安办督〔2026〕3号; a draft's leaves the number blank
    issued_on: dt.date
    reply_by: dt.date
    items: tuple[NoticeItem, ...]
    open: int
    overdue: int
    major: int  # open major hazards
    major_overdue: int
    cc: tuple[str, ...]  # 抄送
    city_name: str
    fictional: bool  # the demo city: the PDF says so, so it is never taken for a real notice
    settings: DocumentSettings = field(default_factory=DocumentSettings)
    serial: int | None = None  # the register's number; None: a draft (预览稿), nothing issued

    @property
    def draft(self) -> bool:
        return self.serial is None

    @property
    def counties(self) -> tuple[str, ...]:
        """The counties the listed sites lie in, in order of first appearance."""
        return tuple(dict.fromkeys(i.county for i in self.items if i.county))


@dataclass(frozen=True)
class _District:
    code: str
    name: str
    level: str
    parent_code: str | None


def unit_notice(
    store: Store,
    unit_id: int,
    as_of: dt.date,
    serial: int | None = None,
    settings: DocumentSettings | None = None,
) -> Notice:
    """The 督办通知 for `unit_id` as of `as_of`; RiskmapError when there is no such unit.

    `serial` is the number the register issued for it (riskmap.core.documents.issuing); without
    one the notice is a draft whose 发文字号 has a blank where the number goes. The issuing
    office, its contact and the number prefix come from the document settings.
    """
    settings = settings or load_document_settings(store)
    with store.engine.connect() as c:
        u = c.execute(
            select(
                Unit.id,
                Unit.name,
                Unit.kind,
                Unit.district_code,
                Unit.contact_person,
                Unit.phone,
            ).where(Unit.id == unit_id)
        ).first()
        if u is None:
            raise RiskmapError.of("ledger.no_row", entity=words.entity("unit"), id=unit_id)
        districts = _districts(c)
        territory = Territory(districts.values())
        items = _items(c, unit_id, as_of, districts, territory)

    city_code = next((k for k, d in districts.items() if d.level == "city"), None)
    city_name = store.meta.get("city_name") or (districts[city_code].name if city_code else "")
    unit = NoticeUnit(
        id=u.id,
        name=u.name,
        kind=u.kind,
        district_code=u.district_code,
        district_name=districts[u.district_code].name if u.district_code in districts else "",
        contact_person=u.contact_person or "",
        phone=u.phone or "",
    )
    authority = settings.office

    major_overdue = sum(1 for i in items if i.major and i.overdue)
    reply_days = REPLY_DAYS_MAJOR_OVERDUE if major_overdue else REPLY_DAYS
    # 抄送: the government the office serves, and the office one level up (a county's) or the
    # city's emergency-management bureau (the city's); never the addressee itself.
    county = _office_county(authority, districts)
    cc: tuple[str, ...]
    if county is not None:
        cc = (f"{county}人民政府", f"{city_name}安全生产委员会办公室")
    else:
        cc = (f"{city_name}人民政府", f"{city_name}应急管理局")
    cc = tuple(c for c in cc if c != unit.name)
    return Notice(
        unit=unit,
        authority=authority,
        number=notice_number(settings.number_prefix, as_of.year, serial),
        issued_on=as_of,
        reply_by=as_of + dt.timedelta(days=reply_days),
        items=tuple(items),
        open=len(items),
        overdue=sum(1 for i in items if i.overdue),
        major=sum(1 for i in items if i.major),
        major_overdue=major_overdue,
        cc=cc,
        city_name=city_name,
        fictional=store.meta.get("fictional") == "1",
        settings=settings,
        serial=serial,
    )


def notice_number(prefix: str, year: int, serial: int | None) -> str:
    """发文字号 石安办督〔2026〕3号; a draft's keeps the place of the number blank (〔2026〕　号),
    as a clerk's draft does before the register gives it one."""
    if serial is None:
        return f"{prefix}〔{year}〕\u3000号"
    return format_doc_number(prefix, year, serial)


def _office_county(office: str, districts: dict[str, _District]) -> str | None:
    """The county whose office `office` is (东川县安全生产委员会办公室), None for the city's."""
    counties = [d.name for d in districts.values() if d.level == "county" and d.name]
    return next((name for name in counties if office.startswith(name)), None)


def find_unit(store: Store, key: str) -> int:
    """A unit id from an id ("123"), an exact name, or a substring matching one unit only."""
    key = key.strip()
    if not key:
        raise RiskmapError.of("notice.name_unit")
    with store.engine.connect() as c:
        if key.isdigit():
            if c.scalar(select(Unit.id).where(Unit.id == int(key))) is not None:
                return int(key)
            raise RiskmapError.of("ledger.no_row", entity=words.entity("unit"), id=key)
        exact = c.execute(select(Unit.id, Unit.name).where(Unit.name == key)).all()
        if len(exact) == 1:
            return int(exact[0].id)
        if exact:
            rows = exact
        else:
            stmt = select(Unit.id, Unit.name).where(Unit.name.contains(key, autoescape=True))
            rows = c.execute(stmt.order_by(func.length(Unit.name), Unit.id)).all()
            if len(rows) == 1:
                return int(rows[0].id)
    if not rows:
        raise RiskmapError.of("notice.no_match", query=key)
    shown: list[object] = [f"{r.name} ({r.id})" for r in rows[:MAX_CANDIDATES]]
    if len(rows) > MAX_CANDIDATES:
        shown.append(words.more(len(rows) - MAX_CANDIDATES))
    raise RiskmapError.of("notice.ambiguous", query=key, count=len(rows), matches=shown)


def _districts(c: Connection) -> dict[str, _District]:
    rows = c.execute(select(District.code, District.name, District.level, District.parent_code))
    return {code: _District(code, name, level, parent) for code, name, level, parent in rows}


def _items(
    c: Connection,
    unit_id: int,
    as_of: dt.date,
    districts: dict[str, _District],
    territory: Territory,
) -> list[NoticeItem]:
    stmt = (
        select(
            Rectification.id,
            Rectification.hazard_id,
            Rectification.deadline,
            Rectification.status,
            Hazard.level,
            Hazard.description,
            Site.id,
            Site.name,
            Site.layer,
            Site.district_code,
        )
        .join(Hazard, Hazard.id == Rectification.hazard_id)
        .join(Site, Site.id == Hazard.site_id)
        .where(Rectification.unit_id == unit_id, open_sql(), found_sql(as_of))
    )
    items: list[NoticeItem] = []
    for rid, hid, deadline, status, level, desc, sid, sname, layer, dcode in c.execute(stmt):
        county = territory.county_of(dcode)
        d = districts.get(dcode or "")
        items.append(
            NoticeItem(
                rect_id=rid,
                hazard_id=hid,
                site_id=sid,
                site_name=sname,
                layer=layer,
                level=level,
                description=desc,
                district_code=dcode,
                township=d.name if d is not None and d.level == "township" else "",
                county=districts[county].name if county else "",
                deadline=deadline,
                status=status,
                days_overdue=days_overdue(status, deadline, as_of) or 0,
                days_left=days_left(status, deadline, as_of) or 0,
            )
        )
    # Overdue first, longest overdue on top; then major before general; then the nearest deadline.
    items.sort(key=lambda i: (-i.days_overdue, not i.major, i.deadline, i.rect_id))
    return items
