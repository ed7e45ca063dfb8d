"""Plain-text and CSV rendering of dossiers and lists for the command line."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from riskmap import terms
from riskmap.core.catalog import Catalog
from riskmap.core.dossier import BASIS_DISTRICT, Dossier
from riskmap.io.cells import csv_text

LABELS = {
    "zh": {
        "region": "区域",
        "area": "面积",
        "as_of": "截至",
        "sites": "风险点",
        "hazards": "隐患",
        "open": "未销号",
        "major_open": "重大未销号",
        "overdue": "逾期",
        "units": "责任单位",
        "rectifications": "整改",
        "by_layer": "按图层",
        "by_district": "按县区",
        "by_level": "按等级",
        "none": "（无）",
        "own_basis": "按属地（风险点所在镇办）统计本区风险点",
        "crossing": "途经本区的外区风险点 {0} 个（未销号隐患 {1} 项，未计入上述数字）",
        "district": "属地",
    },
    "en": {
        "region": "Region",
        "area": "area",
        "as_of": "as of",
        "sites": "sites",
        "hazards": "hazards",
        "open": "open",
        "major_open": "major open",
        "overdue": "overdue",
        "units": "Responsible units",
        "rectifications": "Open rectifications",
        "by_layer": "By layer",
        "by_district": "By county",
        "by_level": "By level",
        "none": "(none)",
        "own_basis": "the district's own sites (by the township the ledger gives them)",
        "crossing": "{0} sites of other districts crossing it "
        "({1} open hazards, not counted above)",
        "district": "district",
    },
}


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _clip(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            return out + "…"
        out += ch
        used += w
    return out


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 40) -> str:
    """Columns aligned by display width, so Chinese text lines up in a terminal."""
    cells = [[_clip(str(c), max_width) for c in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], display_width(c))
    numeric = [all(_is_num(r[i]) for r in rows) and bool(rows) for i in range(len(headers))]
    lines = ["  ".join(_pad(h, widths[i], numeric[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(_pad(c, widths[i], numeric[i]) for i, c in enumerate(row)).rstrip())
    return "\n".join(lines)


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV text for standard output; a name such as =HYPERLINK(…) is not a formula there either."""
    return csv_text(headers, rows)


def dossier_tables(d: Dossier, catalog: Catalog, lang: str = "zh") -> dict[str, tuple[list, list]]:
    """The dossier as named (headers, rows) tables, shared by the table and CSV outputs."""
    lname = {k: catalog[k].name(lang) if k in catalog else k for k in catalog}
    lname.update({s.layer: lname.get(s.layer, s.layer) for s in d.sites})
    return {
        "sites": (
            ["id", "layer", "name", "district_code", "county_code", "lon", "lat"],
            [
                [
                    s.id,
                    lname[s.layer],
                    s.name,
                    s.district_code or "",
                    s.county_code or "",
                    round(s.lon, 6),
                    round(s.lat, 6),
                ]
                for s in d.sites
            ],
        ),
        "hazards": (
            [
                "id",
                "site_id",
                "site",
                "layer",
                "level",
                "found_on",
                "status",
                "deadline",
                "days_overdue",
                "description",
            ],
            [
                [
                    h.id,
                    h.site_id,
                    h.site_name,
                    lname[h.layer],
                    h.level,
                    h.found_on.isoformat(),
                    h.status,
                    h.deadline.isoformat() if h.deadline else "",
                    h.days_overdue if h.days_overdue is not None else "",
                    h.description,
                ]
                for h in d.hazards
            ],
        ),
        "units": (
            ["id", "name", "kind", "role", "sites", "open_hazards", "overdue"],
            [[u.id, u.name, u.kind, u.role, u.sites, u.open_hazards, u.overdue] for u in d.units],
        ),
        "rectifications": (
            [
                "id",
                "hazard_id",
                "site_id",
                "site",
                "level",
                "deadline",
                "status",
                "unit",
                "responsible_person",
                "days_left",
                "days_overdue",
            ],
            [
                [
                    r.id,
                    r.hazard_id,
                    r.site_id,
                    r.site_name,
                    r.level,
                    r.deadline.isoformat(),
                    r.status,
                    r.unit_name,
                    r.responsible_person,
                    r.days_left,
                    r.days_overdue,
                ]
                for r in d.rectifications
            ],
        ),
        "crossing": (
            [
                "id",
                "layer",
                "name",
                "district_code",
                "county_code",
                "open",
                "major_open",
                "overdue",
            ],
            [
                [
                    c.id,
                    lname.get(c.layer, c.layer),
                    c.name,
                    c.district_code or "",
                    c.county_code or "",
                    c.counts.open,
                    c.counts.major_open,
                    c.counts.overdue,
                ]
                for c in d.crossing
            ],
        ),
        "totals": (
            ["group", "key", "sites", "hazards", "open", "major_open", "overdue"],
            [
                [group, key, c.sites, c.hazards, c.open, c.major_open, c.overdue]
                for group, items in (
                    ("overall", {"all": d.totals.overall}),
                    ("layer", d.totals.by_layer),
                    ("level", d.totals.by_level),
                    ("county", d.totals.by_district),
                )
                for key, c in items.items()
            ],
        ),
    }


def dossier_text(
    d: Dossier,
    catalog: Catalog,
    district_names: dict[str, str],
    lang: str = "zh",
    limit: int = 50,
) -> str:
    """A human-readable dossier: summary, counts, units by role, open rectifications."""
    L = LABELS["zh" if lang.startswith("zh") else "en"]
    t = d.totals.overall
    out = [
        f"{L['region']}: {d.region.label}  ({L['area']} {d.region.area_km2:,.1f} km², "
        f"{L['as_of']} {d.filters.as_of.isoformat()})",
    ]
    out += [f"  ! {note}" for note in d.region.notes]
    out.append(
        f"{L['sites']} {t.sites}  {L['hazards']} {t.hazards}  {L['open']} {t.open}  "
        f"{L['major_open']} {t.major_open}  {L['overdue']} {t.overdue}"
    )
    if d.basis == BASIS_DISTRICT:
        out.append(f"  ({L['own_basis']})")
        out.append("  " + L["crossing"].format(len(d.crossing), d.crossing_counts.open))
        if d.crossing:
            out.append(
                table(
                    ["id", L["sites"], "", L["district"], L["open"], L["overdue"]],
                    [[c.id, c.name, catalog[c.layer].name(lang) if c.layer in catalog else c.layer,
                      district_names.get(c.county_code or "", c.county_code or ""),
                      c.counts.open, c.counts.overdue] for c in d.crossing[:limit]],
                )
            )  # fmt: skip
            if len(d.crossing) > limit:
                out.append(f"   … +{len(d.crossing) - limit} (--format csv --table crossing)")
    counts_hdr = [L["sites"], L["hazards"], L["open"], L["major_open"], L["overdue"]]

    def counts(c: Any) -> list[int]:
        return [c.sites, c.hazards, c.open, c.major_open, c.overdue]

    out += ["", f"== {L['by_layer']} =="]
    out.append(
        table(
            ["", *counts_hdr],
            [[catalog[k].name(lang) if k in catalog else k, *counts(c)]
             for k, c in d.totals.by_layer.items()],
        )
    )  # fmt: skip
    if len(d.totals.by_district) > 1 or d.region.kind in ("city", "district"):
        out += ["", f"== {L['by_district']} =="]
        out.append(
            table(
                ["", *counts_hdr],
                [[district_names.get(k, k or "?"), *counts(c)]
                 for k, c in d.totals.by_district.items()],
            )
        )  # fmt: skip
    out += ["", f"== {L['units']} =="]
    by_role = d.units_by_role()
    for role, units in by_role.items():
        if not units:
            continue
        out.append(f"-- {terms.role(role, lang)} ({len(units)})")
        out.append(
            table(
                ["", L["sites"], L["open"], L["overdue"]],
                [[u.name, u.sites, u.open_hazards, u.overdue] for u in units[:limit]],
            )
        )
        if len(units) > limit:
            out.append(f"   … +{len(units) - limit}")
    out += ["", f"== {L['rectifications']} ({len(d.rectifications)}) =="]
    if d.rectifications:
        out.append(
            table(
                ["id", L["sites"], "", "deadline", "status", L["overdue"], "unit"],
                [[r.id, r.site_name, terms.level(r.level, lang), r.deadline.isoformat(), r.status,
                  r.days_overdue or "", r.unit_name] for r in d.rectifications[:limit]],
            )
        )  # fmt: skip
        if len(d.rectifications) > limit:
            out.append(
                f"   … +{len(d.rectifications) - limit} (--format csv --table rectifications)"
            )
    else:
        out.append(L["none"])
    return "\n".join(out)
