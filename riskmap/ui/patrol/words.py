"""The patrol planner's vocabulary in one tr() context: kinds, reasons, window sources.

One leaf QObject (like riskmap.ui.ledger.words) so each term is translated once and the list,
the form, the coverage view and the map tooltip say 巡查路线 the same way.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject

from riskmap.core.catalog import PRESET_KEYS
from riskmap.core.database import Actor
from riskmap.core.presets import preset_name


class PatrolWords(QObject):
    """Words of the patrol planner (巡查区域, 覆盖, 未覆盖的高风险点)."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = "zh"  # preset names come from the core, in the window's language

    def kind(self, code: str) -> str:
        words = {
            #: 巡查区域
            "area": self.tr("patrol area"),
            #: 巡查路线
            "route": self.tr("patrol route"),
        }
        return words.get(code, code)

    def preset(self, code: str | None) -> str:
        """清明, 五一 … as the core names them; "" for none."""
        return preset_name(code, self.lang) if code else ""

    def presets(self) -> list[tuple[str, str]]:
        """(code, name) of every preset a patrol can serve, in the catalog's order."""
        return [(k, self.preset(k)) for k in PRESET_KEYS]

    def no_preset(self) -> str:
        #: 无（不属于节日或季节专题）
        return self.tr("none (no holiday or season)")

    def reason(self, code: str) -> str:
        words = {
            #: 重大隐患未销号
            "major_hazard": self.tr("open major hazard"),
            #: 一级/二级重大危险源
            "chemical_class": self.tr("class 1/2 major hazard source"),
            #: 最高森林火险等级
            "top_fire_class": self.tr("top forest fire-danger class"),
            #: 威胁人数≥100的地质灾害隐患点
            "people_at_risk": self.tr("geohazard threatening ≥100 people"),
        }
        return words.get(code, code)

    def source(self, code: str) -> str:
        """Where a window's dates come from."""
        words = {
            #: 官方日历
            "calendar": self.tr("official calendar"),
            #: 固定规则
            "fixed rule": self.tr("fixed rule"),
            #: 农历对照表
            "lunar table": self.tr("lunar table"),
            #: 自定日期
            "given": self.tr("dates given"),
            #: 本库录入的放假安排
            "entered": self.tr("holiday calendar entered"),
        }
        return words.get(code, code)

    def window(self, start: dt.date | None, end: dt.date | None) -> str:
        if start is None and end is None:
            #: 不限时段
            return self.tr("any time")
        if end is None:
            #: {0} 起
            return self.tr("from {0}").format(start.isoformat() if start else "")
        if start is None:
            #: 至 {0}
            return self.tr("until {0}").format(end.isoformat())
        return f"{start.isoformat()} – {end.isoformat()}"

    def distance(self, metres: float) -> str:
        if metres >= 1000:
            return f"{metres / 1000:.1f} km"
        return f"{metres:.0f} m"

    def cannot_edit(self, actor: Actor) -> str:
        """Why `actor` may not change patrol areas; empty when they may."""
        if actor.may("editor"):
            return ""
        if not actor.known:
            #: {0} 不是本数据库的登记用户，只能查看巡查区域。
            return self.tr(
                "{0} is not a registered user of this database and can only look at patrol areas."
            ).format(actor.name)
        #: {0} 是只读用户：只有编辑和管理员可以绘制和修改巡查区域。
        return self.tr(
            "{0} is a read-only user: only editors and admins can draw and change patrol areas."
        ).format(actor.label)

    def problem(self, code: str, detail: str = "") -> str:
        """A geometry the planner cannot save (riskmap.ui.patrol.shapes.geometry_problem)."""
        words = {
            #: 区域边界自相交：请移动或删除顶点，使各边互不交叉。
            "self_intersection": self.tr(
                "The area's outline crosses itself: move or remove vertices so that no edges cross."
            ),
            #: 区域没有面积：请至少点击三个不在一条直线上的顶点。
            "no_area": self.tr(
                "The area has no surface: click at least three vertices that are not in a line."
            ),
            #: 路线长度为零：请至少点击两个不同的点。
            "no_length": self.tr("The route has no length: click at least two different points."),
            #: 没有图形。
            "empty": self.tr("There is no shape."),
        }
        if code in words:
            return words[code]
        #: 图形无效：{0}
        return self.tr("The shape is not valid: {0}").format(detail)


_words: PatrolWords | None = None


def words() -> PatrolWords:
    """The process-wide vocabulary object (created on first use, after QApplication exists)."""
    global _words
    if _words is None:
        _words = PatrolWords()
    return _words
