"""The ledger's columns: the names units use for them, and the words their cells hold."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from riskmap import terms
from riskmap.core.history import ChangeWords

SHEET = "隐患台账"
ABOUT_SHEET = "说明"  # the export's facts, one per row: 城市, 统计日期 … 数据库标识


@dataclass(frozen=True)
class Column:
    key: str  # the field key `mapping` names
    header: str  # the name units use, written by export
    synonyms: tuple[str, ...] = ()  # other names units' own ledgers use for it


# Export order. The first 25 are the columns units exchange; the next three are riskmap's own
# references, which make an export re-import exactly (two units can share a name); the last two
# are the exported versions (hidden).
COLUMNS: tuple[Column, ...] = (
    Column("hazard_id", "隐患编号", ("隐患ID", "隐患id")),
    Column("site_id", "风险点编号", ("风险点ID", "场所编号")),
    Column(
        "site_name",
        "风险点名称",
        (
            "风险点",
            "场所名称",
            "场所",
            "隐患所在场所",
            # A city's own 台账 names the enterprise (or the unit it inspected) instead.
            "企业名称",
            "企业",
            "单位名称",
            "企业（单位）名称",
            "生产经营单位",
            "生产经营单位名称",
            "被检查单位",
            "检查对象",
        ),
    ),
    Column("layer", "所属图层", ("图层", "风险点类型", "场所类型")),
    Column(
        "township",
        "所属镇办",
        (
            "镇办",
            "所属乡镇",
            "乡镇",
            "乡镇(街道)",
            "乡镇/街道",
            "乡镇街道",
            "所属乡镇(街道)",
            "所属街道",
            "街道",
            "镇街",
        ),
    ),
    Column("county", "所属县区", ("县区", "所属区县", "区县")),
    Column("category", "隐患类别", ("隐患类型", "隐患分类")),
    Column(
        "description",
        "隐患名称",
        ("隐患内容", "隐患描述", "隐患情况", "存在问题", "隐患问题", "问题描述"),
    ),
    Column("level", "隐患等级", ("隐患级别",)),
    Column("found_on", "发现日期", ("排查日期", "检查日期", "发现时间", "排查时间")),
    Column("found_by", "发现人", ("排查人", "检查人")),
    Column("measures", "整改措施", ("整改要求", "整改方案")),
    Column(
        "deadline",
        "整改期限",
        ("整改时限", "完成时限", "整改完成时限", "限期整改日期", "整改截止日期"),
    ),
    Column("unit", "责任单位", ("整改责任单位", "责任单位名称")),
    Column("person", "责任人", ("整改责任人",)),
    Column("funds", "整改资金（万元）", ("整改资金", "资金（万元）", "整改投入资金（万元）")),
    Column("status", "整改状态", ("状态", "整改进度")),
    Column("overdue", "是否逾期", ("逾期",)),
    Column("submitted_by", "提交人", ("申请验收人",)),
    Column("submitted_on", "提交日期", ("整改完成日期", "完成日期")),
    Column("verified_by", "验收人", ()),
    Column("verified_on", "验收日期", ("销号日期", "验收时间")),
    Column("review_note", "验收意见", ()),
    Column("escalated", "提级督办", ("是否提级", "提级")),
    Column("escalated_on", "提级日期", ()),
    Column("days_overdue", "逾期天数", ()),
    Column("unit_id", "责任单位编号", ("责任单位ID",)),
    Column("inspection_id", "督查编号", ("检查编号", "督查检查编号")),
    # Hidden: the row's versions when it was exported (blank: no such row then). An import
    # compares them with the database's, so an old copy never undoes a newer change.
    Column("hazard_version", "隐患版本号", ()),
    Column("rect_version", "整改版本号", ()),
)
# Read, never exported: where a named ledger's enterprise is, to tell namesakes apart and to
# place a site the import creates (`names`). Coordinates are degrees (see `import_ledger`).
LOCATION_COLUMNS: tuple[Column, ...] = (
    Column(
        "address",
        "地址",
        ("详细地址", "企业地址", "单位地址", "所在地址", "地点", "所在地", "隐患地点", "经营地址"),
    ),
    Column("lon", "经度", ("lon", "lng", "longitude", "x坐标(经度)", "东经")),
    Column("lat", "纬度", ("lat", "latitude", "y坐标(纬度)", "北纬")),
)
HEADERS = tuple(c.header for c in COLUMNS)
_BY_KEY = {c.key: c for c in (*COLUMNS, *LOCATION_COLUMNS)}
# Derived from the deadline and the as-of date of the export: read, never imported.
DERIVED = frozenset({"overdue", "days_overdue"})
# Read to compare with the database, never written to a row.
VERSIONS = frozenset({"hazard_version", "rect_version"})
# The 说明 row naming the database the file was exported from.
ABOUT_DATABASE = "数据库标识"

STATUS_ZH = terms.words(terms.STATUS)
LEVEL_ZH = terms.words(terms.LEVEL)
# A rectification's fields as the validator names them (验收人 …).
_ATTR_ZH = {
    "measures": "整改措施",
    "deadline": "整改期限",
    "unit_id": "责任单位",
    "responsible_person": "责任人",
    "funds": "整改资金",
    "status": "整改状态",
    "submitted_by": "提交人",
    "submitted_on": "提交日期",
    "verified_by": "验收人",
    "verified_on": "验收日期",
    "review_note": "验收意见",
}

# Every imported field in the words of the columns, for saying what changed.
FIELD_ZH = {
    "level": "隐患等级",
    "category": "隐患类别",
    "description": "隐患名称",
    "found_on": "发现日期",
    "found_by": "发现人",
    "inspection_id": "督查编号",
    "escalation": "提级督办",
    "escalated_on": "提级日期",
    **_ATTR_ZH,
}
CHANGE_ZH = ChangeWords(
    names=FIELD_ZH,
    values={"status": STATUS_ZH, "level": LEVEL_ZH, "escalation": {1: "是", 0: "否"}},
    colon="：",
    sep="；",
    created="新建",
    deleted="删除",
    geometry="位置已改",
    nothing="无可见变化",
)


def _norm(text: Any) -> str:
    """A header or keyword as compared: NFKC (full-width brackets and letters), no blanks or
    required-field stars, lower case."""
    s = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s*:]", "", s).lower()


# The header alias table: every name a column goes by (normalised) → its field key.
_KNOWN: dict[str, str] = {}
for _c in (*COLUMNS, *LOCATION_COLUMNS):
    for _name in (_c.header, *_c.synonyms):
        _KNOWN.setdefault(_norm(_name), _c.key)


def _words(table: Mapping[Any, tuple[str, ...]]) -> dict[str, Any]:
    return {_norm(word): value for value, words in table.items() for word in words}


# The words riskmap writes (riskmap.terms, Chinese and English), and the others units'
# ledgers use, older riskmap exports' 一般 / 重大 among them.
_LEVELS = _words(
    {
        "general": (*terms.LEVEL["general"].both(), "一般", "一般事故隐患"),
        "major": (*terms.LEVEL["major"].both(), "重大", "重大事故隐患"),
    }
)
_STATUSES = _words(
    {
        "open": (*terms.STATUS["open"].both(), "未整改"),
        "in_progress": (*terms.STATUS["in_progress"].both(), "正在整改", "in_progress"),
        "submitted": (*terms.STATUS["submitted"].both(), "已提交", "已整改待验收"),
        "verified": (*terms.STATUS["verified"].both(), "已验收", "已验收销号"),
    }
)
_YES_NO = _words(
    {
        True: ("是", "yes", "y", "true", "1", "√"),
        False: ("否", "no", "n", "false", "0", "×"),
    }
)
