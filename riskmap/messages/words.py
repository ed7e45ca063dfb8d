"""Words that messages take as params (roles, tables, statuses, actions, region kinds, geometry
types), in both languages."""

from __future__ import annotations

from riskmap import terms
from riskmap.messages import Words

# Users' roles and the rectification statuses are riskmap.terms' words, whatever says them.
ROLE_ZH = terms.words(terms.USER_ROLE, "zh")
TABLE_ZH = {
    "hazards": "隐患",
    "rectifications": "整改",
    "units": "责任单位",
    "duties": "包保责任",
    "patrol_areas": "巡查区域",
    "users": "用户",
    "sites": "场所",
    "districts": "行政区划",
    "inspections": "检查记录",
    "resources": "应急资源",
    "meta": "数据库设置",
    "holidays": "节假日安排",
    "document_settings": "文书设置",
    "document_numbers": "发文登记",
    "basemap": "底图",
}
ENTITY_ZH = {
    "hazard": "隐患",
    "rectification": "整改",
    "unit": "责任单位",
    "duty": "包保责任",
    "patrol area": "巡查区域",
    "user": "用户",
    "site": "场所",
    "inspection": "检查记录",
}
STATUS_ZH = terms.words(terms.STATUS, "zh")
DISTRICT_LEVEL_ZH = terms.words(terms.DISTRICT_LEVEL, "zh")
ACTION_ZH = terms.words(terms.ACTION, "zh")
# What a region was drawn or given as (riskmap.core.region.KINDS), and the parts a message names.
REGION_ZH = {
    "city": "全市",
    "rect": "矩形",
    "polygon": "多边形",
    "lasso": "套索区域",
    "circle": "圆形",
    "district": "行政区",
    "buffer": "缓冲区",
    "patrol": "巡查区域",
    "bounding box": "矩形范围",
    "circle centre": "圆心",
    "incident point": "事发点",
    "GeoJSON": "GeoJSON",
}
# Shapely's geometry types.
GEOMETRY_ZH = {
    "Point": "点",
    "MultiPoint": "多点",
    "LineString": "线",
    "MultiLineString": "多线",
    "LinearRing": "线环",
    "Polygon": "面",
    "MultiPolygon": "多面",
    "GeometryCollection": "几何集合",
}


def _words(table: dict[str, str], key: str) -> Words:
    return Words(key, table.get(key, key))


def role(key: str) -> Words:
    return _words(ROLE_ZH, key)


def table(key: str) -> Words:
    return _words(TABLE_ZH, key)


def entity(key: str) -> Words:
    return _words(ENTITY_ZH, key)


def status(key: str) -> Words:
    return _words(STATUS_ZH, key)


def action(key: str) -> Words:
    return _words(ACTION_ZH, key)


def region(key: str) -> Words:
    return _words(REGION_ZH, key)


def geometry(key: str) -> Words:
    return _words(GEOMETRY_ZH, key)


def more(count: int) -> Words:
    """The tail of a shortened list: "and 3 more" / "等另外 3 个"."""
    return Words(f"and {count} more", f"等另外 {count} 个")


def district_level(key: str) -> Words:
    return _words(DISTRICT_LEVEL_ZH, key)


def district_levels(key: str) -> Words:
    """A district level in the plural: "counties" / "区县"."""
    return Words(terms.DISTRICT_LEVELS_EN.get(key, key), DISTRICT_LEVEL_ZH.get(key, key))
