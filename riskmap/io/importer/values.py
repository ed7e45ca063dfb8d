"""Cell values as the layer's field types: int, float, bool (是/否), enum (incl. Chinese words),
date, str. Each converter returns the value for the site's attrs or raises Bad with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from riskmap.core.catalog import FieldSpec
from riskmap.io.importer.coords import norm_header
from riskmap.io.importer.report import Bad

# Chinese words for the enum choices of layers/*.toml. Interim: the catalog has no labels for
# its choices yet (riskmap.ui's Terms and riskmap.brief keep their own display words); when
# FieldSpec carries them, this table goes and the layer's own labels are used.
CHOICE_WORDS: dict[str, tuple[str, ...]] = {
    "school": ("学校",),
    "hospital": ("医院",),
    "mall": ("商场", "购物中心", "商场超市"),
    "station": ("车站", "客运站", "火车站"),
    "scenic_spot": ("景区", "景点", "旅游景区"),
    "cemetery": ("公墓", "墓地", "陵园"),
    "stadium": ("体育场馆", "体育馆", "体育场"),
    "market": ("集贸市场", "市场", "农贸市场"),
    "isolation_point": ("集中隔离点", "隔离点"),
    "designated_hospital": ("定点医院",),
    "vaccination_point": ("疫苗接种点", "接种点"),
    "active": ("启用", "使用中", "在用"),
    "standby": ("备用",),
    "rescue_team": ("救援队伍", "救援队"),
    "fire_station": ("消防站",),
    "material_depot": ("物资储备库", "储备库", "物资库"),
    "shelter": ("应急避难场所", "避难场所"),
    "medical": ("医疗救护", "医疗"),
    "river": ("河流", "河道"),
    "tributary": ("支流",),
    "reservoir": ("水库",),
    "lake": ("湖泊", "湖"),
    "canal": ("渠道", "水渠", "运河"),
    "low": ("低", "低风险"),
    "medium": ("中", "中风险", "中压"),
    "high": ("高", "高风险", "高压"),
    "expressway": ("高速公路", "高速"),
    "national": ("国道",),
    "provincial": ("省道",),
    "county": ("县道",),
    "township": ("乡道", "乡村道路"),
    "gas_station": ("加气站", "燃气站"),
    "lpg_station": ("液化气站", "液化石油气站"),
    "regulator_station": ("调压站",),
    "pipeline": ("管道", "燃气管道"),
    "landslide": ("滑坡",),
    "debris_flow": ("泥石流",),
    "collapse": ("崩塌",),
    "subsidence": ("地面塌陷", "塌陷"),
    "small": ("小型",),
    "large": ("大型",),
    "huge": ("特大型",),
    "coal": ("煤矿",),
    "metal": ("金属矿", "金属非煤矿山"),
    "nonmetal": ("非金属矿",),
    "tailings_pond": ("尾矿库",),
}
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_ZH_DIGITS |= {"九": 9, "十": 10, "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5}
_TRUE = frozenset({"是", "有", "true", "yes", "y", "t", "1", "√", "✓", "对", "真"})
_FALSE = frozenset({"否", "无", "没有", "false", "no", "n", "f", "0", "×", "✗", "错", "假"})
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$")
Converter = Callable[[Any], Any]


def text(v: Any) -> str:
    """A cell as the text a person sees (12.0 → '12', a date → ISO)."""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.hex()
    return str(v).strip()


def _number_text(v: Any, unit: str) -> str:
    s = unicodedata.normalize("NFKC", text(v)).replace(",", "").replace(" ", "")
    if unit and s.endswith(unit):
        s = s[: -len(unit)]
    return s


def _label(f: FieldSpec) -> tuple[str, str]:
    return f.zh, f.en.lower()


def to_int(f: FieldSpec) -> Converter:
    zh, en = _label(f)

    def conv(v: Any) -> int:
        if isinstance(v, int) and not isinstance(v, bool):
            return v
        if isinstance(v, float) and math.isfinite(v) and v.is_integer():
            return int(v)
        s = _number_text(v, f.unit)
        if _NUMBER.match(s):
            x = float(s)
            if math.isfinite(x) and x.is_integer() and abs(x) < 2**53:
                return int(x)
        raise Bad(f"{zh}应为整数，不是「{text(v)[:30]}」", f"{en} must be a whole number")

    return conv


def to_float(f: FieldSpec) -> Converter:
    zh, en = _label(f)

    def conv(v: Any) -> float:
        if isinstance(v, int | float) and not isinstance(v, bool):
            x = float(v)
        else:
            s = _number_text(v, f.unit)
            if not _NUMBER.match(s):
                raise Bad(f"{zh}应为数字，不是「{text(v)[:30]}」", f"{en} must be a number")
            x = float(s)
        if not math.isfinite(x):
            raise Bad(f"{zh}不是有限数值", f"{en} is not a finite number")
        return x

    return conv


def to_bool(f: FieldSpec) -> Converter:
    zh, en = _label(f)

    def conv(v: Any) -> bool:
        if isinstance(v, bool):
            return v
        if isinstance(v, int | float) and v in (0, 1):
            return bool(v)
        s = unicodedata.normalize("NFKC", text(v)).strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        raise Bad(f"{zh}应为是/否，不是「{text(v)[:30]}」", f"{en} must be yes or no")

    return conv


def to_enum(f: FieldSpec) -> Converter:
    zh, en = _label(f)
    table: dict[str, Any] = {}
    for c in f.choices:
        table[norm_header(c)] = c
        for word in CHOICE_WORDS.get(str(c), ()):
            table.setdefault(norm_header(word), c)
        if isinstance(c, int) and not isinstance(c, bool):
            # Classes are written 1, 一级, 1级, Ⅰ级 alike.
            for word, n in _ZH_DIGITS.items():
                if n == c:
                    table.setdefault(word, c)
                    table.setdefault(f"{word}级", c)
                    table.setdefault(f"{word}类", c)
            table.setdefault(f"{c}级", c)
            table.setdefault(f"{c}类", c)
    allowed = "/".join(str(c) for c in f.choices)

    def conv(v: Any) -> Any:
        key = norm_header(text(v))
        if key in table:
            return table[key]
        raise Bad(
            f"{zh}「{text(v)[:30]}」不在可选值中（{allowed}）",
            f"{en} {text(v)[:30]!r} is not one of {allowed}",
        )

    return conv


def to_date(f: FieldSpec) -> Converter:
    zh, en = _label(f)

    def conv(v: Any) -> str:
        if isinstance(v, dt.datetime):
            return v.date().isoformat()
        if isinstance(v, dt.date):
            return v.isoformat()
        m = _DATE.match(unicodedata.normalize("NFKC", text(v)))
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                pass
        raise Bad(f"{zh}不是有效日期「{text(v)[:30]}」", f"{en} is not a valid date")

    return conv


def to_str(f: FieldSpec) -> Converter:
    def conv(v: Any) -> str:
        return text(v)

    return conv


CONVERTERS: dict[str, Callable[[FieldSpec], Converter]] = {
    "int": to_int,
    "float": to_float,
    "bool": to_bool,
    "enum": to_enum,
    "date": to_date,
    "str": to_str,
}


def blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True  # GDAL's null in a float column
    return isinstance(v, str) and not v.strip()
