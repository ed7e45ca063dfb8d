"""总体研判 and 工作要求: the briefing's words, written from its figures and the preset's text.

The assessment reads like the paragraph a 安委办 writes above its tables: the counts first (the
ledger's, riskmap.core.figures' rules, as the context computed them), then where the burden
lies (the district with the most open major hazards, the units with the most overdue orders),
then the patrol coverage, the comparison with last year, and the preset's own text on past
accidents and the season's risks (resources/presets/<key>.toml, placeholders filled from the
same figures). The 工作要求 are the preset's, or the office's edit of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from riskmap.core.preset_text import fill, fill_all, preset_text
from riskmap.terms import zh_date

if TYPE_CHECKING:
    from riskmap.brief.context import Briefing


def where(b: Briefing) -> str:
    """全市, or 全县 / 全区 / 全市 as the county calls itself."""
    if b.scope_level == "city":
        return "全市"
    last = b.scope_name[-1:]
    return f"全{last}" if last in ("县", "区", "市", "旗") else "全县（区）"


def figures(b: Briefing) -> dict[str, object]:
    """The placeholders of the preset texts (resources/presets/README.md)."""
    w = b.window
    out: dict[str, object] = {
        "where": where(b),
        "office": b.office or "安委办",
        "year": b.year,
        "days": w.days,
        "start": zh_date(w.start).removeprefix(f"{w.start.year}年"),
        "end": zh_date(w.end).removeprefix(f"{w.end.year}年"),
        "sites": b.totals.sites,
        "open": b.totals.open,
        "major_open": b.totals.major_open,
        "overdue": b.totals.overdue,
        "high_risk": b.high_risk,
        "gaps": len(b.gaps),
        "patrols": b.patrols,
    }
    for key in b.layer_names:
        out[f"sites_{key}"] = out[f"open_{key}"] = out[f"major_{key}"] = 0
    for f in b.focus_layers:
        out[f"sites_{f.key}"], out[f"open_{f.key}"], out[f"major_{f.key}"] = (
            f.sites,
            f.open,
            f.major_open,
        )
    return out


def write_assessment(b: Briefing, requirements: Sequence[str] | None = None) -> None:
    """Fill `b`'s assessment, history, season and requirements."""
    text = preset_text(b.preset)
    values = figures(b)
    b.history = fill(text.history, values)
    b.season = fill(text.season, values)
    chosen = text.requirements if requirements is None else requirements
    b.requirements = fill_all([r.strip() for r in chosen if r.strip()], values)
    b.assessment = _paragraphs(b)


def _paragraphs(b: Briefing) -> list[str]:
    t = b.totals
    w = b.window
    scope = where(b)
    lead = (w.start - b.period_start).days
    first = (
        f"{b.preset_zh}假期为{zh_date(w.start)}至{zh_date(w.end)}，共{w.days}天。"
        f"截至{zh_date(b.as_of)}，{scope}纳入本次研判的{b.preset_zh}专题风险点{t.sites}处，"
        f"未销号隐患{t.open}项，其中重大隐患{t.major_open}项；逾期未整改{t.overdue}项"
    )
    units = len(b.overdue_by_unit)
    first += f"，涉及责任单位{units}个。" if units else "。"
    if b.deadlines:
        holiday = sum(1 for d in b.deadlines if d.phase == "holiday")
        first += (
            f"节前{lead}天至节日结束共有{len(b.deadlines)}项整改到期"
            + (f"，其中{holiday}项在节日期间到期" if holiday else "")
            + "，须在期限内验收销号。"
        )
    out = [first]

    burden = [r for r in b.districts if r.major_open or r.overdue]
    if burden:
        top = sorted(burden, key=lambda r: (-r.major_open, -r.overdue, r.code))[:3]
        named = "、".join(f"{r.name}（重大隐患{r.major_open}项、逾期{r.overdue}项）" for r in top)
        second = f"从分布看，重大隐患和逾期整改集中在{named}。"
        if b.overdue_by_unit:
            u = b.overdue_by_unit[0]
            second += f"逾期事项最多的责任单位是{u.unit}（{u.count}项"
            second += f"，其中重大{u.major}项）。" if u.major else "）。"
        out.append(second)

    gaps = len(b.gaps)
    if b.high_risk:
        share = round(100 * gaps / b.high_risk)
        third = (
            f"节日期间有效的巡查区域{b.patrols}个，{scope}高风险点{b.high_risk}处中"
            f"有{gaps}处尚无巡查覆盖（{share}%）"
        )
        rows = sorted(
            ((r, len(b.gaps_of(r.code))) for r in b.districts), key=lambda x: (-x[1], x[0].code)
        )
        worst = [f"{r.name}{n}处" for r, n in rows[:3] if n]
        third += f"，缺口较多的是{'、'.join(worst)}。" if worst else "。"
        out.append(third)

    y = b.yoy
    if y.available:
        diff = y.found_this - y.found_last
        trend = "持平" if diff == 0 else f"{'增加' if diff > 0 else '减少'}{abs(diff)}项"
        out.append(
            f"与上年同期相比，研判时段内新发现隐患{y.found_this}项（上年同期{y.found_last}项，"
            f"{trend}），未销号重大隐患{y.major_open_now}项（上年同期{y.major_open_then}项）。"
        )
    if b.season:
        out.append(b.season)
    if b.history:
        out.append(b.history)
    return out
