"""突发事件周边风险研判 as one self-contained HTML page: inline CSS, an inline SVG sketch, no
script and no external reference, so it opens on a command-center PC with no network and a
site name can never inject anything (every text goes through html.escape)."""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from pathlib import Path

import shapely

from riskmap.atomic import write_bytes_atomic
from riskmap.brief.incident.sketch import svg_sketch
from riskmap.brief.incident.words import (
    capacity_text,
    category,
    distance_km,
    kind_name,
    lonlat_text,
    people_text,
    place_text,
    resource_groups,
    ring_line,
    ring_sites,
    ring_summaries,
    rings_text,
    words,
    xy_text,
)
from riskmap.core.catalog import Catalog
from riskmap.core.incident import IncidentReport, Ring

CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC",
  sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px 24px; color: #1a1a1a;
  background: #ffffff; }
h1 { font-size: 26px; text-align: center; margin: 8px 0 4px; letter-spacing: 2px; }
.rule { border: 0; border-top: 3px solid #c62828; margin: 4px 0 16px; }
h2 { font-size: 18px; margin: 22px 0 8px; border-left: 5px solid #c62828; padding-left: 8px; }
.top { display: flex; gap: 20px; align-items: flex-start; flex-wrap: wrap; }
.facts { flex: 1 1 380px; }
.facts dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px;
  margin: 0 0 12px; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
figure { margin: 0; flex: 0 0 auto; }
figcaption { font-size: 12px; color: #666666; max-width: 560px; }
.sketch { border: 1px solid #bbbbbb; max-width: 100%; height: auto; }
.sketch text { fill: #333333; paint-order: stroke; stroke: #ffffff;
  stroke-width: 3px; }
.sketch .ring-label { font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 4px 0 8px; }
th, td { border: 1px solid #c8c8c8; padding: 3px 6px; text-align: left; }
th { background: #ebebeb; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
tr.venue td:nth-child(2) { font-weight: bold; }
details { margin: 6px 0 10px; }
summary { font-weight: bold; cursor: pointer; }
footer { margin-top: 24px; font-size: 12px; color: #777777; }
@media print { body { max-width: none; padding: 0; } details > summary { list-style: none; } }
"""


def write_incident_html(
    report: IncidentReport,
    path: str | os.PathLike[str],
    catalog: Catalog,
    lang: str = "zh",
    *,
    geometries: Mapping[int, shapely.Geometry] | None = None,
    classes: Mapping[int, str | None] | None = None,
    fictional: bool = False,
) -> Path:
    """Write the page atomically; the path written. With `geometries` (site id → metric
    geometry, see `incident_geometries`) it carries an SVG sketch of the rings and sites,
    coloured by `classes` (`incident_classes`)."""
    text = incident_html(
        report, catalog, lang, geometries=geometries, classes=classes, fictional=fictional
    )
    return write_bytes_atomic(Path(path), text.encode("utf-8"))


def incident_html(
    report: IncidentReport,
    catalog: Catalog,
    lang: str = "zh",
    *,
    geometries: Mapping[int, shapely.Geometry] | None = None,
    classes: Mapping[int, str | None] | None = None,
    fictional: bool = False,
) -> str:
    w = words(lang)
    e = html.escape
    sep = "：" if lang.startswith("zh") else ": "
    facts = [
        (w["place"], place_text(report, lang)),
        (w["lonlat"], lonlat_text(report)),
        (w["xy"], xy_text(report)),
        (w["as_of"], report.as_of.isoformat()),
        (w["rings"], rings_text(report)),
    ]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang.startswith("zh") else "en"}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(w['title'])}{e(sep)}{e(place_text(report, lang))}</title>",
        f"<style>{CSS}</style></head>",
        "<body>",
        f"<h1>{e(w['title'])}</h1>",
        '<hr class="rule">',
        '<section class="top"><div class="facts"><dl>',
    ]
    out += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts]
    out.append("</dl>")
    out.append(_summary(report, lang))
    out.append("</div>")
    if geometries is not None and report.rings:
        out.append("<figure>")
        out.append(svg_sketch(report, geometries, catalog, lang, classes=classes))
        out.append(f"<figcaption>{e(w['sketch_note'])}</figcaption></figure>")
    out.append("</section>")
    out.append(f"<h2>{e(w['sites_section'])}</h2>")
    out += [_ring(ring, catalog, lang) for ring in report.rings]
    out.append(f"<h2>{e(w['resources_section'])}</h2>")
    out.append(_resources(report, lang))
    notes = [w["fictional"]] if fictional else []
    notes.append(w["made_by"])
    out.append(f"<footer>{e(' · '.join(notes))}</footer>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _table(head: list[tuple[str, bool]], rows: list[str]) -> str:
    th = "".join(f"<th{' class=num' if num else ''}>{html.escape(t)}</th>" for t, num in head)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _cells(values: list[tuple[str, bool]], cls: str = "") -> str:
    tds = "".join(f"<td{' class=num' if num else ''}>{html.escape(v)}</td>" for v, num in values)
    return f"<tr{f' class={cls}' if cls else ''}>{tds}</tr>"


def _summary(report: IncidentReport, lang: str) -> str:
    w = words(lang)
    sums = ring_summaries(report)
    rows = [
        _cells(
            [
                (s.label, False),
                (str(s.sites), True),
                (str(s.schools), True),
                (str(s.hospitals), True),
                (people_text(s.people), True),
            ]
        )
        for s in sums
    ]
    rows.append(
        _cells(
            [
                (w["total"], False),
                (str(sum(s.sites for s in sums)), True),
                (str(sum(s.schools for s in sums)), True),
                (str(sum(s.hospitals for s in sums)), True),
                (people_text(sum(s.people for s in sums)), True),
            ],
            "total",
        )
    )
    head = [
        (w["ring"], False),
        (w["sites"], True),
        (w["schools"], True),
        (w["hospitals"], True),
        (w["people"], True),
    ]
    return _table(head, rows)


def _ring(ring: Ring, catalog: Catalog, lang: str) -> str:
    w = words(lang)
    line = html.escape(ring_line(ring, catalog, lang))
    if not ring.sites:
        return f"<p><strong>{line}</strong></p>"
    rows = []
    for i, s in enumerate(ring_sites(ring), 1):
        values = [
            (str(i), True),
            (s.name, False),
            (category(s, catalog, lang), False),
            (distance_km(s.distance_m), True),
            (people_text(s.people) if s.people else "", True),
        ]
        venue = s.layer == "dense_venues" and s.kind in ("school", "hospital")
        rows.append(_cells(values, "venue" if venue else ""))
    head = [
        (w["no"], True),
        (w["name"], False),
        (w["category"], False),
        (w["distance"], True),
        (w["people"], True),
    ]
    return f"<details open><summary>{line}</summary>{_table(head, rows)}</details>"


def _resources(report: IncidentReport, lang: str) -> str:
    w = words(lang)
    groups = resource_groups(report)
    if not groups:
        return f"<p>{html.escape(w['none'])}</p>"
    rows = []
    for kind, items in groups:
        for i, res in enumerate(items):
            rows.append(
                _cells(
                    [
                        (kind_name(kind, lang) if i == 0 else "", False),
                        (res.name, False),
                        (distance_km(res.distance_m), True),
                        (capacity_text(res), True),
                        (res.contact, False),
                    ]
                )
            )
    head = [
        (w["kind"], False),
        (w["name"], False),
        (w["distance"], True),
        (w["capacity"], True),
        (w["contact"], False),
    ]
    return _table(head, rows)
