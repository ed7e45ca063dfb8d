"""The words for riskmap's codes — statuses, levels, roles, unit kinds, high-risk reasons and
layers — in Chinese and English, once.

The command line, the briefings, the notices and the ledger's XLSX all write these; the desktop
client translates the same words through Qt (riskmap.ui.models.dossier_models.Terms) and its .ts
file holds these Chinese words. A ledger read back accepts these words and the older ones units
still write (riskmap.io.ledger_xlsx.columns lists those).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class Catalog(Protocol):
    """What `layer` needs of riskmap.core.catalog.Catalog (terms sits below the core)."""

    def get(self, key: str) -> Any: ...


@dataclass(frozen=True)
class Word:
    zh: str
    en: str

    def __call__(self, lang: str = "zh") -> str:
        return self.zh if lang.startswith("zh") else self.en

    def both(self) -> tuple[str, str]:
        """Both spellings, as a file may hold either."""
        return self.zh, self.en


# 整改状态: a hazard without an order yet is 待整改 too.
STATUS: dict[str, Word] = {
    "open": Word("待整改", "open"),
    "in_progress": Word("整改中", "in progress"),
    "submitted": Word("待验收", "submitted"),
    "verified": Word("已销号", "verified"),
}
# The status filters of lists and exports (riskmap.core.figures.STATUS_FILTERS).
# The filter `open` means not yet verified (未销号), not the status 待整改 of the same key.
STATUS_FILTER: dict[str, Word] = {
    **STATUS,
    "all": Word("全部", "all"),
    "open": Word("未销号", "open"),
    "closed": Word("已销号", "closed"),
    "overdue": Word("逾期", "overdue"),
}
# 隐患等级: the official words (一般隐患 / 重大隐患), in every table and file.
LEVEL: dict[str, Word] = {
    "general": Word("一般隐患", "general"),
    "major": Word("重大隐患", "major"),
}
# 责任类型 of the responsibility list.
ROLE: dict[str, Word] = {
    "regulator": Word("主管", "competent department"),
    "supervisor": Word("监管", "supervisor"),
    "territorial": Word("属地", "territorial"),
    "enterprise": Word("主体", "enterprise"),
    "approver": Word("审批", "approver"),
}
# The rectification workflow's actions (riskmap.core.ledger.TRANSITIONS); the English is the
# command line's verb ("cannot verify a rectification that is open").
ACTION: dict[str, Word] = {
    "start": Word("开始整改", "start"),
    "submit": Word("提交验收", "submit"),
    "verify": Word("验收销号", "verify"),
    "reject": Word("退回整改", "reject"),
}
# What a person may do in riskmap.
USER_ROLE: dict[str, Word] = {
    "viewer": Word("只读", "viewer"),
    "editor": Word("编辑", "editor"),
    "admin": Word("管理员", "admin"),
}
# The levels of the district tree (行政区划): city → county → township.
DISTRICT_LEVEL: dict[str, Word] = {
    "city": Word("市", "city"),
    "county": Word("区县", "county"),
    "township": Word("乡镇（街道）", "township"),
}
# What a basemap feature is (riskmap.store.schema.BASEMAP_KINDS; 文件 → 导入底图…).
BASEMAP_KIND: dict[str, Word] = {
    "road": Word("道路", "roads"),
    "water": Word("水系", "water"),
    "landuse": Word("土地利用", "land use"),
}
# The same levels in English plural (Chinese has no plural): "these counties".
DISTRICT_LEVELS_EN = {"city": "cities", "county": "counties", "township": "townships"}
UNIT_KIND: dict[str, Word] = {
    "regulator": Word("行业部门", "department"),
    "territorial": Word("属地政府", "local government"),
    "enterprise": Word("企业", "company"),
}
# Why a site is high-risk (riskmap.core.patrol.REASONS).
REASON: dict[str, Word] = {
    "major_hazard": Word("重大隐患未销号", "open major hazard"),
    "chemical_class": Word("一级、二级重大危险源", "class 1-2 major hazard source"),
    "top_fire_class": Word("最高森林火险等级", "top fire-danger class"),
    "people_at_risk": Word("威胁百人以上", "threatens 100+ people"),
}

# The class values of the layer files' `[style.classes]` (enum choices), as printed legends
# name them. Numbered classes (危险源等级 1–4, 火险等级 1–5) stay numbers.
CHOICE: dict[str, Word] = {
    "school": Word("学校", "school"),
    "hospital": Word("医院", "hospital"),
    "mall": Word("商场", "shopping mall"),
    "station": Word("车站", "station"),
    "scenic_spot": Word("景区", "scenic spot"),
    "cemetery": Word("公墓", "cemetery"),
    "stadium": Word("体育场馆", "stadium"),
    "market": Word("集贸市场", "market"),
    "isolation_point": Word("集中隔离点", "isolation point"),
    "designated_hospital": Word("定点医院", "designated hospital"),
    "vaccination_point": Word("疫苗接种点", "vaccination point"),
    "rescue_team": Word("救援队伍", "rescue team"),
    "fire_station": Word("消防站", "fire station"),
    "material_depot": Word("物资储备库", "material depot"),
    "shelter": Word("应急避难场所", "shelter"),
    "medical": Word("医疗救护", "medical"),
    "gas_station": Word("加油加气站", "gas station"),
    "lpg_station": Word("液化气站", "LPG station"),
    "regulator_station": Word("调压站", "pressure-regulating station"),
    "pipeline": Word("燃气管道", "pipeline"),
    "coal": Word("煤矿", "coal mine"),
    "metal": Word("金属矿", "metal mine"),
    "nonmetal": Word("非金属矿", "non-metal mine"),
    "tailings_pond": Word("尾矿库", "tailings pond"),
    "small": Word("小型", "small"),
    "medium": Word("中型", "medium"),
    "large": Word("大型", "large"),
    "huge": Word("特大型", "very large"),
    "expressway": Word("高速公路", "expressway"),
    "national": Word("国道", "national road"),
    "provincial": Word("省道", "provincial road"),
    "county": Word("县道", "county road"),
    "township": Word("乡道", "township road"),
}

# Values whose word depends on the field (waterways' flood risk "medium" is not a "medium" slope).
FIELD_CHOICE: dict[tuple[str, str], Word] = {
    ("flood_risk", "low"): Word("低风险", "low"),
    ("flood_risk", "medium"): Word("中风险", "medium"),
    ("flood_risk", "high"): Word("高风险", "high"),
}


def _say(table: dict[str, Word], code: str, lang: str) -> str:
    word = table.get(code)
    return word(lang) if word is not None else code


def status(code: str, lang: str = "zh") -> str:
    return _say(STATUS, code, lang)


def status_filter(code: str, lang: str = "zh") -> str:
    return _say(STATUS_FILTER, code, lang)


def level(code: str, lang: str = "zh") -> str:
    return _say(LEVEL, code, lang)


def role(code: str, lang: str = "zh") -> str:
    return _say(ROLE, code, lang)


def action(code: str, lang: str = "zh") -> str:
    return _say(ACTION, code, lang)


def user_role(code: str, lang: str = "zh") -> str:
    return _say(USER_ROLE, code, lang)


def unit_kind(code: str, lang: str = "zh") -> str:
    return _say(UNIT_KIND, code, lang)


def reason(code: str, lang: str = "zh") -> str:
    return _say(REASON, code, lang)


def choice(code: str, lang: str = "zh", field: str | None = None) -> str:
    """A class value of a layer file in words (of `field`, when its words differ); numbers and
    unknown values as written."""
    word = FIELD_CHOICE.get((field or "", code))
    return word(lang) if word is not None else _say(CHOICE, code, lang)


def layer(catalog: Catalog, key: str, lang: str = "zh") -> str:
    """A layer's name: the catalog's (layers/*.toml), the key when the catalog has no such layer."""
    spec = catalog.get(key)
    return spec.name(lang) if spec is not None else key


def words(table: dict[str, Word], lang: str = "zh") -> dict[str, str]:
    """A whole table in one language, code → word."""
    return {code: w(lang) for code, w in table.items()}


def zh_date(d: Any) -> str:
    """A date as Chinese documents write it: 2026年4月4日 (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"
