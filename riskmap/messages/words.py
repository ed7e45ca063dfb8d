"""Words that messages take as params (roles, tables, statuses, actions), in both languages."""

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
ACTION_ZH = {"start": "开始整改", "submit": "提交验收", "verify": "验收销号", "reject": "退回"}


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
