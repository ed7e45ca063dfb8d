"""Coordinates as people write them in spreadsheets: decimal degrees, 度分秒, hemispheres.

Accepted, for longitude and latitude alike: 104.62, 104.62°, E104.62, 104°37'12.5"E,
104°37′12.5″, 104度37分12.5秒, 东经104度37分12.5秒, 104:37:12.5, 104 37 12.5, 104°37.21'
(degrees and decimal minutes), with a leading minus or S/W (南纬/西经) for the southern and
western halves. A hemisphere that contradicts the column (an N in the longitude column) is an
error, since it usually means the columns were swapped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from riskmap.io.importer.report import Bad

_HEMI = {
    "东经": ("lon", 1),
    "西经": ("lon", -1),
    "北纬": ("lat", 1),
    "南纬": ("lat", -1),
    "E": ("lon", 1),
    "W": ("lon", -1),
    "N": ("lat", 1),
    "S": ("lat", -1),
}
_HEMI_RE = re.compile(r"^(东经|西经|北纬|南纬|[EWNS])\s*|\s*(东经|西经|北纬|南纬|[EWNS])$")
_DEG = "°"
_MIN = "'"
_SEC = '"'
_MARKS = str.maketrans(
    {
        "度": _DEG,
        "º": _DEG,
        "˚": _DEG,
        "分": _MIN,
        "′": _MIN,
        "’": _MIN,
        "‘": _MIN,
        "´": _MIN,
        "秒": _SEC,
        "″": _SEC,
        "“": _SEC,
        "”": _SEC,
    }
)
_NUM = r"\d+(?:\.\d*)?|\.\d+"
_FORMS = (
    re.compile(rf"^(?P<d>{_NUM}){_DEG}?$"),
    re.compile(rf"^(?P<d>\d+){_DEG}\s*(?P<m>{_NUM}){_MIN}?$"),
    re.compile(rf"^(?P<d>\d+){_DEG}\s*(?P<m>\d+){_MIN}\s*(?P<s>{_NUM}){_SEC}?$"),
    re.compile(rf"^(?P<d>\d+):(?P<m>\d+(?:\.\d+)?)(?::(?P<s>{_NUM}))?$"),
    re.compile(rf"^(?P<d>\d+)\s+(?P<m>\d+(?:\.\d+)?)(?:\s+(?P<s>{_NUM}))?$"),
)
_AXIS_ZH = {"lon": "经度", "lat": "纬度"}
_AXIS_EN = {"lon": "longitude", "lat": "latitude"}


def parse_coordinate(value: Any, axis: str) -> float:
    """One cell as degrees (or as metres, for a plain number); Bad with the reason otherwise.

    `axis` is "lon" or "lat"; it only serves to catch a hemisphere in the wrong column.
    """
    if isinstance(value, bool):
        raise Bad(f"{_AXIS_ZH[axis]}不是数字", f"{_AXIS_EN[axis]} is not a number")
    if isinstance(value, int | float):
        x = float(value)
        if not math.isfinite(x):
            raise Bad(f"{_AXIS_ZH[axis]}不是有限数值", f"{_AXIS_EN[axis]} is not a finite number")
        return x
    text = unicodedata.normalize("NFKC", str(value)).strip()
    try:
        x = float(text)  # the common case first: plain decimal degrees (or metres)
    except ValueError:
        pass
    else:
        if not math.isfinite(x):
            raise Bad(f"{_AXIS_ZH[axis]}不是有限数值", f"{_AXIS_EN[axis]} is not a finite number")
        return x
    # NFKC turns ″ into two primes; the translation below then reads them as a seconds mark.
    text = text.replace("′′", _SEC).replace("''", _SEC).translate(_MARKS).upper()
    shown = str(value).strip()[:40]
    if not text:
        raise Bad(f"{_AXIS_ZH[axis]}为空", f"{_AXIS_EN[axis]} is empty")
    sign = 1
    if text[0] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:].lstrip()
    hemi_axis = None
    m = _HEMI_RE.search(text)
    if m:
        word = m.group(1) or m.group(2)
        hemi_axis, hemi_sign = _HEMI[word]
        sign *= hemi_sign
        text = (text[: m.start()] + text[m.end() :]).strip()
        if _HEMI_RE.search(text):
            raise Bad(f"坐标「{shown}」有两个方位", f"coordinate {shown!r} names two hemispheres")
    if hemi_axis is not None and hemi_axis != axis:
        raise Bad(
            f"{_AXIS_ZH[axis]}列中是{_AXIS_ZH[hemi_axis]}「{shown}」（经纬度列是否颠倒？）",
            f"the {_AXIS_EN[axis]} column holds a {_AXIS_EN[hemi_axis]} {shown!r} "
            "(are the columns swapped?)",
        )
    for form in _FORMS:
        fm = form.match(text)
        if fm is None:
            continue
        parts = fm.groupdict()
        d = float(parts["d"])
        mins = float(parts.get("m") or 0.0)
        secs = float(parts.get("s") or 0.0)
        if mins >= 60 or secs >= 60:
            raise Bad(
                f"{_AXIS_ZH[axis]}「{shown}」的分或秒不小于 60",
                f"{_AXIS_EN[axis]} {shown!r} has minutes or seconds of 60 or more",
            )
        if (parts.get("m") is not None) and not d.is_integer():
            raise Bad(
                f"{_AXIS_ZH[axis]}「{shown}」的度带小数又带分秒",
                f"{_AXIS_EN[axis]} {shown!r} has fractional degrees and minutes",
            )
        result = sign * (d + mins / 60.0 + secs / 3600.0)
        if not math.isfinite(result):
            break
        return result
    raise Bad(
        f"无法识别的{_AXIS_ZH[axis]}「{shown}」（应为 104.62 或 104°37'12\"E 等）",
        f"cannot read {_AXIS_EN[axis]} {shown!r} (expected e.g. 104.62 or 104°37'12\"E)",
    )


# Column names, normalised (see norm_header), that hold longitude, latitude or both.
LON_NAMES = ("lon", "lng", "long", "longitude", "经度", "东经", "经度坐标", "x", "xcoord", "x坐标")
LAT_NAMES = ("lat", "latitude", "纬度", "北纬", "纬度坐标", "y", "ycoord", "y坐标")
PAIR_NAMES = ("经纬度", "坐标", "lonlat", "lnglat", "coordinates", "位置坐标")
WKT_NAMES = ("wkt", "geometry", "geom", "几何", "geometrywkt")
_PAREN = re.compile(r"[（(\[【].*?[)）\]】]")


def norm_header(value: Any) -> str:
    """A header for matching: NFKC, no units in brackets, no spaces, underscores or case."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = _PAREN.sub("", text)
    return re.sub(r"[\s_\-:：/]+", "", text).lower()


def split_pair(value: Any) -> tuple[str, str]:
    """'104.62, 35.58' (one 经纬度 cell) → the two halves; Bad when it is not two parts."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    parts = [p for p in re.split(r"\s*[,;，；]\s*|\s+(?=[-+]?\d)", text) if p]
    if len(parts) != 2:
        raise Bad(
            f"经纬度「{text[:40]}」应为「经度,纬度」",
            f"coordinates {text[:40]!r} are not 'lon,lat'",
        )
    return parts[0], parts[1]
