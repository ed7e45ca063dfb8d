"""突发事件周边风险研判: the incident report (riskmap.core.incident) as a one-page PDF and a
self-contained HTML page."""

from riskmap.brief.incident.html import incident_html, write_incident_html
from riskmap.brief.incident.pdf import render_incident_pdf, write_incident_pdf
from riskmap.brief.incident.sketch import incident_classes, incident_geometries, svg_sketch
from riskmap.brief.incident.words import radius_label, ring_label

__all__ = [
    "incident_classes",
    "incident_geometries",
    "incident_html",
    "radius_label",
    "render_incident_pdf",
    "ring_label",
    "svg_sketch",
    "write_incident_html",
    "write_incident_pdf",
]
