"""Briefings: plain-data context → HTML (folium), PDF, XLSX."""
