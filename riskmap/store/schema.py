"""The riskmap schema (SQLAlchemy 2 ORM).

Geometries are stored in the database's metric CRS (meta key `crs`, a CGCS2000 Gauss-Krüger zone
for a Chinese city), so that loading a million sites needs no reprojection: WKB in a BLOB on
SQLite, a PostGIS `geometry` column with a GiST index on PostgreSQL. Both backends are created
and upgraded by the same Alembic migrations (riskmap.store.migrate);
every site also carries a representative point in CGCS2000 degrees (`lon`, `lat`) for lists,
exports and queries by coordinates.

Hazard status lives on its Rectification (one order per hazard); a hazard without an order yet
is `open`. `overdue` is derived from the deadline and the as-of date, never stored.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import shapely
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SCHEMA_VERSION = 12

HAZARD_LEVELS = ("general", "major")
RECT_STATUSES = ("open", "in_progress", "submitted", "verified")
UNIT_KINDS = ("regulator", "territorial", "enterprise")
# 主管 (the industry department), 监管 (comprehensive supervision: 应急管理局), 属地, 主体, 审批.
DUTY_ROLES = ("regulator", "supervisor", "territorial", "enterprise", "approver")
USER_ROLES = ("viewer", "editor", "admin")
DISTRICT_LEVELS = ("city", "county", "township")
INSPECTION_KINDS = ("routine", "unannounced")
RESOURCE_KINDS = ("rescue_team", "fire_station", "material_depot", "shelter", "medical")
BASEMAP_KINDS = ("landuse", "water", "road")  # drawing order, bottom first


def postgis_geometry(srid: int) -> Any:
    """A PostGIS geometry column type in `srid` (-1: any), exchanged as EWKB bytes."""
    return _postgis_geometry_class()(geometry_type="GEOMETRY", srid=srid, spatial_index=False)


@functools.cache
def load_postgis_types() -> None:
    """Import GeoAlchemy2 (its PostGIS types and DDL hooks) and declare the GiST indexes
    (GIST_INDEXES) in the metadata; every PostgreSQL engine does this first
    (riskmap.store.engine). A SQLite seat never needs either: they would cost its cold start
    ~0.2 s, importing SQLAlchemy's PostgreSQL, MySQL and MSSQL dialects."""
    _postgis_geometry_class()
    for table, name in GIST_INDEXES.items():
        Index(name, Base.metadata.tables[table].c.geom, postgresql_using="gist").ddl_if(
            dialect="postgresql"
        )


@functools.cache
def _postgis_geometry_class() -> type:
    from geoalchemy2 import Geometry

    class PostGISGeometry(Geometry):
        """GeoAlchemy2's PostGIS geometry, exchanged as EWKB bytes instead of text.

        Binary both ways: a million geometries cross the wire without WKT formatting and
        parsing, and reach shapely directly.
        """

        cache_ok = True

        def bind_expression(self, bindvalue: Any) -> Any:
            # geometry(bytea) parses WKB and EWKB (with the SRID the bind processor put in).
            return func.geometry(bindvalue, type_=self)

        def bind_processor(self, dialect: Dialect) -> None:
            return None

        def column_expression(self, col: Any) -> Any:
            return func.ST_AsEWKB(col, type_=self)

        def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
            def process(value: Any) -> shapely.Geometry | None:
                return None if value is None else shapely.from_wkb(bytes(value))

            return process

    return PostGISGeometry


def wkb_sql(dialect_name: str, column: str = "geom") -> str:
    """A raw-SQL select of a geometry column as plain WKB bytes on either backend (PostGIS
    would otherwise send its hex text form)."""
    return f"ST_AsBinary({column})" if dialect_name == "postgresql" else column


def dialect_srid(dialect: Dialect | None) -> int:
    """The SRID of the database behind `dialect` (set from meta.crs when the store opens)."""
    return int(getattr(dialect, "riskmap_srid", 0) or 0)


class WKBGeometry(TypeDecorator):
    """A shapely geometry: WKB bytes on SQLite, a PostGIS geometry on PostgreSQL."""

    impl = LargeBinary
    cache_ok = True
    # GeoAlchemy2's DDL hooks ask every column type this; the GiST indexes are riskmap's own.
    spatial_index = False

    def load_dialect_impl(self, dialect: Dialect | None) -> Any:
        if dialect is not None and dialect.name == "postgresql":
            return dialect.type_descriptor(postgis_geometry(-1))
        return LargeBinary() if dialect is None else dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        if isinstance(value, bytes | bytearray | memoryview):
            if dialect.name != "postgresql":
                return bytes(value)
            value = shapely.from_wkb(bytes(value))  # to give it the database's SRID
        if dialect.name == "postgresql":
            return shapely.to_wkb(shapely.set_srid(value, dialect_srid(dialect)), include_srid=True)
        return shapely.to_wkb(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> shapely.Geometry | None:
        if value is None or isinstance(value, shapely.Geometry):
            return value
        return shapely.from_wkb(bytes(value))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key/value facts about the database: crs, city name, schema version, demo anchor date."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class District(Base):
    """Admin area: city → county (县区) → township (镇办). Townships tile counties."""

    __tablename__ = "districts"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64), default="")
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"), index=True)
    population: Mapped[int | None] = mapped_column(Integer)
    geom: Mapped[Any] = mapped_column(WKBGeometry)

    parent: Mapped[District | None] = relationship(remote_side=[code])


class Unit(Base):
    """责任单位: a regulator department, a territorial government or an enterprise."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    # For a department: which layer family it heads (the layer TOML's regulator code).
    department_code: Mapped[str | None] = mapped_column(String(32))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"), index=True)
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    credit_code: Mapped[str] = mapped_column(String(32), default="")  # 统一社会信用代码
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Site(Base):
    """风险点: one mapped feature on a risk layer."""

    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer: Mapped[str] = mapped_column(String(32))  # indexed with style_class, below
    name: Mapped[str] = mapped_column(String(128))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"), index=True)
    address: Mapped[str] = mapped_column(String(256), default="")
    geom: Mapped[Any] = mapped_column(WKBGeometry)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    attrs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Where an imported site came from: the import's source name and the site's id there
    # (unique per layer and source), so that importing the source again updates it.
    source: Mapped[str | None] = mapped_column(String(128))
    source_id: Mapped[str | None] = mapped_column(String(128))
    # The value of the layer's `style.class_field` attribute as its `[style.classes]` key, kept
    # beside attrs so the map reads a million sites' classes without parsing their JSON
    # (riskmap.core.style.site_class writes it).
    style_class: Mapped[str | None] = mapped_column(String(64))

    hazards: Mapped[list[Hazard]] = relationship(back_populates="site")
    __mapper_args__ = {"version_id_col": version}


class Duty(Base):
    """责任清单条目: unit × (layer, site or area) × role.

    A duty applies to a site when its site_id is the site, or when it names no site and both its
    layer (if any) and its district (if any: the site's township, county or city) match.
    """

    __tablename__ = "duties"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    layer: Mapped[str | None] = mapped_column(String(32))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"))
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    unit: Mapped[Unit] = relationship()
    __mapper_args__ = {"version_id_col": version}


class Inspection(Base):
    """督查暗访: a routine or unannounced check that found hazards."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    date: Mapped[dt.date] = mapped_column(Date)
    team: Mapped[str] = mapped_column(String(128), default="")
    lead: Mapped[str] = mapped_column(String(64), default="")
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"))
    note: Mapped[str] = mapped_column(Text, default="")


class Hazard(Base):
    """隐患: a defect found at a site, general (一般) or major (重大)."""

    __tablename__ = "hazards"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str] = mapped_column(Text)
    found_on: Mapped[dt.date] = mapped_column(Date)
    found_by: Mapped[str] = mapped_column(String(64), default="")
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    # 提级: 0 = supervised at its own level, 1 = escalated one level up (县→市).
    escalation: Mapped[int] = mapped_column(Integer, default=0)
    escalated_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    site: Mapped[Site] = relationship(back_populates="hazards")
    rectification: Mapped[Rectification | None] = relationship(back_populates="hazard")
    __mapper_args__ = {"version_id_col": version}


class Rectification(Base):
    """整改: the order to fix a hazard; status open → in_progress → submitted → verified."""

    __tablename__ = "rectifications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hazard_id: Mapped[int] = mapped_column(ForeignKey("hazards.id"), unique=True)
    measures: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date] = mapped_column(Date, index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    responsible_person: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    funds: Mapped[float | None] = mapped_column(Float)  # 万元
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    verified_by: Mapped[str | None] = mapped_column(String(64))
    verified_on: Mapped[dt.date | None] = mapped_column(Date)
    # 验收意见: why the verifier sent it back, or what they found.
    review_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    hazard: Mapped[Hazard] = relationship(back_populates="rectification")
    unit: Mapped[Unit | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


class PatrolArea(Base):
    """巡查区域: a polygon or route assigned to a team for a time window."""

    __tablename__ = "patrol_areas"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16), default="area")  # area | route
    geom: Mapped[Any] = mapped_column(WKBGeometry)
    # A route covers what lies within this distance of it.
    buffer_m: Mapped[float] = mapped_column(Float, default=0.0)
    team: Mapped[str] = mapped_column(String(128), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    preset: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Resource(Base):
    """应急资源 details of a site on the `resources` layer."""

    __tablename__ = "resources"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    capacity_unit: Mapped[str] = mapped_column(String(16), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    contact: Mapped[str] = mapped_column(String(64), default="")


class Holiday(Base):
    """节假日安排: a holiday's break in one year as the State Council's notice gives it, entered
    by hand when the notice comes out; preferred over the calendar package and the rules."""

    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("preset", "year", name="uq_holidays_preset_year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    preset: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class User(Base):
    """A person who uses riskmap: viewer (wall display), editor, or admin."""

    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(16), default="viewer")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # riskmap.store.passwords' "scrypt$n$r$p$salt$hash"; None: no password yet. Never audited
    # (the audit trail records that it changed, through password_set_at, not the hash).
    password_hash: Mapped[str | None] = mapped_column(String(256), info={"secret": True})
    password_set_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __mapper_args__ = {"version_id_col": version}


class AuditEvent(Base):
    """Every change: who, when, what, before and after."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    user: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete | transition
    table: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[int] = mapped_column(Integer)
    site_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Why, when the change is more than an edit: e.g. a forced spreadsheet overwrite.
    note: Mapped[str | None] = mapped_column(Text)
    # The event an undo (or a redo) reverted: the trail names it "undo: <that action>".
    reverts: Mapped[int | None] = mapped_column(Integer)


class DocumentSettings(Base):
    """The office's document settings: one row (id 1), absent until someone sets them."""

    __tablename__ = "document_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office: Mapped[str] = mapped_column(String(128), default="")  # 发文机关 / 编制单位
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    number_prefix: Mapped[str] = mapped_column(String(32), default="")  # 机关代字, e.g. 石安办督
    seal_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    marking: Mapped[str] = mapped_column(String(32), default="")  # e.g. 内部资料
    title_font: Mapped[str | None] = mapped_column(String(128))  # None: the bundled serif
    body_font: Mapped[str | None] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class DocumentNumber(Base):
    """发文登记: one issued document number; (kind, year, number) is issued once."""

    __tablename__ = "document_numbers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # notice | briefing
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    issued_by: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(Text, default="")  # e.g. the addressee of a notice

    __table_args__ = (
        UniqueConstraint("kind", "year", "number", name="uq_document_numbers_kind_year_number"),
    )


class BasemapFeature(Base):
    """One feature of the grey basemap: a road, a waterway or water area, a land-use area.

    Not a site: it carries no hazard, answers for nothing and never appears in a dossier. `cls`
    is the source's own class (an OSM highway/waterway/landuse value, or a demo road grade);
    `source` names the import, which a second import of the same source replaces.
    """

    __tablename__ = "basemap"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # BASEMAP_KINDS
    cls: Mapped[str] = mapped_column(String(32), default="")
    name: Mapped[str] = mapped_column(String(128), default="")
    source: Mapped[str] = mapped_column(String(128), index=True)
    geom: Mapped[Any] = mapped_column(WKBGeometry)


Index("ix_duties_layer_role", Duty.layer, Duty.role)
Index("ux_sites_source", Site.layer, Site.source, Site.source_id, unique=True)
# The map reads (id, style_class) of a layer's sites from this index alone: in the table each
# row's class sits behind its geometry, often in overflow pages (480,000 roads: 3 s, not 0.1 s).
Index("ix_sites_layer_class", Site.layer, Site.style_class)
# The spatial indexes (PostGIS only: SQLite's sites are indexed in memory by riskmap.core.index).
GIST_INDEXES = {
    "sites": "ix_sites_geom",
    "districts": "ix_districts_geom",
    "patrol_areas": "ix_patrol_areas_geom",
    "basemap": "ix_basemap_geom",
}
# Tables whose changes other clients hear about (LISTEN riskmap_changes, PostgreSQL only).
# Written by triggers, never by the ORM (riskmap.store.snapshot): on PostgreSQL the sites'
# revision counter and change log (r0009), on SQLite their change mark (r0012).
SITE_LOG_TABLES = ("site_rev", "site_log", "site_mark")
# SQLite's triggers that clear the sites' mark (r0012): a file without all three cannot vouch
# for its sites.
SITE_MARK_TRIGGERS = (
    "riskmap_site_mark_insert",
    "riskmap_site_mark_update",
    "riskmap_site_mark_delete",
)

WATCHED_TABLES = (
    "sites",
    "hazards",
    "rectifications",
    "units",
    "duties",
    "patrol_areas",
    "districts",
    "users",
    "inspections",
    "resources",
)
